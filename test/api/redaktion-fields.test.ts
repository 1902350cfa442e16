/**
 * What the API holds and the forms now edit too (no JavaScript): links of text modules
 * (Formulare, weiterführende Links), Dokumente, Kategorien by name, local Kosten of a
 * Spezialisierung — stored in the XZuFi shapes, and nothing the form does not show is lost.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { encodeForm, formFields } from '../helpers/forms';
import { leistungBody } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let land: Agent;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const save = async (agent: Agent, url: string, changes: Record<string, string>, extra: Array<[string, string]> = []) => {
  const page = await agent.get(url);
  return agent.post(url).type('form').send(encodeForm([...formFields(page.text, { id: 'form' }), ...extra], changes));
};

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
  land = request.agent(t.app);
  const form = await land.get('/redaktion/anmelden');
  await land.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username: 'landesredaktion', password: 'landesredaktion-demo-2026', weiter: '/redaktion' });
});
afterAll(async () => { await t.close(); });

it('edits links of text modules, link-only modules included, and Dokumente', async () => {
  const created = await t.api.post('/api/v1/leistungen').send(leistungBody({
    modulText: [
      { leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Formularprüfung' }] },
      { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Text</p>' }] },
      // A module with links only, as other systems send them.
      { leikaTextmodul: '15', weiterfuehrenderLink: [{ uri: 'https://info.example/a', titel: 'Info A', languageCode: 'de' }] },
    ],
  }));
  expect(created.status).toBe(201);
  const url = `/redaktion/leistungen/${created.body.id}`;
  const page = await land.get(url);
  expect(formFields(page.text, { id: 'form' })).toEqual(expect.arrayContaining([['modulText_15_weiterfuehrenderLink__0__uri', 'https://info.example/a']]));
  // Unchanged save keeps the link-only module.
  expect((await save(land, url, {})).status).toBe(303);
  let now = (await t.api.get(`/api/v1/leistungen/${created.body.id}`)).body;
  expect(now.modulText.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '15')).toEqual({ leikaTextmodul: '15', weiterfuehrenderLink: [{ uri: 'https://info.example/a', titel: 'Info A', languageCode: 'de' }] });
  // A form link in module 14 (no text there), a document to bring; the module-15 link removed.
  expect((await save(land, url, {
    'modulText_14_weiterfuehrenderLink__0__uri': 'https://formulare.example/antrag.pdf', 'modulText_14_weiterfuehrenderLink__0__titel': 'Antragsformular',
    'modulDokument_dokumentEingehend__0__bezeichnung': 'Personalausweis', 'modulDokument_dokumentEingehend__0__typ': '001',
  }, [['modulText_15_weiterfuehrenderLink__0__entfernen', '1']])).status).toBe(303);
  now = (await t.api.get(`/api/v1/leistungen/${created.body.id}`)).body;
  const codes = now.modulText.map((m: { leikaTextmodul: string }) => m.leikaTextmodul);
  expect(codes).toEqual(['02', '06', '14']);
  expect(now.modulText[2]).toEqual({ leikaTextmodul: '14', weiterfuehrenderLink: [{ uri: 'https://formulare.example/antrag.pdf', titel: 'Antragsformular', languageCode: 'de' }] });
  expect(now.modulDokument.dokumentEingehend).toEqual([{ bezeichnung: [{ languageCode: 'de', value: 'Personalausweis' }], typ: { code: '001' } }]);
  // A malformed link is refused at the field, in German, and nothing changes.
  const bad = await save(land, url, { 'modulText_14_weiterfuehrenderLink__0__uri': 'formulare.example' });
  expect(bad.status).toBe(422);
  const summary = /<div class="error-summary"[\s\S]*?<\/div>/.exec(bad.text)![0];
  expect(summary).toContain('Formulare (Links, Modul 14): Bitte eine Adresse mit https:// am Anfang angeben.');
  expect(summary).not.toMatch(/must match/);
  expect((await t.api.get(`/api/v1/leistungen/${created.body.id}`)).body.version).toBe(now.version);
});

it('assigns Kategorien by name', async () => {
  const hund = (await t.api.get('/api/v1/leistungen?q=Hundesteuer')).body.items[0] as { id: string };
  const url = `/redaktion/leistungen/${hund.id}`;
  const saved = await save(land, url, { kategorieIds: 'Haustiere\nAusweise und Dokumente' });
  expect(saved.status).toBe(303);
  const now = (await t.api.get(`/api/v1/leistungen/${hund.id}`)).body;
  const kategorien = (await t.api.get('/api/v1/kategorien?limit=100')).body.items as Array<{ id: string; bezeichnung: Array<{ value: string }> }>;
  const idOf = (n: string) => kategorien.find((k) => k.bezeichnung[0]!.value === n)!.id;
  expect(now.kategorieIds).toEqual(expect.arrayContaining([idOf('Haustiere'), idOf('Ausweise und Dokumente')]));
  // The form shows them by name again.
  expect((await land.get(url)).text).toContain(`Haustiere (${idOf('Haustiere')})`);
});

it('keeps local Kosten of a Spezialisierung as amounts, and modules the form does not show', async () => {
  const spez = (await t.api.get('/api/v1/spezialisierungen?limit=1')).body.items[0] as { id: string; version: number };
  const url = `/redaktion/spezialisierungen/${spez.id}`;
  const before = (await t.api.get(`/api/v1/spezialisierungen/${spez.id}`)).body;
  const saved = await save(land, url, { 'modulKosten_kosten__0__art': 'fix', 'modulKosten_kosten__0__betrag': '12,50', 'modulKosten_kosten__0__beschreibung': 'Verwaltungsgebühr der Stadt' });
  expect(saved.status).toBe(303);
  const now = (await t.api.get(`/api/v1/spezialisierungen/${spez.id}`)).body;
  expect(now.modulKosten.kosten[0]).toEqual(expect.objectContaining({ fix: { betrag: { value: 12.5, currencyCode: 'EUR' } }, beschreibung: [{ languageCode: 'de', value: 'Verwaltungsgebühr der Stadt' }] }));
  const hidden = (before.modulText ?? []).filter((m: { leikaTextmodul: string }) => !['06', '08', '09', '11', '14', '16', '22', '23'].includes(m.leikaTextmodul));
  expect(now.modulText ?? []).toEqual(expect.arrayContaining(hidden));
});
