/**
 * Pull subscriptions against a real source: a second installation of this project (its own
 * database, demo data under schemeAgencyID S06411) served over HTTP on loopback, in front of it a
 * proxy for the faults a real source shows.
 */
import { eq } from 'drizzle-orm';
import { leistungen, organisationseinheiten, zustaendigkeiten } from '../../src/db/schema';
import { findSource, listRuns } from '../../src/db/sourceStore';
import { runSource } from '../../src/sources/pull';
import { pullEnv } from '../../src/sources/jobs';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { createTestApp, type TestApp } from '../helpers/testApp';
import { faultProxy, SOURCE_AGENCY, startSourceSystem, type FaultProxy, type SourceSystem } from '../helpers/sourceSystem';

let source: SourceSystem;
let proxy: FaultProxy;
let t: TestApp;
const validator = createSchemaValidator(undefined, 'read');

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
const count = async (table: typeof leistungen | typeof organisationseinheiten | typeof zustaendigkeiten, db = t.database.db) =>
  (await db.select({ x: table.xzufiId }).from(table).where(eq(table.schemeAgencyId, SOURCE_AGENCY))).length;

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
  it('pulls the complete published state of the other installation', async () => {
    ({ id } = await register({ name: 'Darmstadt (index)', kind: 'index', url: `${proxy.url}/xzufi/v1/index.txt` }));
    const r = await run(id);
    expect(r.status).toBe('succeeded');
    expect(r.stats.filesFetched).toBeGreaterThan(0);
    expect(r.stats.filesFailed).toBe(0);
    expect(await count(leistungen)).toBe(await count(leistungen, source.t.database.db));
    expect(await count(organisationseinheiten)).toBe(await count(organisationseinheiten, source.t.database.db));
    expect(await count(zustaendigkeiten)).toBe(await count(zustaendigkeiten, source.t.database.db));
  });

  it('downloads nothing again when nothing changed', async () => {
    proxy.requests.length = 0;
    const r = await run(id);
    expect(r.status).toBe('succeeded');
    expect(r.stats.filesFetched).toBe(0);
    expect(r.stats.filesUnchanged).toBe(r.stats.filesListed);
    expect(r.stats.bytes).toBe(0);
  });
});
