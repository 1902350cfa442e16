/**
 * Without JavaScript a text may hold markup the portals do not allow: the form says what the
 * cleaning removes and shows the cleaned text before anything is saved; allowed markup in any
 * spelling saves at once.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { removedMarkup } from '../../src/redaktion/sanitizerNotes';
import { encodeForm, formFields } from '../helpers/forms';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let wanfried: Agent;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
  wanfried = request.agent(t.app);
  const form = await wanfried.get('/redaktion/anmelden');
  await wanfried.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username: 'kommune-wanfried', password: 'wanfried-demo-2026', weiter: '/redaktion' });
});
afterAll(async () => { await t.close(); });

it('names what cleaning removes, and only that', () => {
  expect(removedMarkup('<p style="color:red" class="x">Hallo <span>Welt</span><script>alert(1)</script> <a href="javascript:alert(1)" target="_blank">x</a></p><!-- c -->', 'de'))
    .toEqual(['Attribut style', 'Attribut class', '<span>', '<script>', 'Linkziel javascript:', 'Attribut target', 'Kommentare']);
  expect(removedMarkup('<p>A<br>B<br />C &amp; <strong>D</strong> <a href="https://x.example">E</a> <a href="mailto:a@b.example">F</a></p><ul><li>G</li></ul>', 'de')).toEqual([]);
});

it('shows the cleaned text before saving; saving again stores it', async () => {
  const oe = (await t.api.get('/api/v1/organisationseinheiten?q=Wanfried')).body.items[0] as { id: string; version: number };
  const url = `/redaktion/organisationseinheiten/${oe.id}`;
  const page = await wanfried.get(url);
  const first = await wanfried.post(url).type('form').send(encodeForm(formFields(page.text, { id: 'form' }), { beschreibung__de: '<p style="color:red">Hallo <span>Welt</span><script>alert(1)</script></p>' }));
  expect(first.status).toBe(200);
  const note = /<div class="warning" role="alert" id="bereinigt">([\s\S]*?)<\/div>/.exec(first.text)![1]!;
  expect(note).toContain('Noch nicht gespeichert');
  expect(note).toMatch(/Beschreibung \(Deutsch\)<\/a>: <code>Attribut style<\/code>, <code>&lt;span&gt;<\/code>, <code>&lt;script&gt;<\/code>/);
  expect((await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body.version).toBe(oe.version);
  const shown = new Map(formFields(first.text, { id: 'form' }));
  expect(shown.get('beschreibung__de')).toBe('<p>Hallo Welt</p>');
  const second = await wanfried.post(url).type('form').send(encodeForm(formFields(first.text, { id: 'form' })));
  expect(second.status).toBe(303);
  const now = (await t.api.get(`/api/v1/organisationseinheiten/${oe.id}`)).body;
  expect(now.beschreibung.find((b: { languageCode: string }) => b.languageCode === 'de').value).toBe('<p>Hallo Welt</p>');
  // Allowed markup saves at once.
  const third = await wanfried.get(url);
  expect((await wanfried.post(url).type('form').send(encodeForm(formFields(third.text, { id: 'form' }), { beschreibung__de: '<p>Zeile<br>zwei &amp; <strong>fett</strong></p>' }))).status).toBe(303);
});
