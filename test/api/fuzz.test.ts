/**
 * Property tests at the edge: arbitrary JSON (any depth and size, any UTF-16 including lone
 * surrogates and NUL) at every write endpoint, and arbitrary bytes and broken XML at the import.
 * The answer is never a 5xx, and a rejected request stores nothing.
 */
import fc from 'fast-check';
import { getTableName, sql } from 'drizzle-orm';
import { rowsOf } from '../../src/db/objectStore';
import { OBJECT_TYPES } from '../../src/objectTypes';
import { encodeMessage } from '../../src/xzufi/message';
import { create, leistungBody, organisationseinheitBody } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let existing: Record<string, Record<string, any>> = {}; // eslint-disable-line @typescript-eslint/no-explicit-any
beforeAll(async () => {
  t = await createTestApp();
  const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102019001000' }));
  const oe = await create(t, 'organisationseinheiten', organisationseinheitBody());
  existing = { leistungen: l, organisationseinheiten: oe };
});
afterAll(async () => { await t.close(); });

/** Rows that any write leaves behind: objects, versions, drafts, audit, tombstones, transitions, subscriptions, requests. */
const TABLES = [...OBJECT_TYPES.map((type) => getTableName(type.table)), 'object_versions', 'object_drafts', 'audit_log', 'xzufi_tombstones', 'object_transitions', 'webhook_subscriptions', 'leika_requests'];
async function footprint(): Promise<string> {
  const counts = TABLES.map((table) => `(SELECT count(*) FROM ${table}) AS "${table}"`).join(', ');
  return JSON.stringify(rowsOf(await t.database.db.execute(sql.raw(`SELECT ${counts}`)))[0]);
}

const anyUnit = fc.oneof(fc.constantFrom('\u0000', '\ud800', '\udfff', 'ä', '€', '<', '"', '\\'), fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n)));
const anyString = fc.string({ unit: anyUnit, maxLength: 40 });
const anyJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    anyString, fc.double(), fc.integer(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(anyString, fc.constantFrom('name', 'modulText', 'referenzLeiKa', 'gueltigkeitGebietID', 'anschrift', 'leistungId', 'inhalt', 'languageCode', 'value', 'to', 'url')), tie('value'), { maxKeys: 6 })),
})).value;
const deepJson = fc.integer({ min: 50, max: 3000 }).map((depth) => `${'{"a":['.repeat(depth)}1${']}'.repeat(depth)}`);
const body = fc.oneof({ weight: 4, arbitrary: anyJson.map((v) => JSON.stringify(v) ?? 'null') }, { weight: 1, arbitrary: deepJson }, { weight: 1, arbitrary: anyString });

const RUNS = 40;

describe('arbitrary JSON at every write endpoint', () => {
  const endpoints: Array<[string, 'post' | 'put', () => string]> = [
    ...OBJECT_TYPES.map((type) => [`POST /api/v1/${type.path}`, 'post', () => `/api/v1/${type.path}`] as [string, 'post', () => string]),
    ['PUT /api/v1/leistungen/{id}', 'put', () => `/api/v1/leistungen/${existing.leistungen!.id}`],
    ['PUT /api/v1/organisationseinheiten/{id}', 'put', () => `/api/v1/organisationseinheiten/${existing.organisationseinheiten!.id}`],
    ['POST /api/v1/leistungen/{id}/transitions', 'post', () => `/api/v1/leistungen/${existing.leistungen!.id}/transitions`],
    ['POST /api/v1/webhooks', 'post', () => '/api/v1/webhooks'],
    ['POST /api/v1/leika-requests', 'post', () => '/api/v1/leika-requests'],
  ];

  it.each(endpoints)('%s never answers 5xx and stores nothing when it refuses', async (_name, method, path) => {
    await fc.assert(fc.asyncProperty(body, async (text) => {
      const before = await footprint();
      let req = t.api[method](path()).set('Content-Type', 'application/json');
      if (method === 'put') req = req.set('If-Match', `"${(await t.api.get(path())).body.version}"`);
      const res = await req.send(text);
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(await footprint()).toBe(before);
    }), { numRuns: RUNS });
  });
});

describe('arbitrary bytes and broken XML at the import', () => {
  const valid = encodeMessage({ produktbezeichnung: 'p', produkthersteller: 'h', produktversion: '1' }, { nachrichtUUID: 'u', erstelltDatumZeit: '2026-12-01T08:00:00Z' }, [
    { op: 'schreibe', object: { klasse: 'Organisationseinheit', id: { schemeAgencyID: 'S99999', id: 'FUZZ-OE' }, content: { name: [{ languageCode: 'de', value: 'Fuzz & <Amt>' }], anschrift: [{ typ: '002', ort: 'Wanfried', ars: '066360013013' }] } } },
  ]);
  const mutated = fc.array(fc.record({ at: fc.nat(valid.length), cut: fc.nat(20), insert: fc.string({ unit: anyUnit, maxLength: 8 }) }), { minLength: 1, maxLength: 4 })
    .map((edits) => edits.reduce((s, e) => s.slice(0, e.at) + e.insert + s.slice(Math.min(s.length, e.at + e.cut)), valid));
  const bytes = fc.oneof(fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)), mutated.map((s) => Buffer.from(s)));

  it('never answers 5xx and stores nothing unless the whole message applied', async () => {
    await fc.assert(fc.asyncProperty(bytes, fc.constantFrom('', '?mode=partial'), async (payload, query) => {
      const before = await footprint();
      const res = await t.api.post(`/xzufi/v1/import${query}`).set('Content-Type', 'application/xml').send(payload);
      expect(res.status).toBeLessThan(500);
      if (res.status >= 400) expect(await footprint()).toBe(before);
      // Applied objects are removed again, so that every run starts from the same state.
      if (res.status === 200 && res.body.counts?.Organisationseinheit?.created) {
        await t.api.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(Buffer.from(encodeMessage({ produktbezeichnung: 'p', produkthersteller: 'h', produktversion: '1' }, { nachrichtUUID: 'u', erstelltDatumZeit: '2026-12-01T08:00:00Z' }, [{ op: 'loesche', loesche: { klasse: 'Organisationseinheit', id: { schemeAgencyID: 'S99999', id: 'FUZZ-OE' } } }])));
      }
    }), { numRuns: 150 });
  });
});
