/**
 * The findings of the security review (issue 13), one test each, as an attacker would try them:
 * each failed before the fix. Resource limits of the import: import-limits.test.ts; outbound
 * requests: webhooks.test.ts and links.test.ts; the data migration: migration-territories.test.ts.
 */
import { Writable } from 'node:stream';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { seedDemoUsers } from '../../src/seed/demo';
import { encodeMessage, type Loesche } from '../../src/xzufi/message';
import type { XzufiObject } from '../../src/xzufi/objects';
import { create, createDraft, leistungBody, MARBURG, onlinedienstBody, organisationseinheitBody, publish, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];
const FRANKENBERG = '066350011011';
const strip = ({ id, status, version, tenant, versionsinformation, veroeffentlicht, geplant, freigabe, statusKommentar, ...body }: Record<string, unknown>) => body;

type Item = { op: 'schreibe'; object: XzufiObject } | { op: 'loesche'; loesche: Loesche };
const kopf = (n: number) => ({ nachrichtUUID: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, erstelltDatumZeit: '2026-12-01T08:00:00Z' });
const message = (n: number, items: Item[]) => encodeMessage({ produktbezeichnung: 'Fremdsystem', produkthersteller: 'Test', produktversion: '1' }, kopf(n), items);
const leistungObject = (xzufiId: string, schemeAgencyID: string, content: Record<string, unknown>): Item => ({ op: 'schreibe', object: { klasse: 'Leistung', id: { schemeAgencyID, id: xzufiId }, content } });
const importAs = (agent: TestApp['api'], xml: string, query = '') => agent.post(`/xzufi/v1/import${query}`).set('Content-Type', 'application/xml').send(Buffer.from(xml));

async function signIn(username: string, password: string, address?: string) {
  const agent = request.agent(t.app);
  const withAddress = <R extends { set(k: string, v: string): R }>(r: R) => (address ? r.set('X-Forwarded-For', address) : r);
  const csrf = (await withAddress(agent.get('/auth/csrf'))).body.csrfToken as string;
  const res = await withAddress(agent.post('/auth/login').set('X-CSRF-Token', csrf)).send({ username, password });
  return { agent, res, csrf: res.body.csrfToken as string | undefined };
}

describe('1 · a Fachressort cannot publish master texts through the import', () => {
  it('is refused per object unless it imports as drafts, which go through the workflow', async () => {
    const live = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99008001101000' }));
    const innen = await t.as('fachressort', 'fachressort-innen');
    const changed = leistungObject(live.xzufiId, live.schemeAgencyID, { ...strip(leistungBody({ referenzLeiKa: '99008001101000' })), modulText: [{ leikaTextmodul: '02', inhalt: de('Ohne Freigabe geändert') }, { leikaTextmodul: '05', inhalt: de('Kurz') }] });

    const refused = await importAs(innen, message(1, [changed]));
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ id: live.xzufiId, status: 403, code: 'forbidden', message: expect.stringContaining('?mode=draft') })]);
    const unchanged = (await t.anonymous.get(`/api/v1/leistungen/${live.id}`)).body;
    expect(unchanged.version).toBe(live.version);
    expect(JSON.stringify(unchanged)).not.toContain('Ohne Freigabe');

    const drafted = await importAs(innen, message(2, [changed]), '?mode=draft');
    expect(drafted.status).toBe(200);
    expect(drafted.body).toMatchObject({ status: 'applied', target: 'draft', counts: { Leistung: { updated: 1 } } });
    expect((await t.anonymous.get(`/api/v1/leistungen/${live.id}`)).body.version).toBe(live.version);
    const working = (await innen.get(`/api/v1/leistungen/${live.id}`)).body;
    expect(working).toMatchObject({ status: 'entwurf', veroeffentlicht: { version: live.version } });
    expect(JSON.stringify(working.modulText)).toContain('Ohne Freigabe geändert');
  });

  it('lets the Landesredaktion publish by import, after the quality gate, recording the transition', async () => {
    const xml = message(3, [leistungObject('IMPORT-OK', 'S06000', { referenzLeiKa: '99008001102000', modulText: [{ leikaTextmodul: '02', inhalt: de('Importiert') }, { leikaTextmodul: '05', inhalt: de('Kurz') }], gueltigkeitGebietID: ['060000000000'] }),
      leistungObject('IMPORT-LUECKE', 'S06000', { referenzLeiKa: '99008001103000', modulText: [{ leikaTextmodul: '02', inhalt: de('Ohne Kurztext') }], gueltigkeitGebietID: ['060000000000'] })]);
    const res = await importAs(t.api, xml, '?mode=partial');
    expect(res.body.counts.Leistung).toMatchObject({ created: 1, failed: 1 });
    expect(res.body.errors).toEqual([expect.objectContaining({ id: 'IMPORT-LUECKE', code: 'quality_gate_failed', message: expect.stringContaining('Kurztext') })]);
    const [row] = (await t.api.get('/api/v1/leistungen?leikaKey=99008001102000')).body.items;
    const history = (await t.api.get(`/api/v1/leistungen/${row.id}/transitions`)).body.items;
    expect(history).toEqual([expect.objectContaining({ von: 'entwurf', nach: 'veroeffentlicht', kommentar: `Veröffentlicht durch Import (Nachricht ${kopf(3).nachrichtUUID})`, durch: expect.stringMatching(/^token:/) })]);
  });
});

