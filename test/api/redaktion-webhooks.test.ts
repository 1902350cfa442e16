/**
 * Webhooks through the workspace pages (no JavaScript): subscribe with an area by name, the
 * secret shown once, a refusal in German for an address inside the network, the delivery log,
 * removal; another tenant sees none of it.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { dispatchWebhooks } from '../../src/webhooks/webhooks';
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

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

it('subscribes, shows the secret once, logs deliveries and removes the subscription', async () => {
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  const page = await wanfried.get('/redaktion/webhooks');
  expect(page.status).toBe(200);
  expect(page.text).toContain('href="/redaktion/webhooks"');
  // An address inside the network is refused, in words.
  const inside = await wanfried.post('/redaktion/webhooks').type('form').send(encodeForm(formFields(page.text, { id: 'webhook' }), { url: 'http://127.0.0.1:9/hook' }));
  expect(inside.status).toBe(422);
  expect(inside.text).toContain('127.0.0.1 ist keine öffentlich erreichbare Adresse');
  expect((await (await t.as('kommunalredakteur', 'kommune-wanfried')).get('/api/v1/webhooks')).body.items).toEqual([]);
  // The municipality's own area is fixed; a public address (by IP, no lookup needed) is taken.
  expect(page.text).not.toContain('name="gebiet"');
  const fields = formFields(page.text, { id: 'webhook' }).concat([['klassen', 'Organisationseinheit']]);
  const made = await wanfried.post('/redaktion/webhooks').type('form').send(encodeForm(fields, { url: 'https://93.184.215.14/fim-hook' }));
  expect(made.status).toBe(200);
  const secret = /id="webhook-secret" type="text" readonly value="([^"]+)"/.exec(made.text)![1]!;
  expect(secret.length).toBeGreaterThan(30);
  const again = await wanfried.get('/redaktion/webhooks');
  expect(again.text).not.toContain(secret);
  const api = (await (await t.as('kommunalredakteur', 'kommune-wanfried')).get('/api/v1/webhooks')).body.items;
  expect(api).toEqual([expect.objectContaining({ url: 'https://93.184.215.14/fim-hook', ars: '066360013013', klassen: ['Organisationseinheit'] })]);
  // A publication in the area becomes a delivery in the log.
  const office = await t.api.post('/api/v1/organisationseinheiten').send({ name: [{ languageCode: 'de', value: 'Webhookamt' }], anschrift: [{ typ: '002', ort: 'Wanfried', ars: '066360013013' }] });
  await t.api.post(`/api/v1/organisationseinheiten/${office.body.id}/transitions`).send({ to: 'veroeffentlicht' });
  await dispatchWebhooks(t.database);
  const log = await wanfried.get(`/redaktion/webhooks/${api[0].id}`);
  expect(log.text).toMatch(new RegExp(`veröffentlicht: Organisationseinheiten ${office.body.xzufiId}`));
  // Another tenant sees neither the subscription nor its log.
  const frankenberg = await signIn('kommune-frankenberg', 'frankenberg-demo-2026');
  expect((await frankenberg.get('/redaktion/webhooks')).text).not.toContain('93.184.215.14');
  expect((await frankenberg.get(`/redaktion/webhooks/${api[0].id}`)).status).toBe(404);
  expect((await frankenberg.post(`/redaktion/webhooks/${api[0].id}/entfernen`).type('form').send({ _csrf: csrfOf((await frankenberg.get('/redaktion/webhooks')).text) })).status).toBe(404);
  const removed = await wanfried.post(`/redaktion/webhooks/${api[0].id}/entfernen`).type('form').send({ _csrf: csrfOf(again.text) });
  expect(removed.text).toContain('Abonnement entfernt.');
  expect((await (await t.as('kommunalredakteur', 'kommune-wanfried')).get('/api/v1/webhooks')).body.items).toEqual([]);
});
