/**
 * The workspace's XZuFi page without JavaScript: an upload runs through the import pipeline as a
 * job whose page shows the report per Klasse and per object; bad files are refused in words and
 * change nothing; the export lists the files of the caller's area to download.
 */
import { gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { PRODUKT } from '../../src/syndication/produkt';
import { encodeMessage } from '../../src/xzufi/message';

type MessageItem = Parameters<typeof encodeMessage>[2][number];
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
async function signIn(username: string, password: string): Promise<Agent> {
  const agent = request.agent(t.app);
  const form = await agent.get('/redaktion/anmelden');
  expect((await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username, password, weiter: '/redaktion' })).status).toBe(303);
  return agent;
}

const office = (id: string, name: string, ars = '066360013013'): MessageItem => ({
  op: 'schreibe', object: { klasse: 'Organisationseinheit', id: { schemeAgencyID: 'S06000', id }, content: { name: [{ languageCode: 'de', value: name }], anschrift: [{ typ: '002', ort: 'Wanfried', ars }] } },
});
const message = (items: MessageItem[]) => encodeMessage(PRODUKT, { nachrichtUUID: crypto.randomUUID(), erstelltDatumZeit: new Date().toISOString() }, items);
const count = async (xzufiIdLike: string) => Number(((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM organisationseinheiten WHERE xzufi_id LIKE ${xzufiIdLike}`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);

/** Uploads as the form does (the CSRF field first), follows to the job page and waits for its end. */
async function upload(agent: Agent, file: Buffer | string, name: string, fields: Record<string, string> = {}): Promise<{ status: number; html: string }> {
  const page = await agent.get('/redaktion/xzufi');
  let req = agent.post('/redaktion/xzufi/import').field('_csrf', csrfOf(page.text));
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  const res = await req.attach('datei', Buffer.isBuffer(file) ? file : Buffer.from(file), name);
  if (res.status !== 303) return { status: res.status, html: res.text };
  expect(res.headers.location).toMatch(/^\/redaktion\/xzufi\/import\/[0-9a-f-]{36}$/);
  for (let i = 0; i < 100; i++) {
    const job = await agent.get(res.headers.location!);
    if (!job.text.includes('http-equiv="refresh"')) return { status: job.status, html: job.text };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import job did not finish');
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

it('imports an uploaded file as a job and shows the report per Klasse; the list names the file', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const page = await land.get('/redaktion/xzufi');
  expect(page.status).toBe(200);
  expect(page.text).toContain('enctype="multipart/form-data"');
  const { status, html } = await upload(land, message([office('OE-UPLOAD-1', 'Hochgeladenes Amt'), office('OE-UPLOAD-2', 'Zweites Amt')]), 'aemter.xml');
  expect(status).toBe(200);
  expect(html).toContain('Alles übernommen.');
  expect(html).toMatch(/<th scope="row">Organisationseinheiten<\/th><td>2<\/td><td>0<\/td>/);
  expect(await count('OE-UPLOAD-%')).toBe(2);
  // Again: unchanged, nothing new.
  const again = await upload(land, message([office('OE-UPLOAD-1', 'Hochgeladenes Amt'), office('OE-UPLOAD-2', 'Zweites Amt')]), 'aemter.xml');
  expect(again.html).toMatch(/<th scope="row">Organisationseinheiten<\/th><td>0<\/td><td>0<\/td><td>2<\/td>/);
  const list = await land.get('/redaktion/xzufi');
  expect(list.text.match(/>aemter\.xml<\/a>/g)).toHaveLength(2);
  expect(list.text).toContain('abgeschlossen');
});

it('takes gzip files, as the push endpoint does', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const { html } = await upload(land, gzipSync(message([office('OE-UPLOAD-GZ', 'Gepacktes Amt')])), 'amt.xml.gz');
  expect(html).toContain('Alles übernommen.');
  expect(await count('OE-UPLOAD-GZ')).toBe(1);
});

it('lists each faulty object with its position; all or nothing stores nothing, partial the others', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const file = message([office('OE-PART-OK', 'Gutes Amt'), office('OE-PART-BAD', 'Amt im Nirgendwo', '999999999999')]);
  const atomic = await upload(land, file, 'gemischt.xml');
  expect(atomic.html).toContain('Nichts übernommen');
  expect(atomic.html).toMatch(/<tr><td>Objekt 2[^<]*<\/td><td>Organisationseinheit OE-PART-BAD<\/td>/);
  expect(await count('OE-PART-%')).toBe(0);
  const partial = await upload(land, file, 'gemischt.xml', { modus: 'partial' });
  expect(partial.html).toContain('Teilweise übernommen');
  expect(partial.html).toMatch(/<th scope="row">Organisationseinheiten<\/th><td>1<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
  expect(await count('OE-PART-%')).toBe(1);
});

it('refuses what is not an XZuFi file in words an editor understands, and changes nothing', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const before = await count('%');
  const notXml = await upload(land, 'Name;Ort\nAmt;Wanfried\n', 'aemter.csv');
  expect(notXml.status).toBe(422);
  expect(notXml.html).toContain('Die Datei ist kein wohlgeformtes XML.');
  expect(notXml.html).toContain('aria-invalid="true"');
  const none = await upload(land, Buffer.alloc(0), '');
  expect(none.status).toBe(422);
  expect(none.html).toContain('Bitte eine XZuFi-Datei');
  // Well-formed, but not XZuFi: the job says why (with the line), nothing stored.
  const foreign = await upload(land, '<?xml version="1.0"?>\n<liste><amt>Wanfried</amt></liste>', 'liste.xml');
  expect(foreign.html).toContain('Die Datei wurde abgelehnt');
  expect(await count('%')).toBe(before);
});

it('needs the form token and the right to import', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const forged = await land.post('/redaktion/xzufi/import').field('_csrf', 'x'.repeat(43)).attach('datei', Buffer.from(message([office('OE-FORGED', 'Gefälscht')])), 'a.xml');
  expect(forged.status).toBe(403);
  const late = await land.post('/redaktion/xzufi/import').attach('datei', Buffer.from(message([office('OE-FORGED', 'Gefälscht')])), 'a.xml').field('_csrf', csrfOf((await land.get('/redaktion/xzufi')).text));
  expect(late.status).toBe(403);
  expect(await count('OE-FORGED')).toBe(0);
  const anonymous = await request(t.app).post('/redaktion/xzufi/import').attach('datei', Buffer.from('<a/>'), 'a.xml');
  expect(anonymous.status).toBe(303);
  expect(anonymous.headers.location).toMatch(/^\/redaktion\/anmelden/);
});

it('shows a job to its sender only; a municipality exports its own area', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  const page = await wanfried.get('/redaktion/xzufi');
  const res = await wanfried.post('/redaktion/xzufi/import').field('_csrf', csrfOf(page.text)).attach('datei', Buffer.from(message([office('OE-WANFRIED-UP', 'Amt aus Wanfried')])), 'wanfried.xml');
  expect(res.status).toBe(303);
  const frankenberg = await signIn('kommune-frankenberg', 'frankenberg-demo-2026');
  expect((await frankenberg.get(res.headers.location!)).status).toBe(404);
  expect((await land.get(res.headers.location!)).status).toBe(200);
  // The export: index and files under the municipality's area, downloadable with the session.
  expect(page.text).toContain('href="/xzufi/v1/ars/066360013013/index.txt"');
  const file = /href="(\/xzufi\/v1\/ars\/066360013013\/files\/[^"]+)"/.exec(page.text)![1]!;
  const download = await wanfried.get(file);
  expect(download.status).toBe(200);
  expect(download.text).toContain('xzufi');
  // The Landesredaktion picks an area by name.
  const byName = await land.get('/redaktion/xzufi?gebiet=Wanfried');
  expect(byName.text).toContain('href="/xzufi/v1/ars/066360013013/index.txt"');
  expect((await land.get('/redaktion/xzufi?gebiet=Nirgendwo')).text).toContain('Kein Gebiet „Nirgendwo“ gefunden');
  const all = await land.get('/redaktion/xzufi');
  expect(all.text).toContain('href="/xzufi/v1/index.txt"');
});
