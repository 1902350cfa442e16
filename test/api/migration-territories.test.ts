/**
 * Migration 0014 on a database made with the schema before it (migrations up to 0013): objects of
 * Kommunen without territory get their tenant's area as a new version; nothing else changes.
 */
import { eq } from 'drizzle-orm';
import { readFileSync } from 'node:fs';
import { listMigrations, migrate } from '../../src/db/migrate';
import { auditLog, objectVersions, tombstones } from '../../src/db/schema';
import { getDraft } from '../../src/db/draftStore';
import { getObject } from '../../src/db/objectStore';
import { DATA_MIGRATIONS } from '../../src/dataMigrations';
import { loadGebiete } from '../../src/gebiet/repository';
import { Onlinedienst, Organisationseinheit } from '../../src/objectTypes';
import { DEMO_FIXTURE } from '../../src/seed/demo';
import { createObject, replaceObject } from '../../src/shared/objectService';
import { upsertTenant, type NewTenant } from '../../src/tenant/repository';
import type { Principal } from '../../src/auth/policy';
import { createBlankDatabase, type TestDatabase } from '../helpers/testDb';
import type { ObjectType } from '../../src/shared/objectType';

let t: TestDatabase;
beforeAll(async () => { t = await createBlankDatabase(); });
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];

it('places the Onlinedienste and offices of Kommunen that had no territory, with versions, tombstones and a report', async () => {
  const before = listMigrations().filter((m) => m.version <= 13);
  expect((await migrate(t.database, before)).applied).toHaveLength(13);
  await loadGebiete(t.database.db);
  for (const tenant of (JSON.parse(readFileSync(DEMO_FIXTURE, 'utf8')) as { tenants: NewTenant[] }).tenants) await upsertTenant(t.database.db, tenant);

  // Written as the old rules allowed: a municipal editor's objects without any territory.
  const wanfried: Principal = { id: 'alt', kind: 'user', role: 'landesredakteur', tenantId: 'kommune-wanfried', area: null, limit: null, leistungsgruppierungen: [] };
  const ctx = { database: t.database, schemeAgencyId: 'S06000', actor: wanfried };
  const od = await createObject({ ...ctx, live: true }, Onlinedienst as unknown as ObjectType, { bezeichnung: de('Hund online anmelden'), link: [{ typ: '01', link: 'https://dienst.example/' }] });
  await replaceObject(ctx, Onlinedienst as unknown as ObjectType, od.uuid, { bezeichnung: de('Hund online anmelden (neu)'), link: [{ typ: '01', link: 'https://dienst.example/' }] });
  const oe = await createObject(ctx, Organisationseinheit as unknown as ObjectType, { name: de('Bürgerbüro'), anschrift: [{ typ: '002', ort: 'Wanfried' }] });
  const bare = await createObject(ctx, Organisationseinheit as unknown as ObjectType, { name: de('Ohne Anschrift') });
  const landesweit = await createObject({ ...ctx, actor: { ...wanfried, tenantId: 'landesredaktion' }, live: true }, Onlinedienst as unknown as ObjectType, { bezeichnung: de('Landesweit') });

  const result = await migrate(t.database, listMigrations(), DATA_MIGRATIONS);
  expect(result.applied).toContain('0014_territories');
  expect(result.reports['0014_territories']).toEqual({
    'onlinedienste: placed in their tenant\'s area': 1,
    'organisationseinheiten: placed in their tenant\'s area': 1,
    'organisationseinheiten: not placed (no address)': 1,
  });

  const odNow = (await getObject(t.database.db, Onlinedienst.table, od.uuid))!;
  expect(odNow).toMatchObject({ ars: ['066360013013'], version: 3, publishedVersion: 3, status: 'veroeffentlicht', changedBy: 'system:migration-0014' });
  expect(odNow.content.gueltigkeitGebietID).toEqual(['066360013013']);
  expect(odNow.content.bezeichnung).toEqual(de('Hund online anmelden'));
  const draft = (await getDraft(t.database.db, od.uuid))!;
  expect(draft).toMatchObject({ version: 4, baseVersion: 3 });
  expect(draft.content).toMatchObject({ bezeichnung: de('Hund online anmelden (neu)'), gueltigkeitGebietID: ['066360013013'] });
  const versions = await t.database.db.select().from(objectVersions).where(eq(objectVersions.objectUuid, od.uuid));
  expect(versions.map((v) => v.version).sort()).toEqual([1, 2, 3, 4]);
  // Portals knew it as valid everywhere: they hear that it is gone there.
  expect(await t.database.db.select({ reason: tombstones.reason, ars: tombstones.ars }).from(tombstones).where(eq(tombstones.objectUuid, od.uuid))).toEqual([{ reason: 'moved', ars: [] }]);
  expect((await t.database.db.select().from(auditLog).where(eq(auditLog.objectUuid, od.uuid))).map((a) => a.actorId)).toContain('system:migration-0014');

  const oeNow = (await getObject(t.database.db, Organisationseinheit.table, oe.uuid))!;
  expect(oeNow.content.anschrift).toEqual([{ typ: '002', ort: 'Wanfried', ars: '066360013013' }]);
  expect(oeNow).toMatchObject({ ars: ['066360013013'], version: 2, status: 'entwurf' });
  expect((await getObject(t.database.db, Organisationseinheit.table, bare.uuid))!).toMatchObject({ version: 1, ars: [] });
  expect((await getObject(t.database.db, Onlinedienst.table, landesweit.uuid))!).toMatchObject({ version: 1, ars: [] });

  expect((await migrate(t.database, listMigrations(), DATA_MIGRATIONS)).applied).toEqual([]);
});
