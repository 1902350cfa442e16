/**
 * The history page without JavaScript: status changes in words, an earlier version restored as
 * the newest draft (optimistic locking: a stale page restores nothing), and the audit trail for
 * those with the right read_audit only.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { encodeForm, formFields } from '../helpers/forms';
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
const restoreForms = (html: string) => [...html.matchAll(/<form class="inline-form" method="post" action="([^"]+\/wiederherstellen[^"]*)">/g)].map((m) => m[1]!);

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

it('restores an earlier version as the newest draft, and a stale page restores nothing', async () => {
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  const oe = (await t.api.get('/api/v1/organisationseinheiten?q=Wanfried')).body.items[0] as { id: string; version: number; name: Array<{ value: string }> };
  const original = oe.name[0]!.value;
  const url = `/redaktion/organisationseinheiten/${oe.id}`;
  const form = await wanfried.get(url);
  expect((await wanfried.post(url).type('form').send(encodeForm(formFields(form.text, { id: 'form' }), { name__de: 'Umbenanntes Bürgerbüro' }))).status).toBe(303);
  const history = await wanfried.get(`${url}/versionen`);
  expect(history.text).toContain('(aktuell)');
  const restore = restoreForms(history.text);
  expect(restore.length).toBeGreaterThanOrEqual(1);
  const target = restore.find((a) => a.includes(`/versionen/${oe.version}/`))!;
  const fields = formFields(history.text, { action: target });
  // Someone saves meanwhile: the page's version is stale.
  const again = await wanfried.get(url);
  expect((await wanfried.post(url).type('form').send(encodeForm(formFields(again.text, { id: 'form' }), { name__de: 'Noch einmal umbenannt' }))).status).toBe(303);
  const stale = await wanfried.post(target).type('form').send(encodeForm(fields));
  expect(stale.status).toBe(412);
  expect(stale.text).toContain("inzwischen geändert");
  expect(stale.text).toContain('Nicht wiederhergestellt');
  expect((await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body.name[0].value).toBe('Noch einmal umbenannt');
  // From a fresh page it works, and the history keeps every version.
  const fresh = await wanfried.get(`${url}/versionen`);
  const done = await wanfried.post(target).type('form').send(encodeForm(formFields(fresh.text, { action: target })));
  expect(done.status).toBe(303);
  const page = await wanfried.get(done.headers.location!);
  expect(page.text).toContain('Frühere Version wiederhergestellt');
  const now = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body;
  expect(now.name[0].value).toBe(original);
  expect(now.version).toBe(oe.version + 3);
  const versions = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}/versions`)).body.items as Array<{ version: number; comment?: string }>;
  expect(versions[0]).toEqual(expect.objectContaining({ version: oe.version + 3, comment: `Version ${oe.version} wiederhergestellt` }));
});

it('shows status changes in words and the audit trail to the Landesredaktion only', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  const created = await t.api.post('/api/v1/organisationseinheiten').send({ name: [{ languageCode: 'de', value: 'Protokollamt' }], anschrift: [{ typ: '002', ort: 'Wanfried', ars: '066360013013' }] });
  expect(created.status).toBe(201);
  expect((await t.api.post(`/api/v1/organisationseinheiten/${created.body.id}/transitions`).send({ to: 'veroeffentlicht' })).status).toBe(200);
  const history = await land.get(`/redaktion/organisationseinheiten/${created.body.id}/versionen`);
  expect(history.text).toMatch(/Entwurf → Veröffentlicht/);
  expect(history.text).not.toMatch(/entwurf → veroeffentlicht/);
  const trail = /<table class="data" id="protokoll">([\s\S]*?)<\/table>/.exec(history.text)![1]!;
  expect(trail).toMatch(/angelegt/);
  expect(trail).toMatch(/Status geändert/);
  expect(trail).toContain('(API-Token)');
  // A municipality may read the object but not the audit trail.
  const theirs = await wanfried.get(`/redaktion/organisationseinheiten/${created.body.id}/versionen`);
  expect(theirs.status).toBe(200);
  expect(theirs.text).not.toContain('id="protokoll"');
  expect(restoreForms(theirs.text)).toEqual([]);
});
