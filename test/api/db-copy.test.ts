/**
 * `db:copy`: an embedded installation (PGlite, demo data plus edits, an import and a deletion)
 * copied into an empty PostgreSQL database. Every table arrives with the same rows; the delta
 * feed continues from a cursor a portal got from the old database; new changes sort after the
 * copied ones; editors sign in with their passwords; a non-empty target is refused.
 * Runs in the PostgreSQL pass (it needs the server).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { createToken } from '../../src/auth/tokens';
import { migrateAll, prepareDatabase } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import { copyDatabase, CopyRefused, tableDigest } from '../../src/db/copy';
import { createLogger } from '../../src/logger';
import { adminQuery, serverUrl, testConfig } from '../helpers/template';

const describeOnServer = testConfig.target === 'postgres' ? describe : describe.skip;
const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'silent', SESSION_SECRET: 'test-session-secret-0123456789abcdef' });
const targetName = `fim_copy_${process.pid}_${Date.now()}`;

let source: Database;
let target: Database;

const appOn = async (database: Database) => {
  const app = buildApp({ config, database, logger: createLogger(config) });
  const token = (await createToken(database.db, { role: 'landesredakteur', tenantId: 'landesredaktion', createdBy: 'test' })).token;
  return { app, api: request.agent(app).set('Authorization', `Bearer ${token}`) };
};
/** The feed after `cursor`, page by page: object ids in order, and the last cursor. */
async function feedFrom(api: ReturnType<typeof request.agent>, cursor: string): Promise<{ ids: string[]; cursor: string }> {
  const ids: string[] = [];
  for (let page = 0; page < 100; page++) {
    const res = await api.get(`/xzufi/v1/changes?limit=100${cursor ? `&since=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    ids.push(...[...res.text.matchAll(/<xzufi:id[^>]*>([^<]+)<\/xzufi:id>/g)].map((m) => m[1]!));
    cursor = res.headers['xzufi-next-cursor'] as string;
    if (res.headers['xzufi-complete'] === 'true') break;
  }
  return { ids, cursor };
}

beforeAll(async () => {
  if (testConfig.target !== 'postgres') return;
  source = await openDatabase({ kind: 'pglite' });
  await prepareDatabase(source, { demoData: true, schemeAgencyId: 'S06000', nodeEnv: 'development' });
  await adminQuery(`CREATE DATABASE ${targetName}`);
  target = await openDatabase({ kind: 'postgres', url: serverUrl(targetName), poolSize: 5 });
  await migrateAll(target, config);
}, 120_000);
afterAll(async () => {
  if (testConfig.target !== 'postgres') return;
  await source.close();
  await target.close();
  await adminQuery(`DROP DATABASE IF EXISTS ${targetName}`);
});

describeOnServer('db:copy from the embedded database to PostgreSQL', () => {
  it('copies every table, keeps the delta feed continuous and refuses a target in use', async () => {
    const before = await appOn(source);
    // Editors' work: a change, a deletion (a tombstone), an import.
    const leistung = (await before.api.get('/api/v1/leistungen?q=Hundesteuer')).body.items[0];
    const changed = await before.api.put(`/api/v1/leistungen/${leistung.id}`).set('If-Match', `"${leistung.version}"`)
      .send({ ...leistung, modulText: [...leistung.modulText.filter((m: { leikaTextmodul: string }) => m.leikaTextmodul !== '06'), { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Vor dem Umzug geändert.</p>' }] }] });
    expect(changed.status).toBe(200);
    const zustaendigkeit = (await before.api.get('/api/v1/zustaendigkeiten?limit=1')).body.items[0];
    expect((await before.api.delete(`/api/v1/zustaendigkeiten/${zustaendigkeit.id}`).set('If-Match', `"${zustaendigkeit.version}"`)).status).toBe(204);
    const xml = readFileSync(join(__dirname, '..', 'fixtures', 'pvog-2.2.0-shape.xml'));
    const imported = await before.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(xml);
    expect(imported.status).toBe(200);
    // A portal that has read part of the feed.
    const firstPage = await before.api.get('/xzufi/v1/changes?limit=40');
    const portalCursor = firstPage.headers['xzufi-next-cursor'] as string;
    const rest = await feedFrom(before.api, portalCursor);
    expect(rest.ids.length).toBeGreaterThan(40);

    const report = await copyDatabase(source, target);
    const tables = new Map(report.tables.map((t) => [t.table, t]));
    for (const table of ['leistungen', 'object_versions', 'xzufi_tombstones', 'audit_log', 'users', 'gebiete', 'leika_eintraege']) {
      expect(tables.get(table)!.rows).toBeGreaterThan(0);
      expect(await tableDigest(target, table)).toEqual(await tableDigest(source, table));
    }
    expect(tables.has('sessions')).toBe(false);

    const after = await appOn(target);
    // The portal's cursor from the old database reads on exactly as before.
    const continued = await feedFrom(after.api, portalCursor);
    expect(continued.ids).toEqual(rest.ids);
    expect((await after.api.get(`/api/v1/leistungen/${leistung.id}`)).body.modulText.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '06').inhalt[0].value).toBe('<p>Vor dem Umzug geändert.</p>');
    expect((await after.api.get(`/api/v1/leistungen/${leistung.id}/versions`)).body.items.length).toBe((await before.api.get(`/api/v1/leistungen/${leistung.id}/versions`)).body.items.length);
    // A new change after the move comes after everything copied.
    const gone = (await after.api.get('/api/v1/zustaendigkeiten?limit=1')).body.items[0];
    expect((await after.api.delete(`/api/v1/zustaendigkeiten/${gone.id}`).set('If-Match', `"${gone.version}"`)).status).toBe(204);
    const next = await feedFrom(after.api, rest.cursor);
    expect(next.ids).toEqual([gone.xzufiId]);
    // Editors sign in with their passwords.
    const agent = request.agent(after.app);
    const form = await agent.get('/redaktion/anmelden');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(form.text)![1]!;
    expect((await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrf, username: 'landesredaktion', password: 'landesredaktion-demo-2026', weiter: '/redaktion' })).status).toBe(303);

    // Once in use, a target is refused.
    await expect(copyDatabase(source, target)).rejects.toThrow(CopyRefused);
  }, 180_000);
});