describe('2 · objects of a Kommune always have a territory inside its area', () => {
  it('refuses an Onlinedienst without Gebiet, by REST and by import, and never shows one on another place', async () => {
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const noWhere = await wanfried.post('/api/v1/onlinedienste').send(onlinedienstBody({ gueltigkeitGebietID: undefined }));
    expect(noWhere.status).toBe(422);
    expect(noWhere.body.error.details).toEqual([{ path: '/gueltigkeitGebietID', message: expect.stringContaining('inside ARS 066360013013') }]);
    const own = await create(t, 'onlinedienste', onlinedienstBody(), wanfried);
    const cleared = await wanfried.put(`/api/v1/onlinedienste/${own.id}`).set('If-Match', `"${own.version}"`).send({ ...strip(own), gueltigkeitGebietID: [] });
    expect(cleared.status).toBe(422);

    const xml = encodeMessage({ produktbezeichnung: 'CMS', produkthersteller: 'T', produktversion: '1' }, kopf(4), [{ op: 'schreibe', object: { klasse: 'Onlinedienst', id: { schemeAgencyID: 'S06000', id: 'OD-UEBERALL' }, content: { bezeichnung: de('Überall'), link: [{ typ: '01', link: 'https://angreifer.example/' }] } } }]);
    const imported = await importAs(wanfried, xml);
    expect(imported.status).toBe(422);
    expect(imported.body.errors[0]).toMatchObject({ id: 'OD-UEBERALL', message: expect.stringContaining('name a Gebiet inside ARS 066360013013') });
    expect((await t.anonymous.get('/api/v1/onlinedienste?q=Überall')).body.items).toEqual([]);
    expect((await t.anonymous.get(`/api/v1/onlinedienste?ars=${FRANKENBERG}`)).body.items.map((o: { id: string }) => o.id)).not.toContain(own.id);
  });

  it('gives a municipal office without ARS its tenant\'s area', async () => {
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const office = await wanfried.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Wanfried', strasse: 'Marktstraße' }] }));
    expect(office.status).toBe(201);
    expect(office.body.anschrift).toEqual([{ typ: '002', ort: 'Wanfried', strasse: 'Marktstraße', ars: WANFRIED }]);
    const landkreis = await t.as('kommunalredakteur', 'landkreis-marburg-biedenkopf');
    const kreis = await landkreis.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Marburg' }] }));
    expect(kreis.body.anschrift[0].ars).toBe('065340000000');
    expect((await wanfried.post('/api/v1/organisationseinheiten').send({ name: de('Ohne Anschrift') })).status).toBe(422);
  });
});

