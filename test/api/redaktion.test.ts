import { sql } from 'drizzle-orm';
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
import { WANFRIED } from '../helpers/factories';
import { encodeForm, formFields } from '../helpers/forms';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

type Agent = ReturnType<typeof request.agent>;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
const main = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

async function signIn(username: string, password: string): Promise<Agent> {
  const agent = request.agent(t.app);
  const form = await agent.get('/redaktion/anmelden');
  const res = await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username, password, weiter: '/redaktion' });
  expect(res.status).toBe(303);
  return agent;
}

/** Posts a form the way a browser does: every field of the page's form plus the changes. */
async function submit(agent: Agent, pageUrl: string, formAction: RegExp, changes: Record<string, string>, button?: [string, string]) {
  const page = await agent.get(pageUrl);
  const forms = [...page.text.matchAll(/<form action="([^"]+)" method="post"[^>]*>([\s\S]*?)<\/form>/g)];
  const form = forms.find((f) => formAction.test(f[1]!.replace(/&amp;/g, '&')));
  if (!form) throw new Error(`no form ${formAction} on ${pageUrl}`);
  const fields: Record<string, string> = {};
  for (const m of form[2]!.matchAll(/<input ([^>]*)>/g)) {
    const name = /name="([^"]+)"/.exec(m[1]!)?.[1];
    if (!name || /type="(checkbox|submit)"/.test(m[1]!)) continue;
    fields[name] = /value="([^"]*)"/.exec(m[1]!)?.[1]?.replace(/&amp;/g, '&').replace(/&quot;/g, '"') ?? '';
  }
  for (const m of form[2]!.matchAll(/<input ([^>]*type="checkbox"[^>]*)>/g)) if (/ checked/.test(m[1]!)) fields[/name="([^"]+)"/.exec(m[1]!)![1]!] = '1';
  for (const m of form[2]!.matchAll(/<textarea id="[^"]+" name="([^"]+)"[^>]*>([\s\S]*?)<\/textarea>/g)) fields[m[1]!] = m[2]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
  for (const m of form[2]!.matchAll(/<select id="[^"]+" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1]!] = /<option value="([^"]*)" selected>/.exec(m[2]!)?.[1] ?? '';
  if (button) fields[button[0]] = button[1];
  return agent.post(form[1]!.replace(/&amp;/g, '&')).type('form').send({ ...fields, ...changes });
}

const uuidOf = async (table: string, xzufiId: string) => (await t.database.db.execute(sql`SELECT uuid FROM ${sql.raw(table)} WHERE xzufi_id = ${xzufiId}`) as unknown as { rows: Array<{ uuid: string }> }).rows[0]!.uuid;

describe('editor workspace', () => {
  it('signs in with the CSRF token of the form, shows one generic error, and refuses forms without the token', async () => {
    const agent = request.agent(t.app);
    expect((await agent.get('/redaktion')).headers.location).toBe('/redaktion/anmelden?weiter=%2Fredaktion');
    const form = await agent.get('/redaktion/anmelden');
    const wrong = await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username: 'kommune-wanfried', password: 'falsch' });
    expect(wrong.status).toBe(401);
    expect(main(wrong.text)).toContain('class="error-summary"');
    expect((await agent.post('/redaktion/anmelden').type('form').send({ username: 'kommune-wanfried', password: 'wanfried-demo-2026' })).status).toBe(403);
    const ok = await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username: 'kommune-wanfried', password: 'wanfried-demo-2026' });
    expect(ok.status).toBe(303);
    const dashboard = await agent.get('/redaktion');
    expect(dashboard.status).toBe(200);
    expect(main(dashboard.text)).toContain('Meine Entwürfe');
    // A different site cannot post for the signed-in editor: the token is required after the sign-in too.
    expect((await agent.post('/redaktion/abmelden').type('form').send({})).status).toBe(403);
    expect((await agent.post('/redaktion/anmelden').type('form').send({ _csrf: 'x'.repeat(43), username: 'a', password: 'b' })).status).toBe(403);
  });

  it('lets a municipality localise a Leistung: master text read-only beside its own, saved as draft, published', async () => {
    const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
    const master = await uuidOf('leistungen', 'L-MELDEBESCHEINIGUNG');
    const edit = await wanfried.get(`/redaktion/leistungen/${master}`);
    expect(main(edit.text)).toContain('Für meine Kommune ergänzen');
    expect(main(edit.text)).toMatch(/<fieldset class="plain" disabled>/); // the master text is not theirs to edit
    const neu = await wanfried.get(`/redaktion/spezialisierungen/neu?leistung=${master}`);
    expect(main(neu.text)).toContain('Inhalt der Landesleistung (nur lesen)');
    const count = async () => Number(((await t.database.db.execute(sql`SELECT count(*)::int AS n FROM spezialisierungen`)) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n);
    const before = await count();
    // A script in the text: said before saving, with the cleaned text to save.
    const checked = await submit(wanfried, `/redaktion/spezialisierungen/neu?leistung=${master}`, /\/redaktion\/spezialisierungen\/neu/, {
      modulText__16__de: '<p>In Wanfried <strong>ohne Termin</strong> im Bürgerbüro.</p><script>alert(1)</script>',
    });
    expect(checked.status).toBe(200);
    expect(checked.text).toContain('&lt;script&gt;');
    expect(await count()).toBe(before);
    const created = await wanfried.post(`/redaktion/spezialisierungen/neu?leistung=${master}`).type('form').send(encodeForm(formFields(checked.text, { id: 'form' })));
    expect(created.status).toBe(303);
    const url = created.headers.location!.replace(/\?.*/, '');
    const draft = await wanfried.get(url);
    expect(main(draft.text)).toContain('Entwurf');
    const stored = (await t.database.db.execute(sql`SELECT content, status, ars FROM spezialisierungen WHERE uuid = ${url.split('/').pop()!}`) as unknown as { rows: Array<{ content: Record<string, any>; status: string; ars: string[] }> }).rows[0]!; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(stored.status).toBe('entwurf');
    expect(stored.content.modulText).toEqual([{ leikaTextmodul: '16', inhalt: [{ languageCode: 'de', value: '<p>In Wanfried <strong>ohne Termin</strong> im Bürgerbüro.</p>' }] }]);
    expect(stored.ars).toEqual([WANFRIED]);

    const published = await submit(wanfried, url, /\/status/, {}, ['to', 'veroeffentlicht']);
    expect(published.status).toBe(303);
    const page = await t.anonymous.get(`/leistungen/${master}`).query({ ars: WANFRIED });
    expect(page.text).toContain('ohne Termin');
  });

  it('saves with the version it edited: a stale form is refused with the error summary, nothing lost', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const id = await uuidOf('onlinedienste', 'OD-GEWERBE');
    const first = await land.get(`/redaktion/onlinedienste/${id}`);
    const saved = await submit(land, `/redaktion/onlinedienste/${id}`, new RegExp(`/redaktion/onlinedienste/${id}$`), { bezeichnung__de: 'Gewerbe online anmelden' });
    expect(saved.status).toBe(303);
    // A second tab still holds the first version.
    const version = /name="version" value="(\d+)"/.exec(first.text)![1]!;
    const stale = await land.post(`/redaktion/onlinedienste/${id}`).type('form').send({ _csrf: csrfOf(first.text), version, bezeichnung__de: 'Anderer Titel' });
    expect(stale.status).toBe(412);
    expect(main(stale.text)).toContain('class="error-summary"');
    const now = await land.get(`/redaktion/onlinedienste/${id}`);
    expect(now.text).toContain('value="Gewerbe online anmelden"');
    // Invalid input: 422 with the problem at its field, nothing stored.
    const invalid = await submit(land, `/redaktion/onlinedienste/${id}`, new RegExp(`/redaktion/onlinedienste/${id}$`), { ozgReifegrad: '7' });
    expect(invalid.status).toBe(422);
    // In words, with the field's label (not the JSON pointer or the validator's English).
    expect(main(invalid.text)).toContain('<a href="#ozgReifegrad">OZG-Reifegrad: Höchstens 4.</a>');
    expect(main(invalid.text)).toMatch(/<p class="field-error" id="ozgReifegrad-error">Höchstens 4.<\/p>/);
  });

  it('saves first, then takes the step, from the action bar; a refused step keeps what was saved', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const draft = (await t.api.post('/api/v1/leistungen').send({
      referenzLeiKa: ['99110009104000'], typisierung: ['2/3'], gueltigkeitGebietID: ['060000000000'],
      modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Hundehaltung anmelden' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Alt.</p>' }] }],
    })).body;
    const url = `/redaktion/leistungen/${draft.id}`;
    const action = new RegExp(`/redaktion/leistungen/${draft.id}$`);
    expect((await land.get(url)).text).toContain('<button type="submit" name="weiter" value="in_pruefung" class="secondary">Speichern und zur Prüfung einreichen</button>');
    const res = await submit(land, url, action, { modulText__06__de: '<p>Neu vor der Prüfung.</p>' }, ['weiter', 'in_pruefung']);
    expect(res.status).toBe(303);
    expect(res.headers.location).toContain('gespeichert=in_pruefung');
    const now = (await t.api.get(`/api/v1/leistungen/${draft.id}`)).body;
    expect(now.status).toBe('in_pruefung');
    expect(now.modulText.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '06').inhalt[0].value).toBe('<p>Neu vor der Prüfung.</p>');
    expect(main((await land.get(res.headers.location!)).text)).toContain('Zur Prüfung eingereicht.');
    // Publishing needs the Freigabe first: the text is saved, the step refused with the reason.
    const refused = await submit(land, url, action, { modulText__06__de: '<p>Noch einmal geändert.</p>' }, ['weiter', 'veroeffentlicht']);
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(main(refused.text)).toContain('Entwurf gespeichert.');
    expect(main(refused.text)).toContain('class="error-summary"');
    expect((await t.api.get(`/api/v1/leistungen/${draft.id}`)).body.modulText.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '06').inhalt[0].value).toBe('<p>Noch einmal geändert.</p>');
  });

  it('runs the Fachliche Freigabe from the buttons and shows the history with a diff', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const fach = await signIn('fachressort-innen', 'fachressort-demo-2026');
    const id = await uuidOf('leistungen', 'L-EHEURKUNDE');
    const url = `/redaktion/leistungen/${id}`;
    expect((await submit(land, url, new RegExp(`${url}$`), { modulText__06__de: '<p>Sie erhalten eine Eheurkunde beim Standesamt.</p>' })).status).toBe(303);
    expect((await submit(land, url, /\/status/, { comment: 'Bitte prüfen' }, ['to', 'in_pruefung'])).status).toBe(303);
    const dashboard = await fach.get('/redaktion');
    expect(main(dashboard.text)).toMatch(/Warten auf meine Freigabe \(1\)/);
    expect((await submit(fach, url, /\/status/, { level: 'gold' }, ['to', 'freigegeben'])).status).toBe(303);
    // The Fachressort gets no publish button, and a forged request is refused.
    expect((await fach.get(url)).text).not.toContain('value="veroeffentlicht"');
    const refused = await submit(fach, url, /\/status/, {}, ['to', 'veroeffentlicht']);
    expect(refused.status).toBe(403);
    expect((await submit(land, url, /\/status/, {}, ['to', 'veroeffentlicht'])).status).toBe(303);
    const history = await land.get(`${url}/versionen`);
    expect(main(history.text)).toContain('<ins>');
    expect(main(history.text)).toMatch(/In Prüfung → Freigegeben \(gold\)/);
    expect((await t.anonymous.get(`/leistungen/${id}`)).text).toContain('Sie erhalten eine Eheurkunde beim Standesamt.');
  });

  it('tells a municipality of a changed master text; it compares and acknowledges', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
    const id = await uuidOf('leistungen', 'L-HUNDESTEUER');
    const url = `/redaktion/leistungen/${id}`;
    await submit(land, url, new RegExp(`${url}$`), { modulText__06__de: '<p>Die Hundesteuer wird ab 2027 neu geregelt.</p>' });
    for (const to of ['in_pruefung', 'freigegeben', 'veroeffentlicht']) expect((await submit(land, url, /\/status/, {}, ['to', to])).status).toBe(303);
    const dashboard = await wanfried.get('/redaktion');
    const link = /href="(\/redaktion\/mitteilungen\/[0-9a-f-]+)"/.exec(main(dashboard.text));
    expect(link).not.toBeNull();
    const notice = await wanfried.get(link![1]!);
    expect(main(notice.text)).toContain('<ins>');
    expect((await submit(wanfried, link![1]!, /quittieren/, {})).status).toBe(303);
    expect(main((await wanfried.get('/redaktion')).text)).toMatch(/Geänderte Stammtexte \(0\)/);
  });

  it('shows the OZG dashboard with SVG charts beside their tables and a CSV download', async () => {
    const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    const page = main((await land.get('/redaktion/ozg')).text);
    expect(page).toMatch(/<svg class="chart" role="img" aria-labelledby="ozg-rg-title ozg-rg-desc"/);
    expect(page).toMatch(/<caption>OZG-Leistungen je Reifegrad<\/caption>/);
    expect(page).toMatch(/<td>Werra-Meißner-Kreis<\/td><td>\d{1,3}\.\d{3}<\/td>/); // Einwohner with a thousands separator
    const csv = await land.get('/redaktion/ozg?format=csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('ozg_id;ozg_leistung;themenfeld;lebenslage;kommunaler_vollzug;leistungen;bester_reifegrad;gemeinden_online;gemeinden_mit_zustaendigkeit;gemeinden_gesamt;bevoelkerungsanteil_online');
    const ozg = (await t.database.db.execute(sql`SELECT count(*)::int AS n FROM ozg_leistungen`) as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
    expect(lines).toHaveLength(ozg + 1);
    // Hundehaltung (10160): the demo's Hundesteuer, a Zuständigkeit in the Gemeinden of the demo.
    const hund = lines.find((l) => l.startsWith('10160;'))!.split(';');
    expect(hund[5]).toContain('Hund zur Hundesteuer anmelden');
    expect(Number(hund[9])).toBeGreaterThan(400); // all Hessian Gemeinden
    expect(Number(hund[8])).toBeGreaterThanOrEqual(2);
  });

  it('shows portal clicks on online services on the dashboard of those who keep them', async () => {
    const od = await uuidOf('onlinedienste', 'OD-HUNDESTEUER-WANFRIED');
    for (let i = 0; i < 3; i++) expect((await t.anonymous.get(`/go/${od}`)).status).toBe(302);
    const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
    expect(main((await wanfried.get('/redaktion')).text)).toMatch(/<tr><td>Hundeanmeldung Wanfried<\/td><td>3<\/td><td>3<\/td><\/tr>/);
    const frankenberg = await signIn('kommune-frankenberg', 'frankenberg-demo-2026');
    expect(main((await frankenberg.get('/redaktion')).text)).not.toContain('Hundeanmeldung Wanfried');
  });
});
