/**
 * The workspace's lists identify their rows (a Zuständigkeit by Leistung and office, every row by
 * its Gebiet's name and who changed it), a municipality sees its own objects by default, and long
 * lists come in pages that together hold every row once.
 */
import request from 'supertest';
import { seedDemo, seedDemoUsers } from '../../src/seed/demo';
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
const rowsOf = (html: string) => [...html.matchAll(/<tr><td><a href="([^"]+)">([^<]+)<\/a><\/td><td>([^<]*)<\/td>/g)].map((m) => ({ url: m[1]!, name: m[2]!, gebiete: m[3]! }));
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');

beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database, t.config.schemeAgencyId);
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

it('names a Zuständigkeit by its Leistung and office and its Gebiet by name; a municipality sees its own by default', async () => {
  const wanfried = await signIn('kommune-wanfried', 'wanfried-demo-2026');
  const own = rowsOf((await wanfried.get('/redaktion/zustaendigkeiten')).text);
  expect(own).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Hund zur Hundesteuer anmelden – Bürgerbüro Wanfried', gebiete: expect.stringMatching(/^Wanfried/) })]));
  const api = (await (await t.as('kommunalredakteur', 'kommune-wanfried')).get('/api/v1/zustaendigkeiten?limit=200')).body.items as Array<{ tenant: string }>;
  expect(own).toHaveLength(api.filter((z) => z.tenant === 'kommune-wanfried').length);
  expect(own.every((r) => !/Frankenberg|Eschwege|Kassel/.test(r.gebiete))).toBe(true);
  // "alle": everything it may read (published objects of others too).
  const all = rowsOf((await wanfried.get('/redaktion/zustaendigkeiten?wer=alle')).text);
  expect(all.length).toBeGreaterThan(own.length);
});

it('pages through a long list: every row once, with a next-page link until the end', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const seen: string[] = [];
  let url: string | undefined = '/redaktion/zustaendigkeiten';
  let pages = 0;
  while (url && pages < 20) {
    const html: string = (await land.get(url)).text;
    seen.push(...rowsOf(html).map((r) => r.url));
    url = /<a href="([^"]+)">Nächste Seite<\/a>/.exec(html)?.[1];
    url = url ? decode(url) : undefined;
    pages++;
  }
  const total = (await t.database.db.execute('SELECT count(*)::int AS n FROM zustaendigkeiten') as unknown as { rows: Array<{ n: number }> }).rows[0]!.n;
  expect(pages).toBeGreaterThan(1);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen).toHaveLength(total);
});

it('filters by Gebiet', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const inKreis = rowsOf((await land.get('/redaktion/zustaendigkeiten?gebiet=06635')).text);
  expect(inKreis.length).toBeGreaterThan(0);
  expect(inKreis.every((r) => !/Wanfried|Eschwege/.test(r.gebiete))).toBe(true);
});

it('filters Leistungen by Kategorie and orders by last change, paging through every row once', async () => {
  const land = await signIn('landesredaktion', 'landesredaktion-demo-2026');
  const kategorien = (await t.api.get('/api/v1/kategorien?limit=100')).body.items as Array<{ id: string; bezeichnung: Array<{ value: string }> }>;
  const haustiere = kategorien.find((k) => k.bezeichnung[0]!.value === 'Haustiere')!;
  const leistungen = [];
  for (let cursor: string | null = null; ;) {
    const res = await t.api.get(`/api/v1/leistungen?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
    leistungen.push(...(res.body.items as Array<{ id: string; kategorieIds?: string[] }>));
    cursor = res.body.nextCursor;
    if (!cursor) break;
  }
  const expected = leistungen.filter((l) => l.kategorieIds?.includes(haustiere.id)).map((l) => l.id).sort();
  expect(expected.length).toBeGreaterThan(0);
  const page = await land.get(`/redaktion/leistungen?kategorie=${haustiere.id}&wer=alle`);
  expect(page.text).toMatch(new RegExp(`<option value="${haustiere.id}" selected>Haustiere</option>`));
  expect(rowsOf(page.text).map((r) => r.url.split('/').pop()).sort()).toEqual(expected);
  // Last changed first: touch one Leistung, it leads; the pages hold every row once.
  const touched = leistungen[5]!.id;
  const body = (await t.api.get(`/api/v1/leistungen/${touched}`)).body;
  expect((await t.api.put(`/api/v1/leistungen/${touched}`).set('If-Match', `"${body.version}"`).send({ ...Object.fromEntries(Object.entries(body).filter(([k]) => !['id', 'status', 'version', 'tenant', 'veroeffentlicht', 'freigabe', 'geplant', 'statusKommentar', 'versionsinformation'].includes(k))), modulBegriffImKontext: [{ begriffImKontext: [{ begriff: 'Sortierprobe', languageCode: 'de' }] }] })).status).toBeLessThan(300);
  const seen: string[] = [];
  let url: string | undefined = '/redaktion/leistungen?sortierung=geaendert&wer=alle';
  while (url) {
    const res = await land.get(url);
    seen.push(...rowsOf(res.text).map((r) => r.url.split('/').pop()!));
    url = /<a href="([^"]+)"[^>]*>(?:Nächste Seite|Weiter)[^<]*<\/a>/.exec(res.text)?.[1]?.replace(/&amp;/g, '&').replace(/&#x3D;/g, '=');
  }
  expect(seen[0]).toBe(touched);
  expect(new Set(seen).size).toBe(seen.length);
  expect(seen.length).toBe(leistungen.length);
});
