/**
 * The workspace's pickers without JavaScript: a municipality creates a Zuständigkeit by typing
 * names and a PLZ; one match is taken, several come back as a choice, none as an error at the
 * field (in German) — and nothing is saved until every field names one thing. The suggestions
 * endpoint behind the JavaScript; the LeiKa step of a new Leistung.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { encodeForm, formFields } from '../helpers/forms';
import { leistungBody, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let wanfried: Agent;
let hundesteuer: { id: string };

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
async function signIn(username: string, password: string): Promise<Agent> {
  const agent = request.agent(t.app);
  const form = await agent.get('/redaktion/anmelden');
  expect((await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username, password, weiter: '/redaktion' })).status).toBe(303);
  return agent;
}
/** Submits the page's object form with changes, as a browser without JavaScript does. */
async function post(agent: Agent, html: string, changes: Record<string, string>) {
  const action = /<form action="([^"]+)" method="post" id="form"/.exec(html)![1]!.replace(/&amp;/g, '&');
  return agent.post(action).type('form').send(encodeForm(formFields(html, { id: 'form' }), changes));
}
const zustaendigkeitenOf = async (leistungId: string) => (await t.api.get(`/api/v1/zustaendigkeiten?leistungId=${leistungId}&limit=200`)).body.items as Array<Record<string, string>>;
const errorAt = (html: string, id: string) => new RegExp(`<p class="field-error" id="${id}-error">([^<]+)</p>`).exec(html)?.[1];

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
  wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  hundesteuer = (await t.api.get('/api/v1/leistungen?q=Hundesteuer')).body.items.find((l: { referenzLeiKa: string[] }) => l.referenzLeiKa[0] === '99102013002000');
});
afterAll(async () => { await t.close(); });