describe('5 · a token\'s ARS limit holds for every role', () => {
  it('keeps a Landesredaktion token limited to Wanfried out of Frankenberg, the state export and the audit', async () => {
    const frankenberg = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Rathaus Frankenberg'), anschrift: [{ typ: '002', ort: 'Frankenberg', ars: FRANKENBERG }] }));
    const limited = await t.as('landesredakteur', 'landesredaktion', WANFRIED);
    const put = await limited.put(`/api/v1/organisationseinheiten/${frankenberg.id}`).set('If-Match', `"${frankenberg.version}"`).send({ ...strip(frankenberg), name: de('Übernommen') });
    expect(put.status).toBe(403);
    expect(put.body.error.message).toContain(`inside this token's limit, ARS ${WANFRIED}`);
    expect((await limited.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99102013601000' }))).status).toBe(403); // valid everywhere: outside any limit
    expect((await limited.get('/xzufi/v1/ars/06/index.txt')).status).toBe(403);
    const index = (await limited.get('/xzufi/v1/index.txt')).text;
    const full = (await t.api.get('/xzufi/v1/index.txt')).text;
    expect(index).not.toEqual(full);
    expect((await limited.get('/xzufi/v1/changes?ars=06')).status).toBe(403);
    expect((await limited.get('/api/v1/audit')).status).toBe(403);
    expect((await limited.get(`/api/v1/audit?object=${frankenberg.id}`)).status).toBe(404);
    const own = await create(t, 'organisationseinheiten', organisationseinheitBody(), limited);
    expect((await limited.get(`/api/v1/audit?object=${own.id}`)).body.items.length).toBeGreaterThan(0);
    const hook = await limited.post('/api/v1/webhooks').send({ url: 'https://portal.example/hook' });
    expect([201, 422]).toContain(hook.status); // 422 where the name does not resolve here: no outside network
    if (hook.status === 201) expect(hook.body.ars).toBe(WANFRIED);
  });

  it('keeps a Fachressort token limited to Marburg from master texts valid elsewhere, and from drafts outside', async () => {
    const statewide = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99008001104000' }));
    const limited = await t.as('fachressort', 'fachressort-innen', MARBURG);
    const res = await limited.put(`/api/v1/leistungen/${statewide.id}`).set('If-Match', `"${statewide.version}"`).send(strip(statewide));
    expect(res.status).toBe(403);
    const draft = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99008001105000' }));
    expect((await limited.get(`/api/v1/leistungen/${draft.id}`)).status).toBe(404);
    expect((await limited.post(`/api/v1/leistungen/${draft.id}/transitions`).send({ to: 'in_pruefung' })).status).toBe(404);
  });
});

describe('7 · publishing an older draft never undoes a newer live version', () => {
  it('answers 409 with a comparison; saved again, the draft is based on the new version and goes out as a higher one', async () => {
    const live = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013602000' }));
    const draft = await t.api.put(`/api/v1/leistungen/${live.id}`).set('If-Match', `"${live.version}"`).send({ ...strip(live), modulText: [{ leikaTextmodul: '02', inhalt: de('Entwurf der Redaktion') }, { leikaTextmodul: '05', inhalt: de('Kurz') }] });
    expect(draft.body.version).toBe(live.version + 1);
    const imported = await importAs(t.api, message(5, [leistungObject(live.xzufiId, live.schemeAgencyID, { ...strip(leistungBody({ referenzLeiKa: '99102013602000' })), modulText: [{ leikaTextmodul: '02', inhalt: de('Importierte Fassung') }, { leikaTextmodul: '05', inhalt: de('Kurz') }] })]));
    expect(imported.body.counts.Leistung.updated).toBe(1);
    const afterImport = (await t.anonymous.get(`/api/v1/leistungen/${live.id}`)).body.version;
    expect(afterImport).toBe(live.version + 2);

    await t.api.post(`/api/v1/leistungen/${live.id}/transitions`).send({ to: 'in_pruefung' }).expect(200);
    await t.api.post(`/api/v1/leistungen/${live.id}/transitions`).send({ to: 'freigegeben' }).expect(200);
    const refused = await t.api.post(`/api/v1/leistungen/${live.id}/transitions`).send({ to: 'veroeffentlicht' });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'draft_outdated', comparison: { live: afterImport, draft: live.version + 1, basedOn: live.version } });
    expect(refused.body.error.comparison.modules.find((m: { leikaTextmodul: string }) => m.leikaTextmodul === '02').change).toBe('changed');
    expect((await t.anonymous.get(`/api/v1/leistungen/${live.id}`)).body.modulText[0].inhalt[0].value).toBe('Importierte Fassung');

    const working = (await t.api.get(`/api/v1/leistungen/${live.id}`)).body;
    const rebased = await t.api.put(`/api/v1/leistungen/${live.id}`).set('If-Match', `"${working.version}"`).send(strip(working));
    expect(rebased.body.version).toBe(afterImport + 1);
    const published = await publish(t, 'leistungen', live.id);
    expect(published.version).toBe(afterImport + 1);
  });
});

