/**
 * Repeating rows without JavaScript: "Zeile hinzufügen" shows one more empty row (keeping what was
 * typed, saving nothing), "nach oben" reorders, "entfernen" drops a row when saving; the form's
 * first button is Save, so Enter in a field saves.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { encodeForm, formFields } from '../helpers/forms';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let land: Agent;
let oe: { id: string; version: number };
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const post = (agent: Agent, url: string, html: string, changes: Record<string, string>) => agent.post(url).type('form').send(encodeForm(formFields(html, { id: 'form' }), changes));
const zeiten = (html: string) => formFields(html, { id: 'form' }).filter(([k]) => /^oeffnungszeiten_zeiten__\d+__tag$/.test(k)).map(([, v]) => v);

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
  land = request.agent(t.app);
  const form = await land.get('/redaktion/anmelden');
  await land.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username: 'landesredaktion', password: 'landesredaktion-demo-2026', weiter: '/redaktion' });
  oe = (await t.api.get('/api/v1/organisationseinheiten?q=Wanfried')).body.items[0];
});
afterAll(async () => { await t.close(); });

it('adds an empty row on request, keeping what was typed and saving nothing', async () => {
  const url = `/redaktion/organisationseinheiten/${oe.id}`;
  const page = await land.get(url);
  const before = zeiten(page.text);
  const stored = before.filter(Boolean).length;
  expect(before).toHaveLength(stored + 1); // one empty row to fill in
  const firstButton = /<form action="[^"]+" method="post" id="form"[\s\S]*?<button type="submit"[^>]*>([^<]+)</.exec(page.text)![1];
  expect(firstButton).toBe('Entwurf speichern');
  const added = await post(land, url, page.text, { aktion: 'zeile:oeffnungszeiten_zeiten', [`oeffnungszeiten_zeiten__${stored}__tag`]: 'sa', [`oeffnungszeiten_zeiten__${stored}__von`]: '09:00', [`oeffnungszeiten_zeiten__${stored}__bis`]: '12:00' });
  expect(added.status).toBe(200);
  expect(added.text).toContain('Noch nicht gespeichert');
  expect(zeiten(added.text)).toEqual([...before.slice(0, stored), 'sa', '']);
  // Twice: two empty rows.
  const again = await post(land, url, added.text, { aktion: 'zeile:oeffnungszeiten_zeiten' });
  expect(zeiten(again.text)).toEqual([...before.slice(0, stored), 'sa', '', '']);
  expect((await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body.version).toBe(oe.version);
  // Saving then keeps the new row.
  const saved = await post(land, url, again.text, {});
  expect(saved.status).toBe(303);
  const now = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body;
  expect(now.oeffnungszeiten.zeiten.at(-1)).toEqual(expect.objectContaining({ tag: 'sa', von: '09:00', bis: '12:00' }));
});

it('moves a row up and removes a row', async () => {
  const url = `/redaktion/organisationseinheiten/${oe.id}`;
  const page = await land.get(url);
  const before = zeiten(page.text).filter(Boolean);
  expect(before.length).toBeGreaterThan(2);
  const last = before.length - 1;
  const moved = await post(land, url, page.text, { aktion: `hoch:oeffnungszeiten_zeiten:${last}` });
  expect(zeiten(moved.text).filter(Boolean)).toEqual([...before.slice(0, last - 1), before[last], before[last - 1]]);
  const removed = await post(land, url, moved.text, { 'oeffnungszeiten_zeiten__0__entfernen': '1' });
  expect(removed.status).toBe(303);
  const now = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body;
  expect(now.oeffnungszeiten.zeiten.map((z: { tag: string }) => z.tag)).toEqual([...before.slice(1, last - 1), before[last], before[last - 1]]);
});

it('labels the form in English in the English workspace', async () => {
  const en = (await land.get(`/redaktion/organisationseinheiten/${oe.id}?lang=en`)).text;
  expect(en).toContain('<legend>Opening hours</legend>');
  expect(en).toContain('Add a row: Opening hours');
  expect(en).toMatch(/<th scope="col">Day<\/th><th scope="col">from \(hh:mm\)<\/th>/);
  expect(en).not.toContain('<legend>Öffnungszeiten</legend>');
  const de = (await land.get(`/redaktion/organisationseinheiten/${oe.id}`)).text;
  expect(de).toContain('<legend>Öffnungszeiten</legend>');
});
