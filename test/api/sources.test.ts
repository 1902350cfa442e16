/**
 * Pull subscriptions of the `index` kind against a real source: a second installation of this
 * project (its own database, demo data under schemeAgencyID S06411) served over HTTP on loopback,
 * in front of it a proxy for the faults a real source shows.
 */
import { and, eq } from 'drizzle-orm';
import { leistungen, onlinedienste, organisationseinheiten, zustaendigkeiten } from '../../src/db/schema';
import { runSource } from '../../src/sources/pull';
import { pullEnv } from '../../src/sources/jobs';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { faultProxy, SOURCE_AGENCY, startSourceSystem, type FaultProxy, type SourceSystem } from '../helpers/sourceSystem';
import { deleteOn, editOn, firstOn } from '../helpers/sourceEdits';

let source: SourceSystem;
let proxy: FaultProxy;
let t: TestApp;
const validator = createSchemaValidator(undefined, 'read');
type Table = typeof leistungen | typeof organisationseinheiten | typeof zustaendigkeiten | typeof onlinedienste;

beforeAll(async () => {
  source = await startSourceSystem();
  proxy = await faultProxy(source.url);
  t = await createTestApp({ SOURCE_ALLOW_PRIVATE: 'true' });
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await source?.close();
  await t?.close();
});

const run = async (id: string) => runSource(pullEnv(t.config, t.database, validator), id, 'test');
const ids = async (table: Table, db = t.database.db) =>
  (await db.select({ x: table.xzufiId }).from(table).where(eq(table.schemeAgencyId, SOURCE_AGENCY))).map((r) => r.x).sort();
const local = async (table: Table, xzufiId: string) =>
  (await t.database.db.select().from(table).where(and(eq(table.schemeAgencyId, SOURCE_AGENCY), eq(table.xzufiId, xzufiId))))[0];
const all = [leistungen, organisationseinheiten, onlinedienste, zustaendigkeiten] as const;
const snapshot = async (db = t.database.db) => Promise.all(all.map((table) => ids(table, db)));