describe('8 · workspace pages read through the API\'s policy', () => {
  it('does not show a never-published master text to a municipality localising it', async () => {
    const secret = await createDraft(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013603000', modulText: [{ leikaTextmodul: '02', inhalt: de('Geheimer Entwurf') }, { leikaTextmodul: '06', inhalt: de('Unveröffentlichter Volltext XYZ') }] }));
    const { agent } = await signIn('kommune-wanfried', 'wanfried-demo-2026');
    const page = await agent.get(`/redaktion/spezialisierungen/neu?leistung=${secret.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain('Unveröffentlichter Volltext XYZ');
    expect(page.text).not.toContain('Geheimer Entwurf');
    expect((await agent.get(`/redaktion/leistungen/${secret.id}`)).status).toBe(404);
  });

  it('lists no working versions of objects a municipality may not see as drafts', async () => {
    const marburg = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Amt Marburg live'), anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }] }));
    await t.api.put(`/api/v1/organisationseinheiten/${marburg.id}`).set('If-Match', `"${marburg.version}"`).send({ ...strip(marburg), name: de('Amt Marburg Entwurfsname') }).expect(200);
    const { agent } = await signIn('kommune-wanfried', 'wanfried-demo-2026');
    // Everything it may read ("alle"; its own objects are the default).
    const list = await agent.get('/redaktion/organisationseinheiten?wer=alle');
    expect(list.text).toContain('Amt Marburg live');
    expect(list.text).not.toContain('Entwurfsname');
    const api = await t.as('kommunalredakteur', 'kommune-wanfried');
    expect((await api.get('/api/v1/organisationseinheiten?status=entwurf&limit=200')).body.items.map((o: { id: string }) => o.id)).not.toContain(marburg.id);
    expect((await t.api.get('/api/v1/organisationseinheiten?status=entwurf&limit=200')).body.items.map((o: { id: string }) => o.id)).toContain(marburg.id);
  });
});

describe('9 · sign-in throttling', () => {
  it('lets at most five of 30 parallel wrong passwords through to the password check', async () => {
    const attempts = await Promise.all(Array.from({ length: 30 }, async () => (await signIn('landesredaktion', 'falsch-falsch', '203.0.113.9')).res.status));
    expect(attempts.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(attempts.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
  });

  it('does not let a stranger lock the owner out of a known address', async () => {
    expect((await signIn('kommune-frankenberg', 'frankenberg-demo-2026', '198.51.100.1')).res.status).toBe(200);
    for (let i = 0; i < 30; i++) await signIn('kommune-frankenberg', 'geraten', `192.0.2.${10 + (i % 6)}`);
    expect((await signIn('kommune-frankenberg', 'frankenberg-demo-2026', '198.51.100.1')).res.status).toBe(200);
    // From an address it never signed in from, the account is throttled now.
    expect((await signIn('kommune-frankenberg', 'frankenberg-demo-2026', '198.51.100.77')).res.status).toBe(429);
  });
});

describe('10 · authorisation comes before status and version', () => {
  it('answers anonymous and unauthorised transitions with 401/403, never 409 or 412', async () => {
    const l = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013604000' }));
    expect((await t.anonymous.post(`/api/v1/leistungen/${l.id}/transitions`).set('If-Match', '"99"').send({ to: 'veroeffentlicht' })).status).toBe(401);
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const res = await wanfried.post(`/api/v1/leistungen/${l.id}/transitions`).set('If-Match', '"99"').send({ to: 'veroeffentlicht' });
    expect(res.status).toBe(403);
    const od = await create(t, 'onlinedienste', onlinedienstBody({ gueltigkeitGebietID: [MARBURG] }));
    const foreign = await wanfried.post(`/api/v1/onlinedienste/${od.id}/transitions`).set('If-Match', '"99"').send({ to: 'veroeffentlicht' });
    expect(foreign.status).toBe(403);
  });
});

describe('11 · authentication first; bad input is a clear 4xx, never a 500', () => {
  it('answers an anonymous write with 401 before looking at the body', async () => {
    const res = await t.anonymous.post('/api/v1/organisationseinheiten').send({});
    expect({ status: res.status, code: res.body.error.code }).toEqual({ status: 401, code: 'unauthenticated' });
    const deep = await t.anonymous.post('/api/v1/organisationseinheiten').set('Content-Type', 'application/json').send('['.repeat(100_000) + ']'.repeat(100_000));
    expect(deep.status).toBe(401);
  });

  it('refuses deeply nested JSON with 400 and texts with NUL or lone surrogates with 422, storing nothing', async () => {
    const deep = await t.api.post('/api/v1/organisationseinheiten').set('Content-Type', 'application/json').send(`{"name":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect({ status: deep.status, code: deep.body.error.code }).toEqual({ status: 400, code: 'bad_request' });
    const nul = await t.api.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ name: de('Amt\u0000X') }));
    expect(nul.status).toBe(422);
    expect(nul.body.error.details).toEqual([{ path: '/name/0/value', message: expect.stringContaining('NUL') }]);
    const surrogate = await t.api.post('/api/v1/organisationseinheiten').set('Content-Type', 'application/json').send('{"name":[{"languageCode":"de","value":"Amt \\ud800"}]}');
    expect(surrogate.status).toBe(422);
    expect(surrogate.body.error.details[0].message).toContain('unpaired surrogate');
    const key = await t.api.post('/api/v1/organisationseinheiten').set('Content-Type', 'application/json').send('{"name":[{"languageCode":"de","value":"A"}],"x\\u0000":1}');
    expect(key.status).toBe(422);
    expect((await t.api.get('/api/v1/organisationseinheiten?q=Amt%00X')).status).toBe(400);
    expect((await t.api.get('/api/v1/organisationseinheiten?q=X')).body.items).toEqual([]);
  });

  it('refuses an out-of-range feed cursor with 400', async () => {
    for (const since of ['99999999999999999999.1', '1.99999999999999999', '18446744073709551616.0']) {
      const res = await t.api.get(`/xzufi/v1/changes?since=${since}`);
      expect({ since, status: res.status }).toEqual({ since, status: 400 });
    }
  });
});

