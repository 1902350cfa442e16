/**
 * Sources through the workspace pages (no JavaScript), against a second installation: register
 * with a token, refusals in German, the run history, a held run showing what would vanish from the
 * portal, confirm and reject, pause, the dashboard card; municipal editors see none of it.
 */
import request from 'supertest';
import { zustaendigkeiten } from '../../src/db/schema';
import { JobRunner } from '../../src/jobs/runner';
import { longJobHandlers } from '../../src/jobs/handlers';
import { seedDemoUsers } from '../../src/seed/demo';
import { encodeForm, formFields } from '../helpers/forms';
import { faultProxy, SOURCE_AGENCY, startSourceSystem, type FaultProxy, type SourceSystem } from '../helpers/sourceSystem';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Agent = ReturnType<typeof request.agent>;
let t: TestApp;
let source: SourceSystem;
let proxy: FaultProxy;
const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
async function signIn(username: string, password: string): Promise<Agent> {
  const agent = request.agent(t.app);
  const form = await agent.get('/redaktion/anmelden');
  expect((await agent.post('/redaktion/anmelden').type('form').send({ _csrf: csrfOf(form.text), username, password, weiter: '/redaktion' })).status).toBe(303);
  return agent;
}
const drain = async () => { const r = new JobRunner(t.database, longJobHandlers(t.config), { batch: 1 }); while (await r.runOnce() > 0) { /* next */ } };
const post = (agent: Agent, page: string, action: string, values: Record<string, string> = {}) =>
  agent.post(action).type('form').send(encodeForm(formFields(page, { action }), values));

beforeAll(async () => {
  source = await startSourceSystem();
  proxy = await faultProxy(source.url);
  t = await createTestApp({ SOURCE_ALLOW_PRIVATE: 'true' });
  await seedDemoUsers(t.database);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await source?.close();
  await t?.close();
});

it('registers a source, shows its runs, holds a cut index for a decision and pauses', async () => {
  const editor = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const list = await editor.get('/redaktion/quellen');
  expect(list.status).toBe(200);
  expect(list.text).toContain('href="/redaktion/quellen"');
  const form = formFields(list.text, { id: 'quelle-neu' });
  // Refusals in words, the secret not echoed back.
  const bad = await editor.post('/redaktion/quellen').type('form').send(encodeForm(form, { name: '', url: 'ftp://x', kennungen: '', zugang: 'bearer', token: 'geheimer-token-123' }));
  expect(bad.status).toBe(422);
  expect(bad.text).toContain('Bitte einen Namen angeben');
  expect(bad.text).toContain('Bitte eine vollständige Adresse mit http:// oder https:// angeben.');
  expect(bad.text).toContain('Bitte die Redaktionskennungen (schemeAgencyID) angeben');
  expect(bad.text).not.toContain('geheimer-token-123');
  expect((await t.api.get('/api/v1/sources')).body.items).toHaveLength(0);

  const made = await editor.post('/redaktion/quellen').type('form').send(encodeForm(form, {
    name: 'Darmstadt', art: 'index', url: `${proxy.url}/xzufi/v1/index.txt`, mandant: 'landesredaktion', rolle: 'landesredakteur',
    kennungen: SOURCE_AGENCY, zugang: 'bearer', token: source.token,
  }));
  expect(made.status).toBe(303);
  const detailUrl = made.headers.location!.replace(/\?.*$/, '');
  await drain();
  const detail = await editor.get(detailUrl);
  expect(detail.text).toContain('Quelle: Darmstadt');
  expect(detail.text).toContain('Bearer-Token (hinterlegt, nicht angezeigt)');
  expect(detail.text).not.toContain(source.token);
  expect(detail.text).toMatch(/<td>erfolgreich<\/td>/);

  // A cut index: the run is held, the run page names what would vanish and offers the decision.
  proxy.fault = { index: (l) => l.slice(0, 2) };
  const runNow = await post(editor, detail.text, `${detailUrl}/abrufen`);
  expect(runNow.text).toContain('Abruf eingeplant');
  await drain();
  proxy.fault = {};
  const heldDetail = await editor.get(detailUrl);
  expect(heldDetail.text).toContain('Der letzte Abruf ist angehalten');
  const runUrl = /href="(\/redaktion\/quellen\/[^"]+\/laeufe\/[^"]+)"/.exec(heldDetail.text)![1]!;
  const runPage = await editor.get(runUrl);
  expect(runPage.text).toContain('Es würden mehr Objekte gelöscht, als die Grenze der Quelle erlaubt.');
  expect(runPage.text).toMatch(/Würde aus dem Portal verschwinden:<\/strong> \d+ (Organisationseinheiten|Onlinedienste|Zuständigkeiten)/);
  expect(runPage.text).toContain('Bestätigen: diese');
  const dashboard = await editor.get('/redaktion');
  expect(dashboard.text).toContain('Quellen, die Sie brauchen (1)');
  expect(dashboard.text).toMatch(/Darmstadt<\/a>: \d+ Löschungen warten auf Ihre Entscheidung/);

  const before = (await t.database.db.select().from(zustaendigkeiten)).length;
  expect(before).toBeGreaterThan(200);
  const rejected = await post(editor, runPage.text, `${runUrl}/verwerfen`);
  expect(rejected.text).toContain('Löschungen verworfen: Die Objekte bleiben');
  expect(rejected.text).not.toContain('Bestätigen: diese');
  expect((await t.database.db.select().from(zustaendigkeiten)).length).toBe(before);
  const twice = await editor.post(`${runUrl}/bestaetigen`).type('form').send({ _csrf: csrfOf(rejected.text) });
  expect(twice.status).toBe(409);
  expect(twice.text).toContain('Über diesen Abruf kann nicht mehr entschieden werden');
  expect((await editor.get('/redaktion')).text).not.toContain('Quellen, die Sie brauchen');

  // Pause and resume.
  const paused = await post(editor, (await editor.get(detailUrl)).text, `${detailUrl}/pausieren`);
  expect(paused.text).toContain('Pausiert: keine geplanten Abrufe');
  expect((await t.api.get('/api/v1/sources')).body.items[0].paused).toBe(true);
  const resumed = await post(editor, paused.text, `${detailUrl}/pausieren`);
  expect(resumed.text).toContain('Fortgesetzt');
});

it('is not offered to municipal editors', async () => {
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  expect((await wanfried.get('/redaktion')).text).not.toContain('href="/redaktion/quellen"');
  expect((await wanfried.get('/redaktion/quellen')).status).toBe(404);
  const id = (await t.api.get('/api/v1/sources')).body.items[0].id;
  expect((await wanfried.get(`/redaktion/quellen/${id}`)).status).toBe(404);
  expect((await wanfried.post(`/redaktion/quellen/${id}/abrufen`).type('form').send({ _csrf: csrfOf((await wanfried.get('/redaktion')).text) })).status).toBe(404);
});
