import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { DEMO_FIXTURE } from '../../src/seed/demo';
import { encodeMessage } from '../../src/xzufi/message';
import { PRODUKT } from '../../src/syndication/produkt';
import { startApp, signInOver, type AppProcess } from '../helpers/processes';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';
import { testConfig } from '../helpers/template';

// Two app processes on one PostgreSQL database, as in docker-compose.yml. PGlite is one process by design.
const describeServer = testConfig.target === 'postgres' ? describe : describe.skip;

let t: TestDatabase;
let a: AppProcess;
let b: AppProcess;
beforeAll(async () => {
  if (testConfig.target !== 'postgres') return;
  t = await createTestDatabase();
  [a, b] = await Promise.all([startApp(t.url!), startApp(t.url!)]);
}, 90_000);
afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await t?.close();
});

describeServer('two app processes on one database', () => {
  it('loaded the demo data once', async () => {
    const rows = (await t.database.db.execute(sql`SELECT count(*)::int AS n, count(DISTINCT xzufi_id)::int AS d FROM leistungen`) as unknown as { rows: Array<{ n: number; d: number }> }).rows[0]!;
    const demo = (JSON.parse(readFileSync(DEMO_FIXTURE, 'utf8')) as { leistungen: unknown[] }).leistungen.length;
    expect(rows).toEqual({ n: demo, d: demo });
  });

  it('accept a session made on the other', async () => {
    const { cookie } = await signInOver(a.url, 'landesredaktion', 'landesredaktion-demo-2026');
    const me = await fetch(`${b.url}/auth/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { id: string } }).user.id).toBe('landesredaktion');
    expect((await fetch(`${b.url}/auth/me`)).status).toBe(401);
  });

  it('publish a scheduled object exactly once', async () => {
    const { cookie, csrf } = await signInOver(a.url, 'kommune-wanfried', 'wanfried-demo-2026');
    const headers = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    const created = await fetch(`${a.url}/api/v1/organisationseinheiten`, { method: 'POST', headers, body: JSON.stringify({ name: [{ languageCode: 'de', value: 'Zeitgesteuertes Amt' }], anschrift: [{ typ: '002', ort: 'Wanfried', ars: '066360013013' }] }) });
    expect(created.status).toBe(201);
    const { id } = await created.json() as { id: string };
    const at = new Date(Date.now() + 1500).toISOString();
    const planned = await fetch(`${b.url}/api/v1/organisationseinheiten/${id}/transitions`, { method: 'POST', headers, body: JSON.stringify({ to: 'veroeffentlicht', at }) });
    expect(planned.status).toBe(202);
    expect((await fetch(`${a.url}/api/v1/organisationseinheiten/${id}`)).status).toBe(404); // not yet, for readers
    const deadline = Date.now() + 20_000;
    while ((await fetch(`${b.url}/api/v1/organisationseinheiten/${id}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('not published in time');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1000)); // both runners had time to poll again
    const transitions = (await t.database.db.execute(sql`SELECT count(*)::int AS n FROM object_transitions WHERE object_uuid = ${id} AND to_status = 'veroeffentlicht'`) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    expect(transitions).toBe(1);
    const job = (await t.database.db.execute(sql`SELECT status, attempts, locked_by FROM jobs WHERE kind = 'workflow.transition' AND payload->>'uuid' = ${id}`) as unknown as { rows: Array<{ status: string; attempts: number }> }).rows;
    expect(job).toEqual([expect.objectContaining({ status: 'done', attempts: 1 })]);
  });

  it('see an import made on the other', async () => {
    const { cookie, csrf } = await signInOver(a.url, 'landesredaktion', 'landesredaktion-demo-2026');
    const xml = encodeMessage(PRODUKT, { nachrichtUUID: crypto.randomUUID(), erstelltDatumZeit: new Date().toISOString() }, [{
      op: 'schreibe', object: { klasse: 'Organisationseinheit', id: { schemeAgencyID: 'S06000', id: 'OE-INSTANZ-TEST' }, content: { name: [{ languageCode: 'de', value: 'Amt aus dem Import' }], anschrift: [{ typ: '002', ort: 'Wanfried', ars: '066360013013' }] } },
    }]);
    const imported = await fetch(`${a.url}/xzufi/v1/import`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/xml' }, body: xml });
    expect(imported.status).toBe(200);
    const found = await fetch(`${b.url}/api/v1/organisationseinheiten?q=Import`);
    const items = ((await found.json()) as { items: Array<{ xzufiId: string }> }).items;
    expect(items.map((i) => i.xzufiId)).toContain('OE-INSTANZ-TEST');
  });
});