describe('12 · absolute URLs never come from a forged Host header', () => {
  it('builds sitemap, robots.txt, canonical links and next-page URLs from allowed hosts only', async () => {
    await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013605000' }));
    for (const url of ['/sitemap.xml', '/robots.txt', '/', '/api/v1/antworten?q=Hundesteuer']) {
      const res = await t.anonymous.get(url).set('Host', 'evil.example');
      expect({ url, evil: res.text.includes('evil.example') }).toEqual({ url, evil: false });
    }
    const feed = await t.api.get('/xzufi/v1/changes?format=json').set('Host', 'evil.example');
    expect(feed.body.naechsteAnfrageUrl).not.toContain('evil.example');
    expect((await t.anonymous.get('/robots.txt').set('Host', 'localhost:3000')).text).toContain('http://localhost:3000/sitemap.xml');
    const configured = await createTestApp({ PUBLIC_URL: 'https://verwaltung.hessen.example' });
    try {
      expect((await configured.anonymous.get('/robots.txt').set('Host', 'evil.example')).text).toContain('https://verwaltung.hessen.example/sitemap.xml');
    } finally {
      await configured.close();
    }
  });
});

describe('13 · /metrics is not public', () => {
  it('answers loopback callers only, not through a proxy; with METRICS_TOKEN only that bearer', async () => {
    expect((await t.anonymous.get('/metrics')).status).toBe(200);
    expect((await t.anonymous.get('/metrics').set('X-Forwarded-For', '203.0.113.5')).status).toBe(403);
    const secured = await createTestApp({ METRICS_TOKEN: 'prometheus-scrape-token-1234' });
    try {
      expect((await secured.anonymous.get('/metrics')).status).toBe(401);
      expect((await secured.anonymous.get('/metrics').set('Authorization', 'Bearer wrong-token-wrong-token')).status).toBe(401);
      const ok = await secured.anonymous.get('/metrics').set('Authorization', 'Bearer prometheus-scrape-token-1234');
      expect(ok.status).toBe(200);
      expect(ok.text).toContain('http_requests_total');
    } finally {
      await secured.close();
    }
  });
});

describe('14 · the request log holds no secrets and one short line per request', () => {
  it('redacts cookies, tokens and Set-Cookie', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _enc, done) { lines.push(...String(chunk).split('\n').filter(Boolean)); done(); } });
    const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', SESSION_SECRET: 'test-session-secret-0123456789abcdef', LOG_LEVEL: 'info' });
    const app = buildApp({ config, database: t.database, logger: createLogger(config, sink) });
    const token = await t.token('landesredakteur', 'landesredaktion');
    const agent = request.agent(app);
    const csrf = (await agent.get('/auth/csrf')).body.csrfToken;
    const login = await agent.post('/auth/login').set('X-CSRF-Token', csrf).send({ username: 'admin', password: 'admin-demo-2026' });
    const sid = String(login.headers['set-cookie']).match(/fimr\.sid=([^;]+)/)![1]!;
    await agent.get('/api/v1/leistungen?limit=1&token=geheim-im-url');
    await request(app).get('/api/v1/leistungen?limit=1').set('Authorization', `Bearer ${token}`);
    const all = lines.join('\n');
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const secret of [sid, decodeURIComponent(sid), token, 'geheim-im-url', 'admin-demo-2026', csrf]) expect(all).not.toContain(secret);
    expect(all).not.toMatch(/set-cookie|authorization|cookie/i);
    for (const line of lines) expect(line.length).toBeLessThan(400);
  });
});