describe('Zuständigkeit form with pickers, without JavaScript', () => {
  it('opens from the Leistung with both ends filled, once each, and shows names instead of ids', async () => {
    const page = await wanfried.get(`/redaktion/zustaendigkeiten/neu?leistung=${hundesteuer.id}`);
    expect(page.status).toBe(200);
    expect(page.text.match(/name="leistungId"/g)).toHaveLength(1);
    expect(page.text).toContain(`name="leistungId" value="${hundesteuer.id}"`);
    expect(page.text).toMatch(/id="leistungId__text" name="leistungId__text" type="text" value="Hund zur Hundesteuer anmelden"/);
    expect(page.text).toMatch(/name="gebietID__text" type="text" value="Wanfried[^"]*\(066360013013\)"/);
    // The Leistung page links there.
    const leistungPage = await wanfried.get(`/redaktion/leistungen/${hundesteuer.id}`);
    expect(leistungPage.text.replace(/&#x3D;/g, '=')).toContain(`href="/redaktion/zustaendigkeiten/neu?leistung=${hundesteuer.id}"`);
  });

  it('takes the one office a name matches and the Gemeinde of a PLZ, and saves', async () => {
    const before = (await zustaendigkeitenOf(hundesteuer.id)).length;
    const page = await wanfried.get(`/redaktion/zustaendigkeiten/neu?leistung=${hundesteuer.id}`);
    const res = await post(wanfried, page.text, { organisationseinheitId__text: 'Bürgerbüro Wanfried', gebietID__text: '37281', rolle: '02' });
    expect(res.status).toBe(303);
    const after = await zustaendigkeitenOf(hundesteuer.id);
    expect(after).toHaveLength(before + 1);
    const made = after.find((z) => z.rolle === '02' && z.gebietID === WANFRIED)!;
    const office = (await t.api.get(`/api/v1/organisationseinheiten/${made.organisationseinheitId}`)).body;
    expect(office.name[0].value).toBe('Bürgerbüro Wanfried');
  });

  it('offers a choice where a name matches several, saves nothing meanwhile, and takes the one chosen', async () => {
    const before = (await zustaendigkeitenOf(hundesteuer.id)).length;
    const page = await wanfried.get(`/redaktion/zustaendigkeiten/neu?leistung=${hundesteuer.id}`);
    const asked = await post(wanfried, page.text, { organisationseinheitId__text: 'Bürgerbüro Wanfried', gebietID__text: 'Frankenberg' });
    expect(asked.status).toBe(422);
    expect(errorAt(asked.text, 'gebietID')).toBe('„Frankenberg“ passt auf mehrere Einträge: bitte einen auswählen');
    const choices = [...asked.text.matchAll(/<input type="radio" id="[^"]+" name="gebietID__wahl" value="(\d{12})"> <label class="inline" for="[^"]+">([^<]+)<\/label>/g)];
    expect(choices.map((c) => c[2])).toEqual(expect.arrayContaining([expect.stringMatching(/^Frankenberg \(Eder\)/), expect.stringMatching(/^Frankenberg\/Sa\./)]));
    expect(await zustaendigkeitenOf(hundesteuer.id)).toHaveLength(before);
    // The error summary links to the visible field.
    expect(asked.text).toContain('href="#gebietID__text"');
    // Choosing Frankenberg (Eder) — outside Wanfried's area, so the territory rule answers, in German.
    const eder = choices.find((c) => c[2]!.startsWith('Frankenberg (Eder)'))![1]!;
    const chosen = await post(wanfried, asked.text, { gebietID__wahl: eder });
    expect(chosen.status).toBe(403);
    expect(chosen.text).toContain('Sie können nur Inhalte innerhalb Ihres Zuständigkeitsbereichs (066360013013) anlegen');
    expect(await zustaendigkeitenOf(hundesteuer.id)).toHaveLength(before);
  });

  it('says in German what is missing or unknown, at the field', async () => {
    const page = await wanfried.get(`/redaktion/zustaendigkeiten/neu?leistung=${hundesteuer.id}`);
    const unknown = await post(wanfried, page.text, { organisationseinheitId__text: 'Amt das es nicht gibt' });
    expect(unknown.status).toBe(422);
    expect(errorAt(unknown.text, 'organisationseinheitId')).toBe('Zu „Amt das es nicht gibt“ wurde nichts gefunden');
    const neither = await post(wanfried, page.text, {});
    expect(neither.status).toBe(422);
    expect(neither.text).toContain('Bitte entweder eine Organisationseinheit oder einen Onlinedienst angeben');
    expect(neither.text).not.toMatch(/must NOT be valid|must match/);
  });
});

describe('suggestions and the LeiKa step', () => {
  it('suggests Gemeinden by PLZ and name, and "all Gemeinden" of a Kreis for list fields', async () => {
    const plz = await wanfried.get('/redaktion/auswahl/gebiet?q=37281');
    expect(plz.body.items).toEqual([expect.objectContaining({ value: WANFRIED, label: expect.stringMatching(/^Wanfried/) })]);
    const kreis = await wanfried.get('/redaktion/auswahl/gebiet').query({ q: 'Werra-Meißner', mehrere: '1' });
    expect(kreis.body.items).toEqual(expect.arrayContaining([expect.objectContaining({ value: 'alle:066360000000' })]));
    const office = await wanfried.get('/redaktion/auswahl/organisationseinheit').query({ q: 'Bürgerbüro Wanf' });
    expect(office.body.items[0]).toMatchObject({ label: 'Bürgerbüro Wanfried' });
    expect((await request(t.app).get('/redaktion/auswahl/gebiet?q=37281')).status).not.toBe(200); // signed-in only
  });

  it('shows other Leistungen that refer to the same LeiKa key instead of refusing them', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const other = (await t.api.post('/api/v1/leistungen').send(leistungBody({
      referenzLeiKa: ['99110009104000', '99102013002000'], modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Hund anmelden (Ordnungsamt)' }] }],
    }))).body;
    const page = (await land.get(`/redaktion/leistungen/${hundesteuer.id}`)).text;
    expect(page).toContain('Weitere Leistungen mit demselben LeiKa-Schlüssel');
    expect(page).toContain(`99102013002000: <a href="/redaktion/leistungen/${other.id}">Hund anmelden (Ordnungsamt)</a> (Entwurf)`);
  });

  it('finds a LeiKa entry and fills key, Typisierung and Leistungsbezeichnung from the catalogue', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const found = await land.get('/redaktion/leistungen/neu').query({ leikaSuche: 'Hundehaltung Anmeldung' });
    expect(found.text.replace(/&#x3D;/g, '=')).toContain('href="/redaktion/leistungen/neu?leika=99110009104000"');
    const form = await land.get('/redaktion/leistungen/neu?leika=99110009104000');
    const fields = new Map(formFields(form.text, { id: 'form' }));
    expect(fields.get('referenzLeiKa')).toBe('Hundehaltung Anmeldung (99110009104000)');
    expect(fields.get('modulText__02__de')).toBe('Hundehaltung Anmeldung');
    expect(form.text).toMatch(/<input type="checkbox" id="typisierung__2" name="typisierung__2" value="1" checked> <label class="inline" for="typisierung__2">2\/3/);
  });
});
