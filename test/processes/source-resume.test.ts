/**
 * A pull killed in the middle: the subscriber is a real app process (PGlite in its own directory,
 * or a database of the PostgreSQL server) collecting from a second installation; it is killed
 * (SIGKILL) while it waits for the fourth file. Started again, it takes the job over after the
 * lease, marks the cut-off run interrupted, does not download the files it had applied again, and
 * ends with exactly the source's objects.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { leistungen, onlinedienste, organisationseinheiten, zustaendigkeiten } from '../../src/db/schema';
import { signInOver, startApp, type AppProcess } from '../helpers/processes';
import { faultProxy, SOURCE_AGENCY, startSourceSystem, type FaultProxy, type SourceSystem } from '../helpers/sourceSystem';
import { testConfig } from '../helpers/template';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

let source: SourceSystem;
let proxy: FaultProxy;
let server: TestDatabase | undefined;
let dir: string | undefined;
let app: AppProcess | undefined;
const ENV = { SOURCE_ALLOW_PRIVATE: 'true', CREDENTIALS_KEY: 'resume-test-credentials-key-0123456789', JOB_LEASE_MS: '1500', JOB_POLL_MS: '200' };

beforeAll(async () => {
  source = await startSourceSystem();
  proxy = await faultProxy(source.url);
  if (testConfig.target === 'postgres') server = await createTestDatabase();
  else dir = await mkdtemp(join(tmpdir(), 'fim-subscriber-'));
}, 120_000);
afterAll(async () => {
  await app?.stop('SIGKILL');
  await proxy?.close();
  await source?.close();
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const start = () => startApp(server ? server.url! : { dataDir: dir! }, ENV);
const wait = async <T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
};

/** xzufiIds of the source's Redaktion per type, read through the subscriber's own API. */
async function idsOver(url: string, auth: Record<string, string>): Promise<string[][]> {
  const out: string[][] = [];
  for (const path of ['leistungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten']) {
    const ids: string[] = [];
    for (let cursor: string | undefined; ;) {
      const res = await fetch(`${url}/api/v1/${path}?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers: auth });
      const body = await res.json() as { items: Array<{ xzufiId: string; schemeAgencyID: string }>; nextCursor?: string | null };
      ids.push(...body.items.filter((i) => i.schemeAgencyID === SOURCE_AGENCY).map((i) => i.xzufiId));
      if (!body.nextCursor) break;
      cursor = body.nextCursor;
    }
    out.push(ids.sort());
  }
  return out;
}

it('resumes a run cut off by a killed process, without gaps, repeats or a second download', async () => {
  const lines = (await source.t.anonymous.get('/xzufi/v1/index.txt').set('Authorization', `Bearer ${source.token}`)).text.split('\n').filter(Boolean);
  const fourth = lines[3]!.split('/').pop()!;
  let reached!: () => void;
  const holding = new Promise<void>((r) => { reached = r; });
  proxy.fault = { hold: { endsWith: fourth, reached: () => reached() } };

  app = await start();
  const { cookie, csrf } = await signInOver(app.url, 'landesredaktion', 'landesredaktion-demo-2026');
  const auth = { cookie, 'x-csrf-token': csrf };
  const made = await fetch(`${app.url}/api/v1/sources`, {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Darmstadt', kind: 'index', url: `${proxy.url}/xzufi/v1/index.txt`, tenant: 'landesredaktion', role: 'landesredakteur', schemeAgencyIds: [SOURCE_AGENCY], credentials: { kind: 'bearer', token: source.token } }),
  });
  expect(made.status).toBe(201);
  const { id } = await made.json() as { id: string };
  await holding;
  await app.stop('SIGKILL');
  proxy.fault = {};
  proxy.release();
  proxy.requests.length = 0;

  app = await start();
  const again = await signInOver(app.url, 'landesredaktion', 'landesredaktion-demo-2026');
  const auth2 = { cookie: again.cookie, 'x-csrf-token': again.csrf };
  type Run = { status: string; trigger: string; stats: Record<string, number> };
  const runs = await wait('the resumed run', async () => {
    const body = await (await fetch(`${app!.url}/api/v1/sources/${id}/runs`, { headers: auth2 })).json() as { items: Run[] };
    return body.items[0] && body.items[0].status !== 'running' ? body.items : undefined;
  });
  expect(runs.map((r) => r.status)).toEqual(['succeeded', 'interrupted']);
  expect(runs[0]!.stats).toMatchObject({ filesListed: lines.length, filesUnchanged: 3, filesFetched: lines.length - 3, filesFailed: 0, deleted: 0 });
  // The files applied before the kill were asked for conditionally (304), not downloaded again.
  for (const line of lines.slice(0, 3)) expect(proxy.requests.filter((r) => r.endsWith(line))).toHaveLength(1);

  const expected = await Promise.all([leistungen, organisationseinheiten, onlinedienste, zustaendigkeiten].map(async (table) =>
    (await source.t.database.db.select({ x: table.xzufiId }).from(table).where(eq(table.schemeAgencyId, SOURCE_AGENCY))).map((r) => r.x).sort()));
  expect(await idsOver(app.url, auth2)).toEqual(expected);
}, 180_000);
