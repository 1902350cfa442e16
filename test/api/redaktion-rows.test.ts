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
  const kanaele = (html: string) => formFields(html, { id: 'form' }).filter(([k]) => /^kommunikation__\d+__kennung$/.test(k)).map(([, v]) => v).filter(Boolean);
  const page = await land.get(url);
  const before = kanaele(page.text);
  expect(before.length).toBeGreaterThanOrEqual(2);
  const last = before.length - 1;
  const moved = await post(land, url, page.text, { aktion: `hoch:kommunikation:${last}` });
  expect(kanaele(moved.text)).toEqual([...before.slice(0, last - 1), before[last], before[last - 1]]);
  const removed = await post(land, url, moved.text, { 'kommunikation__0__entfernen': '1' });
  expect(removed.status).toBe(303);
  const now = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body;
  expect(now.kommunikation.map((k: { kennung: string }) => k.kennung)).toEqual([...before.slice(0, last - 1), before[last], before[last - 1]].slice(1));
});

it('shows opening hours as ranges and stores one Zeitfenster per day; a day that differs is its own row', async () => {
  const url = `/redaktion/organisationseinheiten/${oe.id}`;
  const page = await land.get(url);
  const rows = formFields(page.text, { id: 'form' }).filter(([k]) => k.startsWith('oeffnungszeiten_zeiten__'));
  const cleared = Object.fromEntries(rows.filter(([k]) => /__(tag|tagBis|von|bis|hinweis)$/.test(k)).map(([k]) => [k, '']));
  const saved = await post(land, url, page.text, {
    ...cleared,
    'oeffnungszeiten_zeiten__0__tag': 'mo', 'oeffnungszeiten_zeiten__0__tagBis': 'fr', 'oeffnungszeiten_zeiten__0__von': '08:00', 'oeffnungszeiten_zeiten__0__bis': '12:00',
    'oeffnungszeiten_zeiten__1__tag': 'do', 'oeffnungszeiten_zeiten__1__von': '14:00', 'oeffnungszeiten_zeiten__1__bis': '18:00', 'oeffnungszeiten_zeiten__1__hinweis': 'nicht in den Ferien',
  });
  expect(saved.status).toBe(303);
  const stored = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body.oeffnungszeiten.zeiten;
  expect(stored).toEqual([
    { tag: 'mo', von: '08:00', bis: '12:00' }, { tag: 'di', von: '08:00', bis: '12:00' }, { tag: 'mi', von: '08:00', bis: '12:00' },
    { tag: 'do', von: '08:00', bis: '12:00' }, { tag: 'do', von: '14:00', bis: '18:00', hinweis: 'nicht in den Ferien' }, { tag: 'fr', von: '08:00', bis: '12:00' },
  ]);
  const again = new Map(formFields((await land.get(url)).text, { id: 'form' }));
  expect([again.get('oeffnungszeiten_zeiten__0__tag'), again.get('oeffnungszeiten_zeiten__0__tagBis'), again.get('oeffnungszeiten_zeiten__0__von')]).toEqual(['mo', 'fr', '08:00']);
  expect([again.get('oeffnungszeiten_zeiten__1__tag'), again.get('oeffnungszeiten_zeiten__1__tagBis'), again.get('oeffnungszeiten_zeiten__1__hinweis')]).toEqual(['do', '', 'nicht in den Ferien']);
  expect(again.get('oeffnungszeiten_zeiten__2__tag')).toBe(''); // the spare row, empty
});

it('labels the form in English in the English workspace', async () => {
  const en = (await land.get(`/redaktion/organisationseinheiten/${oe.id}?lang=en`)).text;
  expect(en).toContain('<legend>Opening hours</legend>');
  expect(en).toContain('Add a row: Opening hours');
  expect(en).toMatch(/<th scope="col">Day \(from\)<\/th><th scope="col">to day<\/th><th scope="col">from \(hh:mm\)<\/th>/);
  expect(en).not.toContain('<legend>Öffnungszeiten</legend>');
  const de = (await land.get(`/redaktion/organisationseinheiten/${oe.id}`)).text;
  expect(de).toContain('<legend>Öffnungszeiten</legend>');
});