async function register(body: Record<string, unknown>) {
  const res = await t.api.post('/api/v1/sources').send({
    tenant: 'landesredaktion', role: 'landesredakteur', schemeAgencyIds: [SOURCE_AGENCY], paused: true,
    credentials: { kind: 'bearer', token: source.token }, ...body,
  });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('an index source (Sammlerdienst index.txt with its files)', () => {
  let id: string;
  let lines: string[];

  it('pulls the complete published state of the other installation', async () => {
    ({ id } = await register({ name: 'Darmstadt (index)', kind: 'index', url: `${proxy.url}/xzufi/v1/index.txt` }));
    const r = await run(id);
    expect(r.status).toBe('succeeded');
    expect(r.stats).toMatchObject({ filesFailed: 0, deleted: 0, held: 0 });
    expect(r.stats.filesFetched).toBe(r.stats.filesListed);
    expect(await snapshot()).toEqual(await snapshot(source.t.database.db));
    expect((await ids(leistungen)).length).toBeGreaterThan(50);
    lines = (await source.t.anonymous.get('/xzufi/v1/index.txt').set('Authorization', `Bearer ${source.token}`)).text.split('\n').filter(Boolean);
  });

  it('downloads nothing again when nothing changed', async () => {
    proxy.requests.length = 0;
    const r = await run(id);
    expect(r.status).toBe('succeeded');
    expect(r.stats).toMatchObject({ filesFetched: 0, filesUnchanged: r.stats.filesListed, bytes: 0, created: 0, updated: 0, deleted: 0 });
    expect(proxy.requests).toHaveLength(lines.length + 1);
  });

  it('takes over an edit made on the source, fetching only the file that changed', async () => {
    const office = await firstOn(source, 'organisationseinheiten');
    await editOn(source, 'organisationseinheiten', office, { name: [{ value: 'Bürgerbüro (umbenannt an der Quelle)', languageCode: 'de' }] });
    const r = await run(id);
    expect(r.status).toBe('succeeded');
    expect(r.stats).toMatchObject({ filesFetched: 1, updated: 1, created: 0, deleted: 0 });
    expect(JSON.stringify((await local(organisationseinheiten, office.xzufiId as string))!.content)).toContain('umbenannt an der Quelle');
  });

  it('deletes what was deleted on the source (below the limit), and only that', async () => {
    const z = await firstOn(source, 'zustaendigkeiten');
    await deleteOn(source, 'zustaendigkeiten', z);
    const before = await snapshot();
    const r = await run(id);
    expect(r.status).toBe('succeeded');
    expect(r.stats.deleted).toBe(1);
    expect(r.report.deletions).toEqual([{ klasse: 'Zustaendigkeit', schemeAgencyId: SOURCE_AGENCY, xzufiId: z.xzufiId, outcome: 'deleted' }]);
    const after = await snapshot();
    expect(after[3]).toEqual(before[3]!.filter((x) => x !== z.xzufiId));
    expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
  });

  it('holds an index that suddenly lists a third of its files: nothing is deleted until an editor confirms', async () => {
    const before = await snapshot();
    proxy.fault = { index: (l) => l.slice(0, Math.ceil(l.length / 3)) };
    const r = await run(id);
    expect(r.status).toBe('held');
    expect(r.report.heldReason).toBe('over_limit');
    expect(r.stats.held).toBeGreaterThan(50);
    expect(await snapshot()).toEqual(before);
    const shown = await t.api.get(`/api/v1/sources/${id}/runs/${r.id}`).expect(200);
    expect(shown.body.report.candidates).toHaveLength(r.stats.held);
    expect(shown.body.report.candidates[0]).toMatchObject({ schemeAgencyId: SOURCE_AGENCY, published: true, uuid: expect.any(String) });
    // Another run with the same cut index replaces the held one (its candidates are computed anew).
    const again = await run(id);
    expect(again.status).toBe('held');
    expect((await t.api.get(`/api/v1/sources/${id}/runs/${r.id}`)).body.status).toBe('superseded');
    expect((await t.api.post(`/api/v1/sources/${id}/runs/${r.id}/confirm`)).status).toBe(409);

    const confirmed = await t.api.post(`/api/v1/sources/${id}/runs/${again.id}/confirm`).expect(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect(confirmed.body.decidedBy).toMatch(/^token:/);
    const deleted = (confirmed.body.report.deletions as Array<{ outcome: string }>).filter((d) => d.outcome === 'deleted').length;
    expect(deleted).toBe(again.stats.held);
    const after = await snapshot();
    expect(after.flat().length).toBe(before.flat().length - deleted);

    // The full index again: the files left out are fetched whole and their objects come back.
    proxy.fault = {};
    const back = await run(id);
    expect(back.status).toBe('succeeded');
    expect(back.stats.created).toBe(deleted);
    expect(await snapshot()).toEqual(await snapshot(source.t.database.db));
  });

  it('holds an empty index; rejecting keeps every object and releases it from the source', async () => {
    const before = await snapshot();
    proxy.fault = { index: () => [] };
    const r = await run(id);
    expect(r.status).toBe('held');
    expect(r.report.heldReason).toBe('empty_index');
    expect(await snapshot()).toEqual(before);
    const rejected = await t.api.post(`/api/v1/sources/${id}/runs/${r.id}/reject`).expect(200);
    expect(rejected.body.status).toBe('rejected');
    expect(await snapshot()).toEqual(before);
    // Released: an empty index again has nothing of this source to delete.
    const empty = await run(id);
    expect(empty.status).toBe('succeeded');
    expect(empty.stats.held).toBe(0);
    proxy.fault = {};
    const full = await run(id);
    expect(full.status).toBe('succeeded');
    expect(await snapshot()).toEqual(before);
  });

  it('fails one invalid file alone: the other files still apply, nothing is deleted', async () => {
    const officeFile = lines.find((l) => l.includes('organisationseinheit'))!;
    expect(officeFile).toBeDefined();
    const dienst = await firstOn(source, 'onlinedienste');
    await editOn(source, 'onlinedienste', dienst, { bezeichnung: [{ value: 'Online-Antrag (geändert an der Quelle)', languageCode: 'de' }] });
    proxy.fault = { file: { endsWith: officeFile.split('/').pop()!, body: '<?xml version="1.0"?><kaputt><nicht-geschlossen></kaputt>' } };
    const before = await snapshot();
    const r = await run(id);
    proxy.fault = {};
    expect(r.status).toBe('partial');
    expect(r.stats).toMatchObject({ filesFailed: 1, deleted: 0, updated: 1 });
    const failed = (r.report.files as Array<{ path: string; status: string; code?: string }>).filter((f) => f.status !== 'applied');
    expect(failed).toEqual([expect.objectContaining({ path: officeFile, status: 'refused', code: 'xml_malformed' })]);
    expect(await snapshot()).toEqual(before);
    expect(JSON.stringify((await local(onlinedienste, dienst.xzufiId as string))!.content)).toContain('geändert an der Quelle');
    // The refused file is fetched whole on the next run.
    const next = await run(id);
    expect(next.status).toBe('succeeded');
    expect(next.stats.filesFetched).toBe(1);
  });

  it('refuses, per object, what a source writes outside its grant', async () => {
    const wanfried = await register({
      name: 'Wanfried (nur eigenes Gebiet)', kind: 'index', url: `${proxy.url}/xzufi/v1/index.txt`,
      tenant: 'kommune-wanfried', role: 'kommunalredakteur', klassen: ['Organisationseinheit', 'Zustaendigkeit'],
    });
    const before = await snapshot();
    const versions = await t.database.db.select({ x: organisationseinheiten.xzufiId, v: organisationseinheiten.version }).from(organisationseinheiten);
    const r = await run(wanfried.id);
    expect(r.status).toBe('partial');
    expect(r.stats.created + r.stats.updated + r.stats.deleted).toBe(0);
    expect(r.stats.failedObjects).toBeGreaterThan(0);
    const problems = (r.report.files as Array<{ problems?: Array<{ message: string }> }>).flatMap((f) => f.problems ?? []).map((p) => p.message);
    expect(problems.some((m) => /may not write Leistung objects/.test(m))).toBe(true);
    expect(problems.some((m) => /inside ARS 066360013013/.test(m))).toBe(true);
    expect(await snapshot()).toEqual(before);
    expect(await t.database.db.select({ x: organisationseinheiten.xzufiId, v: organisationseinheiten.version }).from(organisationseinheiten)).toEqual(versions);
  });
});
