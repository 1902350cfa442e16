import { sql } from 'drizzle-orm';
import { generateDataset } from '../../scripts/dataset';
import { PRODUKT } from '../../src/syndication/produkt';
import { encodeMessage } from '../../src/xzufi/message';
import { signInOver, startApp, type AppProcess } from '../helpers/processes';
import { testConfig } from '../helpers/template';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

// A crash of the app in the middle of a large import, on the PostgreSQL server.
const describeServer = testConfig.target === 'postgres' ? describe : describe.skip;

let t: TestDatabase;
let app: AppProcess | undefined;
beforeAll(async () => { if (testConfig.target === 'postgres') t = await createTestDatabase(); });
afterAll(async () => {
  await app?.stop();
  await t?.close();
});

const q = async <T>(query: ReturnType<typeof sql>) => (await t.database.db.execute(query) as unknown as { rows: T[] }).rows;

/** Row counts and a digest of every stored content, per table. */
async function snapshot(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const table of ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien', 'object_versions', 'audit_log', 'xzufi_tombstones']) {
    out[table] = (await q<{ n: number; digest: string | null }>(sql`SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM ${sql.raw(table)} t`))[0];
  }
  return out;
}

describeServer('crash during an import', () => {
  it('keeps nothing of the interrupted import and everything else intact', async () => {
    app = await startApp(t.url!, { IMPORT_ASYNC_BYTES: '200MB', JOB_RUNNER: 'false' });
    const before = await snapshot();
    const gemeinden = (await q<{ ars: string }>(sql`SELECT ars FROM gebiete WHERE ars LIKE '06%' AND ebene = 'gemeinde'`)).map((r) => r.ars);
    const { organisationseinheiten } = generateDataset({ leistungen: 0, organisationseinheiten: 10_000, onlinedienste: 0, zustaendigkeiten: 0 }, gemeinden);
    const xml = encodeMessage(PRODUKT, { nachrichtUUID: crypto.randomUUID(), erstelltDatumZeit: new Date().toISOString() }, organisationseinheiten.map((object) => ({ op: 'schreibe' as const, object })));
    const { cookie, csrf } = await signInOver(app.url, 'landesredaktion', 'landesredaktion-demo-2026');
    const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/xml' };
    const pending = fetch(`${app.url}/xzufi/v1/import`, { method: 'POST', headers, body: xml }).then((r) => r.status, (e: Error) => e.message);

    // Wait until the import's transaction has been writing (it holds a transaction id) for a while:
    // new objects are written in batches of 200, so some batches are in, uncommitted.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const writing = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL AND xact_start < now() - interval '0.5 seconds'`);
      if (writing[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error(`the import never started writing: ${app.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    await app.stop('SIGKILL');
    expect(app.child.signalCode).toBe('SIGKILL');
    expect(typeof await pending).toBe('string'); // the request died with the process

    // The server rolls the broken connection's transaction back.
    for (let i = 0; i < 100; i++) {
      const open = await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`);
      if (open[0]!.n === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    app = await startApp(t.url!, { IMPORT_ASYNC_BYTES: '200MB', JOB_RUNNER: 'false' });
    expect(await snapshot()).toEqual(before);
    expect((await q<{ n: number }>(sql`SELECT count(*)::int AS n FROM organisationseinheiten WHERE xzufi_id ~ '^OE-\\d{6}$'`))[0]!.n).toBe(0);

    // The same message again, on the restarted instance: applied completely.
    const again = await signInOver(app.url, 'landesredaktion', 'landesredaktion-demo-2026');
    const res = await fetch(`${app.url}/xzufi/v1/import`, { method: 'POST', headers: { ...headers, cookie: again.cookie, 'x-csrf-token': again.csrf }, body: xml });
    expect(res.status).toBe(200);
    expect((await res.json() as { counts: { Organisationseinheit: { created: number } } }).counts.Organisationseinheit.created).toBe(10_000);
  }, 180_000);
});
