/**
 * An admin changes accounts: a new role takes effect at the user's next request, a password
 * reset ends the user's sessions and the new password works, a blocked user is unblocked — in
 * the Verwaltung page and through PATCH /api/v1/admin/users/{id}.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { encodeForm, formFields } from '../helpers/forms';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
async function signIn(username: string, password: string): Promise<{ agent: Agent; status: number }> {
  const agent = request.agent(t.app);
  const form = await agent.get('/redaktion/anmelden');
  const res = await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username, password, weiter: '/redaktion' });
  return { agent, status: res.status };
}
const me = async (agent: Agent) => agent.get('/auth/me');
/** The admin API as the admin's browser session calls it (session cookie + CSRF header). */
async function adminApi() {
  const { agent } = await signIn('admin', 'admin-demo-2026');
  const csrf = (await agent.get('/auth/csrf')).body.csrfToken as string;
  return {
    post: (url: string, body: object) => agent.post(url).set('x-csrf-token', csrf).send(body),
    patch: (url: string, body: object) => agent.patch(url).set('x-csrf-token', csrf).send(body),
    get: (url: string) => agent.get(url),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

it('changes role, resets the password (ending sessions) and unblocks, from the Verwaltung page', async () => {
  const adminToken = await adminApi();
  expect((await adminToken.post('/api/v1/admin/users', { id: 'sontra.redaktion', tenant: 'kommune-wanfried', role: 'kommunalredakteur', password: 'erstes-passwort-2026' })).status).toBe(201);
  const user = await signIn('sontra.redaktion', 'erstes-passwort-2026');
  expect(user.status).toBe(303);
  expect((await me(user.agent)).body.user.role).toBe('kommunalredakteur');
  const { agent: admin } = await signIn('admin', 'admin-demo-2026');
  const page = await admin.get('/redaktion/verwaltung');
  const form = formFields(page.text, { id: 'aendern' });
  // Nothing chosen: said in German, nothing changed.
  const nothing = await admin.post('/redaktion/verwaltung/benutzer-aendern').type('form').send(encodeForm(form, { id: 'sontra.redaktion' }));
  expect(nothing.status).toBe(422);
  expect(nothing.text).toContain('Bitte eine neue Rolle, ein neues Passwort oder „entsperren“ angeben.');
  const short = await admin.post('/redaktion/verwaltung/benutzer-aendern').type('form').send(encodeForm(form, { id: 'sontra.redaktion', password: 'kurz' }));
  expect(short.text).toContain('Das Passwort braucht mindestens 12 Zeichen.');
  // The role: at once, the session stays.
  const role = await admin.post('/redaktion/verwaltung/benutzer-aendern').type('form').send(encodeForm(form, { id: 'sontra.redaktion', role: 'fachressort' }));
  expect(role.status).toBe(200);
  expect(role.text).toContain('Benutzer sontra.redaktion geändert: Rolle Fachressort');
  expect((await me(user.agent)).body.user.role).toBe('fachressort');
  // The password: the running session ends, the old password fails, the new one works.
  const reset = await admin.post('/redaktion/verwaltung/benutzer-aendern').type('form').send(encodeForm(form, { id: 'sontra.redaktion', password: 'zweites-passwort-2026' }));
  expect(reset.text).toContain('neues Passwort (Sitzungen beendet)');
  expect((await me(user.agent)).status).toBe(401);
  expect((await signIn('sontra.redaktion', 'erstes-passwort-2026')).status).not.toBe(303);
  expect((await signIn('sontra.redaktion', 'zweites-passwort-2026')).status).toBe(303);
  // Blocked through the API, unblocked on the page.
  expect((await adminToken.patch('/api/v1/admin/users/sontra.redaktion', { disabled: true })).body.disabled).toBe(true);
  expect((await signIn('sontra.redaktion', 'zweites-passwort-2026')).status).not.toBe(303);
  const unblock = await admin.post('/redaktion/verwaltung/benutzer-aendern').type('form').send(encodeForm(form, { id: 'sontra.redaktion', entsperren: 'ja' }));
  expect(unblock.text).toContain('entsperrt');
  expect((await signIn('sontra.redaktion', 'zweites-passwort-2026')).status).toBe(303);
});

it('checks PATCH /api/v1/admin/users/{id}', async () => {
  const adminToken = await adminApi();
  expect((await adminToken.patch('/api/v1/admin/users/niemand', { role: 'admin' })).status).toBe(404);
  const bad = await adminToken.patch('/api/v1/admin/users/kommune-wanfried', { role: 'kaiser', colour: 'blau' });
  expect(bad.status).toBe(422);
  expect((await adminToken.patch('/api/v1/admin/users/kommune-wanfried', { password: 'kurz' })).status).toBe(422);
  const editor = await t.as('landesredakteur', 'landesredaktion');
  expect((await editor.patch('/api/v1/admin/users/kommune-wanfried').send({ role: 'admin' })).status).toBe(403);
  expect((await adminToken.get('/api/v1/admin/users')).body.items.find((u: { id: string }) => u.id === 'kommune-wanfried').role).toBe('kommunalredakteur');
});
