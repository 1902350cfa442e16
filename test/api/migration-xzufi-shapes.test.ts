/**
 * Migrations 0015/0016 on a database made by the previous version of the project: the dump in
 * test/fixtures/legacy-0014 (how it was made: make-dump.ts.txt there) holds the demo data and
 * editors' work in the shapes stored before — Kosten with `art`, fractional and missing Frist
 * durations, one Bearbeitungsdauer, Dokumente with `richtung`, bare Begriffe im Kontext, … The
 * test loads it into a schema of migrations ≤ 0014, migrates, and checks that nothing is lost:
 * every row is still there, every object, working version and history version is valid in the
 * new shape, readable and restorable through the API, and the export validates.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { getTableName, sql } from 'drizzle-orm';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { createToken } from '../../src/auth/tokens';
import { loadConfig } from '../../src/config';
import { rowsOf } from '../../src/db/objectStore';
import { listMigrations, migrate } from '../../src/db/migrate';
import { advancePast, highestChangeXid } from '../../src/db/transactionIds';
import { DATA_MIGRATIONS } from '../../src/dataMigrations';
import { createLogger } from '../../src/logger';
import { OBJECT_TYPES } from '../../src/objectTypes';
import { validateAgainst } from '../../src/shared/validation';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { createBlankDatabase, type TestDatabase } from '../helpers/testDb';

const DUMP = join(__dirname, '..', 'fixtures', 'legacy-0014', 'dump.sql.gz');
const HUND = '731f9d8c-c1ea-4e9d-8837-d1a6fa6d008d';
const de = (value: string) => [{ languageCode: 'de', value }];

let t: TestDatabase;
let countsBefore: Record<string, number>;
let report: Record<string, Record<string, number>>;

const TABLES = ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien',
  'object_versions', 'object_drafts', 'object_transitions', 'audit_log', 'leistung_kategorien', 'onlinedienst_leistungen', 'tenants', 'users', 'gebiete'];

async function counts(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of TABLES) out[table] = rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM ${table}`)))[0]!.n;
  return out;
}

beforeAll(async () => {
  t = await createBlankDatabase();
  const before = listMigrations().filter((m) => m.version <= 14);
  await migrate(t.database, before, DATA_MIGRATIONS.filter((m) => m.version <= 14));
  const dump = gunzipSync(readFileSync(DUMP)).toString('utf8');
  // A data-only dump of tables with self-references (offices, Kategorien): constraints wait until it is in.
  await t.database.session(async (exec) => {
    await exec('SET session_replication_role = replica');
    // pg_dump's settings (an empty search_path among them) must not outlive the load.
    try { await exec(dump); } finally { await exec('RESET ALL'); }
  });
  // The dump's transaction ids are the old server's: the feed sees its rows once this counter is past them.
  await advancePast(t.database, await highestChangeXid(t.database));
  countsBefore = await counts();
  const result = await migrate(t.database, listMigrations(), DATA_MIGRATIONS);
  expect(result.applied.slice(0, 2)).toEqual(['0015_xzufi_shapes', '0016_xzufi_shapes']);
  report = result.reports;
}, 120_000);
afterAll(async () => { await t.close(); });

const contentOf = async (table: string, uuid: string) =>
  rowsOf<{ content: Record<string, unknown> }>(await t.database.db.execute(sql.raw(`SELECT content FROM ${table} WHERE uuid = '${uuid}'`)))[0]!.content;
const versionOf = async (uuid: string, version: number) =>
  rowsOf<{ content: Record<string, unknown> }>(await t.database.db.execute(sql.raw(`SELECT content FROM object_versions WHERE object_uuid = '${uuid}' AND version = ${version}`)))[0]!.content;

it('keeps every row and reports what it converted', async () => {
  expect(countsBefore.leistungen).toBe(15);
  expect(countsBefore.object_versions).toBeGreaterThan(60);
  expect(await counts()).toEqual(countsBefore);
  expect(report['0016_xzufi_shapes']).toMatchObject({
    'leistungen: contents reshaped': expect.any(Number),
    'working versions reshaped': 1,
    'history versions reshaped': expect.any(Number),
    'Kosten written as the choice fix/frei/variabel': expect.any(Number),
    'Bearbeitungsdauer written as a Frist without type': expect.any(Number),
    'Fristen without duration or day moved into the module description': expect.any(Number),
    'durations with a fraction written in a finer unit': expect.any(Number),
    'durations with a fraction rounded up (the original kept as text)': expect.any(Number),
    'form URLs of Dokumente kept as links of the Dokument module': expect.any(Number),
    'Dokument modules split into dokumentEingehend / dokumentAusgehend': expect.any(Number),
    'Begriffe im Kontext wrapped in a module': expect.any(Number),
    'gueltigkeit notes written as localized text': expect.any(Number),
  });
  // Run again: nothing left to do.
  expect((await migrate(t.database, listMigrations(), DATA_MIGRATIONS)).applied).toEqual([]);
});

it('converts the old shapes without losing what they said', async () => {
  // Version 1 of the Hundesteuer, as its editor wrote it then.
  const v1 = await versionOf(HUND, 1);
  expect(v1.referenzLeiKa).toEqual(['99101008001000']);
  expect(v1.struktur).toEqual({ typ: 'lov', leistungsobjektID: { id: '99101008' }, verrichtung: 'Anmeldung' });
  expect(v1.modulKosten).toEqual({ kosten: [
    { typ: '001', fix: { betrag: { value: 90, currencyCode: 'EUR' } }, beschreibung: de('Erster Hund, je Jahr') },
    { variabel: { betragUntergrenze: { value: 120, currencyCode: 'EUR' }, betragObergrenze: { value: 600.5, currencyCode: 'EUR' } }, vorkasse: false },
    { frei: {}, beschreibung: de('Blindenführhunde') },
  ] });
  expect(v1.modulFrist).toEqual({
    frist: [
      { typ: '001', dauer: { dauer: 36, einheit: 'STUNDE' }, beschreibung: de('Nach dem Einzug') },
      { typ: '002', dauer: { dauer: 1, einheit: 'MONAT' }, beschreibung: de('(ursprünglich 0,3 Monate)') },
      { typ: '005', stichtag: { von: '2026-01-01', bis: '2026-01-31' } },
    ],
    beschreibung: de('Bitte melden Sie Ihren Hund rechtzeitig an. Innerhalb eines angemessenen Zeitraums.'),
  });
  expect(v1.modulBearbeitungsdauer).toEqual({
    bearbeitungsdauer: [{ dauer: { dauer: 3, einheit: 'WOCHE', dauerBis: 4, einheitBis: 'WOCHE' }, beschreibung: de('(ursprünglich 2,5 Wochen)') }],
    beschreibung: de('In der Regel'),
  });
  expect(v1.modulDokument).toEqual({
    dokumentEingehend: [{ typ: { code: '001' }, bezeichnung: de('Anmeldeformular') }],
    dokumentAusgehend: [{ bezeichnung: de('Steuerbescheid') }],
    weiterfuehrenderLink: [{ uri: 'https://formulare.example/hund.pdf', titel: 'Anmeldeformular' }],
    beschreibung: de('Unterlagen'),
  });
  expect(v1.modulBegriffImKontext).toEqual([{ begriffImKontext: [{ begriff: 'Hundemarke', typ: '001', languageCode: 'de' }, { begriff: 'dog tax', languageCode: 'en' }] }]);
  expect(v1.gueltigkeit).toEqual([{ beginn: '2020-01-01', zusatz: de('seit der Satzung von 2020') }]);

  // The live version 2 and the open draft on top of it.
  expect((await contentOf('leistungen', HUND)).modulKosten).toEqual({ kosten: [{ fix: { betrag: { value: 96, currencyCode: 'EUR' } } }, { frei: {} }] });
  const draft = rowsOf<{ content: Record<string, unknown>; version: number; base_version: number }>(await t.database.db.execute(sql.raw(`SELECT content, version, base_version FROM object_drafts WHERE object_uuid = '${HUND}'`)))[0]!;
  expect(draft).toMatchObject({ version: 3, base_version: 2 });
  expect(draft.content.modulBearbeitungsdauer).toEqual({ bearbeitungsdauer: [{ dauer: { dauer: 12, einheit: 'STUNDE' } }] });

  // The columns the new rules read: every LeiKa key, and which Leistungen are this installation's own.
  const keys = rowsOf<{ leika_keys: string[]; stammtext: boolean }>(await t.database.db.execute(sql.raw(`SELECT leika_keys, stammtext FROM leistungen WHERE uuid = '${HUND}'`)))[0]!;
  expect(keys).toEqual({ leika_keys: ['99101008001000'], stammtext: true });
  const kategorie = rowsOf<{ content: Record<string, unknown> }>(await t.database.db.execute(sql.raw(`SELECT content FROM kategorien WHERE content->'bezeichnung'->0->>'value' = 'Tiere'`)))[0]!.content;
  expect(kategorie.klasse).toEqual({ id: { id: '001' } });
  // The search finds the Leistung by its LeiKa key, read from the list now.
  const found = rowsOf<{ n: number }>(await t.database.db.execute(sql.raw(`SELECT count(*)::int AS n FROM leistungen WHERE search @@ plainto_tsquery('german', '99101008001000')`)))[0]!.n;
  expect(found).toBe(1);
});

it('leaves every object, working version and history version valid in the new shape', async () => {
  const invalid: string[] = [];
  for (const type of OBJECT_TYPES) {
    const table = getTableName(type.table);
    const stored = [
      ...rowsOf<{ key: string; content: unknown }>(await t.database.db.execute(sql.raw(`SELECT uuid::text AS key, content FROM ${table}`))),
      ...rowsOf<{ key: string; content: unknown }>(await t.database.db.execute(sql.raw(`SELECT object_uuid::text || ' draft' AS key, content FROM object_drafts WHERE object_table = '${table}'`))),
      ...rowsOf<{ key: string; content: unknown }>(await t.database.db.execute(sql.raw(`SELECT object_uuid::text || ' v' || version AS key, content FROM object_versions WHERE object_table = '${table}'`))),
    ];
    expect(stored.length).toBeGreaterThan(0);
    for (const row of stored) {
      const doc = structuredClone(row.content) as Record<string, unknown>;
      type.normalize?.(doc);
      const problems = validateAgainst(type.schemaFile, doc);
      if (problems.length > 0) invalid.push(`${type.name} ${row.key}: ${JSON.stringify(problems)}`);
    }
  }
  expect(invalid).toEqual([]);
});

it('shows and restores every version through the API, and exports XML the project XSD accepts', async () => {
  const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'silent', SESSION_SECRET: 'test-session-secret-0123456789abcdef' });
  const app = buildApp({ config, database: t.database, logger: createLogger(config) });
  const api = request.agent(app).set('Authorization', `Bearer ${(await createToken(t.database.db, { role: 'landesredakteur', tenantId: 'landesredaktion', createdBy: 'test' })).token}`);

  const history = await api.get(`/api/v1/leistungen/${HUND}/versions`);
  expect(history.status).toBe(200);
  expect(history.body.items.map((v: { version: number }) => v.version)).toEqual(expect.arrayContaining([1, 2, 3]));
  for (const { version } of history.body.items as Array<{ version: number }>) {
    const one = await api.get(`/api/v1/leistungen/${HUND}/versions/${version}`);
    expect(one.status).toBe(200);
    expect(one.body.content.modulKosten.kosten[0]).toHaveProperty('fix');
  }
  const diff = await api.get(`/api/v1/leistungen/${HUND}/diff?from=1&to=2`);
  expect(diff.status).toBe(200);

  // Version 1 restored on top of the draft (version 3): a valid write of the old content in the new shape.
  const restored = await api.post(`/api/v1/leistungen/${HUND}/versions/1/restore`).set('If-Match', '"3"');
  expect(restored.status).toBe(200);
  expect(restored.body.modulKosten.kosten).toHaveLength(3);
  expect(restored.body.modulFrist.frist[0].dauer).toEqual({ dauer: 36, einheit: 'STUNDE' });

  // Every Leistung of the old database opens and exports.
  const list = await api.get('/api/v1/leistungen?limit=100');
  expect(list.status).toBe(200);
  for (const item of list.body.items as Array<{ id: string }>) expect((await api.get(`/api/v1/leistungen/${item.id}`)).status).toBe(200);
  const feed = await api.get('/xzufi/v1/changes?limit=1000');
  expect(feed.status).toBe(200);
  expect(feed.text).toContain('<xzufi:kostenFix>');
  expect(await createSchemaValidator(undefined, 'write').validate(feed.text)).toEqual([]);
});
