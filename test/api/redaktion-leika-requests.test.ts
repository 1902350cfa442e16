/**
 * LeiKa key requests through the workspace pages (no JavaScript): a municipality requests a key,
 * the Landesredaktion asks back, the municipality answers, the Landesredaktion accepts with a key
 * in the request's group; errors in German at the field; others' requests stay hidden.
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
const submit = (agent: Agent, url: string, html: string, formId: string, changes: Record<string, string>) =>
  agent.post(url).type('form').send(encodeForm(formFields(html, { id: formId }), changes));
const status = (html: string) => /<dd id="antrag-status">([^<]+)<\/dd>/.exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

it('runs a request from the municipality through a question to an accepted key', async () => {
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const list = await wanfried.get('/redaktion/leika-antraege');
  expect(list.status).toBe(200);
  expect(list.text).toContain('href="/redaktion/leika-antraege"');
  // Nothing filled in, a wrong group: said in German at the fields, nothing stored.
  const bad = await submit(wanfried, '/redaktion/leika-antraege', list.text, 'antrag', { proposedName: '', leistungsgruppierung: '1x', justification: '' });
  expect(bad.status).toBe(422);
  expect(bad.text).toContain('Drei Ziffern, z. B. 102');
  expect((await t.api.get('/api/v1/leika-requests')).body.items).toHaveLength(0);
  const sent = await submit(wanfried, '/redaktion/leika-antraege', list.text, 'antrag', {
    proposedName: 'Hundeführerschein Anerkennung', leistungsgruppierung: '102', justification: 'Neue Satzung der Stadt Wanfried verlangt den Nachweis.',
  });
  expect(sent.status).toBe(303);
  const url = sent.headers.location!.split('?')[0]!;
  const mine = await wanfried.get(sent.headers.location!);
  expect(mine.text).toContain('Antrag gestellt');
  expect(status(mine.text)).toBe('offen');
  expect(mine.text).not.toContain('id="entscheidung"');
  // Another municipality does not see it; the Landesredaktion asks back.
  const frankenberg = await signIn('kommune-frankenberg', 'frankenberg-demo-2026');
  expect((await frankenberg.get(url)).status).toBe(404);
  const review = await land.get(url);
  const noMessage = await submit(land, url, review.text, 'entscheidung', { aktion: 'ask', message: '' });
  expect(noMessage.status).toBe(422);
  expect(noMessage.text).toContain('Bitte ausfüllen.');
  expect((await submit(land, url, review.text, 'entscheidung', { aktion: 'ask', message: 'Gilt das für alle Hunde oder nur für Listenhunde?' })).status).toBe(303);
  const asked = await wanfried.get(url);
  expect(status(asked.text)).toBe('Rückfrage an den Antragsteller');
  expect(asked.text).toContain('Gilt das für alle Hunde');
  expect((await submit(wanfried, url, asked.text, 'antwort', { aktion: 'reply', message: 'Nur für Listenhunde.' })).status).toBe(303);
  // Accepting: a key outside the group first, then a good one.
  const again = await land.get(url);
  expect(status(again.text)).toBe('offen');
  const wrong = await submit(land, url, again.text, 'entscheidung', { aktion: 'accept', leikaKey: '99103999000000' });
  expect(wrong.status).toBe(422);
  expect(wrong.text).toContain('Leistungsgruppierung 102 des Antrags');
  expect((await submit(land, url, again.text, 'entscheidung', { aktion: 'accept', leikaKey: '99102999000000' })).status).toBe(303);
  const decided = await wanfried.get(url);
  expect(status(decided.text)).toBe('angenommen');
  expect(decided.text).toContain('99102999000000');
  const api = (await t.api.get(`/api/v1/leika-requests/${url.split('/').pop()}`)).body;
  expect(api).toEqual(expect.objectContaining({ status: 'angenommen', leikaKey: '99102999000000', requestedBy: 'kommune-wanfried' }));
  expect(api.messages.map((m: { kind: string }) => m.kind)).toEqual(['ask', 'reply', 'accept']);
  // Decided is decided; a municipality cannot decide at all.
  const late = await submit(land, url, review.text, 'entscheidung', { aktion: 'reject', message: 'Doch nicht.' });
  expect(late.status).toBe(409);
  expect(late.text).toContain('schon entschieden');
  const forged = await wanfried.post(url).type('form').send({ _csrf: csrfOf(decided.text), aktion: 'accept', leikaKey: '99102999000001' });
  expect(forged.status).toBe(422);
  expect((await t.api.get(`/api/v1/leika-requests/${url.split('/').pop()}`)).body.leikaKey).toBe('99102999000000');
});
