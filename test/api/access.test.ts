import { eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { apiTokens } from '../../src/db/schema';
import { setStatus } from '../../src/db/objectStore';
import { organisationseinheiten } from '../../src/db/schema';
import { encodeMessage } from '../../src/xzufi/message';
import { seedDemoUsers } from '../../src/seed/demo';
import { create, leistungBody, MARBURG, organisationseinheitBody, WANFRIED } from '../helpers/factories';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ CORS_ORIGINS: 'https://portal.example' });
  await seedDemoUsers(t.database);
});
afterAll(async () => { await t.close(); });

const de = (value: string) => [{ languageCode: 'de', value }];
const strip = ({ id, status, version, tenant, versionsinformation, ...body }: Record<string, unknown>) => body;

/** A browser session: CSRF token first, then the login. */
async function signIn(username: string, password: string) {
  const agent = request.agent(t.app);
  const csrf = (await agent.get('/auth/csrf')).body.csrfToken as string;
  const res = await agent.post('/auth/login').set('X-CSRF-Token', csrf).send({ username, password });
  return { agent, res, csrf: res.body.csrfToken as string | undefined, before: csrf };
}

describe('named rules', () => {
  it('a municipal token cannot change a master text', async () => {
    const leistung = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013201000' }));
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const res = await wanfried.put(`/api/v1/leistungen/${leistung.id}`).set('If-Match', '"1"').send({ ...strip(leistung), modulText: [{ leikaTextmodul: '02', inhalt: de('Gekapert') }] });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: 'The role kommunalredakteur may not update Leistung objects' });
    expect((await t.api.get(`/api/v1/leistungen/${leistung.id}`)).body.version).toBe(1);
  });

  it('a municipal token cannot change another municipality\'s office', async () => {
    const marburg = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Bürgerbüro Marburg'), anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }] }));
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const res = await wanfried.put(`/api/v1/organisationseinheiten/${marburg.id}`).set('If-Match', '"1"').send({ ...strip(marburg), name: de('Übernommen') });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe('The role kommunalredakteur of kommune-wanfried may only update Organisationseinheit objects inside ARS 066360013013');
    expect((await wanfried.delete(`/api/v1/organisationseinheiten/${marburg.id}`).set('If-Match', '"1"')).status).toBe(403);
  });

  it('a municipal token cannot move its own office into another municipality', async () => {
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const own = await wanfried.post('/api/v1/organisationseinheiten').send(organisationseinheitBody());
    expect(own.status).toBe(201);
    expect(own.body.tenant).toBe('kommune-wanfried');
    const moved = await wanfried.put(`/api/v1/organisationseinheiten/${own.body.id}`).set('If-Match', '"1"').send({ ...strip(own.body), anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }] });
    expect(moved.status).toBe(403);
  });

  it('a Fachressort edits the Leistungen of its Leistungsgruppierungen and nothing else', async () => {
    const own = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99008001013000' }));
    const foreign = await create(t, 'leistungen', leistungBody({ referenzLeiKa: '99102013202000' }));
    const innen = await t.as('fachressort', 'fachressort-innen');
    expect((await innen.put(`/api/v1/leistungen/${own.id}`).set('If-Match', '"1"').send({ ...strip(own), modulFachlicheFreigabe: { fachlichFreigegebenAm: '2026-11-25', fachlichFreigegebenDurch: de('HMdI') } })).status).toBe(200);
    const other = await innen.put(`/api/v1/leistungen/${foreign.id}`).set('If-Match', '"1"').send(strip(foreign));
    expect(other.status).toBe(403);
    expect(other.body.error.message).toContain('Leistungsgruppierungen 008, 027, 049, 059, 115');
    expect((await innen.post('/api/v1/leistungen').send(leistungBody({ referenzLeiKa: '99008001014000' }))).status).toBe(403);
    expect((await innen.post('/api/v1/organisationseinheiten').send(organisationseinheitBody())).status).toBe(403);
  });

  it('drafts: a Landkreis reads its municipalities\' drafts, another municipality gets 404, lists hide them', async () => {
    const draft = await create(t, 'organisationseinheiten', organisationseinheitBody({ name: de('Entwurf Marburg'), anschrift: [{ typ: '002', ort: 'Marburg', ars: MARBURG }] }));
    await setStatus(t.database.db, organisationseinheiten, draft.id, 'entwurf', 'test');
    const landkreis = await t.as('kommunalredakteur', 'landkreis-marburg-biedenkopf');
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    expect((await landkreis.get(`/api/v1/organisationseinheiten/${draft.id}`)).status).toBe(200);
    expect((await wanfried.get(`/api/v1/organisationseinheiten/${draft.id}`)).status).toBe(404);
    expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${draft.id}`)).status).toBe(404);
    const ids = async (agent: { get(u: string): Promise<{ body: { items: Array<{ id: string }> } }> }) => (await agent.get('/api/v1/organisationseinheiten?limit=200')).body.items.map((i) => i.id);
    expect(await ids(landkreis)).toContain(draft.id);
    expect(await ids(wanfried)).not.toContain(draft.id);
    expect(await ids(t.anonymous)).not.toContain(draft.id);
  });

  it('anonymous callers read published objects and get 401 for every write', async () => {
    const oe = await create(t, 'organisationseinheiten', organisationseinheitBody());
    expect((await t.anonymous.get(`/api/v1/organisationseinheiten/${oe.id}`)).status).toBe(200);
    const write = await t.anonymous.post('/api/v1/organisationseinheiten').send(organisationseinheitBody());
    expect(write.status).toBe(401);
    expect(write.body.error.code).toBe('unauthenticated');
    expect((await t.anonymous.get('/api/v1/audit')).status).toBe(401);
    expect((await t.anonymous.get('/xzufi/v1/index.txt')).status).toBe(401);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, recorded when used, and refused after revocation', async () => {
    const admin = await signIn('admin', 'admin-demo-2026');
    const created = await admin.agent.post('/api/v1/admin/tokens').set('X-CSRF-Token', admin.csrf!).send({ tenant: 'kommune-wanfried', role: 'kommunalredakteur', label: 'CMS Wanfried' });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^fimr_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    const [stored] = await t.database.db.select().from(apiTokens).where(eq(apiTokens.id, created.body.id));
    expect(stored!.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(created.body.token.slice('fimr_'.length + 33)); // the secret (base64url may hold _)

    const cms = request(t.app);
    const me = await cms.get('/auth/me').set('Authorization', `Bearer ${created.body.token}`);
    expect(me.body.user).toMatchObject({ role: 'kommunalredakteur', tenant: 'kommune-wanfried', ars: WANFRIED });
    const list = await admin.agent.get('/api/v1/admin/tokens');
    const entry = list.body.items.find((i: { id: string }) => i.id === created.body.id);
    expect(entry.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list.body)).not.toMatch(/secret|fimr_/i);

    expect((await admin.agent.delete(`/api/v1/admin/tokens/${created.body.id}`).set('X-CSRF-Token', admin.csrf!)).status).toBe(204);
    const after = await cms.get('/auth/me').set('Authorization', `Bearer ${created.body.token}`);
    expect(after.status).toBe(401);
    expect(after.headers['www-authenticate']).toContain('invalid_token');
  });

  it('expire', async () => {
    const token = await t.token('portal', 'landesredaktion');
    const id = token.slice(5, 37).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5');
    expect((await t.anonymous.get('/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(200);
    await t.database.db.update(apiTokens).set({ expiresAt: sql`now() - interval '1 second'` }).where(eq(apiTokens.id, id));
    expect((await t.anonymous.get('/auth/me').set('Authorization', `Bearer ${token}`)).status).toBe(401);
  });

  it('refuse malformed and forged tokens without telling which', async () => {
    const real = await t.token('landesredakteur', 'landesredaktion');
    const forged = real.slice(0, -4) + (real.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const header of ['Bearer nonsense', `Bearer ${forged}`, 'Basic YWRtaW46eA==']) {
      const res = await t.anonymous.get('/api/v1/leistungen').set('Authorization', header);
      expect(res.status).toBe(401);
      expect(res.body.error.message).toBe('The token is unknown, expired or revoked');
    }
  });

  it('can only be created and listed by an admin, with roles and areas checked', async () => {
    expect((await t.api.get('/api/v1/admin/tokens')).status).toBe(403);
    const admin = await signIn('admin', 'admin-demo-2026');
    const bad = await admin.agent.post('/api/v1/admin/tokens').set('X-CSRF-Token', admin.csrf!).send({ tenant: 'kommune-wanfried', role: 'kommunalredakteur', ars: '06534' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.message).toContain('outside the tenant\'s area');
    const users = await admin.agent.get('/api/v1/admin/users');
    expect(users.body.items.length).toBeGreaterThanOrEqual(6);
    expect(JSON.stringify(users.body)).not.toMatch(/argon2|password/i);
  });
});

describe('accounts', () => {
  it('an admin adds a tenant, whose token then works in its area', async () => {
    const admin = await signIn('admin', 'admin-demo-2026');
    const res = await admin.agent.put('/api/v1/admin/tenants/kommune-sontra').set('X-CSRF-Token', admin.csrf!)
      .send({ kind: 'kommune', name: 'Stadt Sontra', ars: '066360011011' });
    expect(res.status).toBe(201);
    expect((await admin.agent.put('/api/v1/admin/tenants/kommune-sontra').set('X-CSRF-Token', admin.csrf!).send({ kind: 'kommune', name: 'Stadt Sontra', ars: '066360011011' })).status).toBe(200);
    const bad = await admin.agent.put('/api/v1/admin/tenants/x-y').set('X-CSRF-Token', admin.csrf!).send({ kind: 'kommune', name: 'X', ars: '069999999999' });
    expect(bad.status).toBe(422);
    const sontra = await t.as('kommunalredakteur', 'kommune-sontra');
    const oe = await sontra.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ anschrift: [{ typ: '002', ort: 'Sontra', ars: '066360011011' }] }));
    expect(oe.status).toBe(201);
    expect((await t.api.put('/api/v1/admin/tenants/y-z').send({ kind: 'kommune', name: 'Y' })).status).toBe(403);
  });

  it('an admin creates a user who can then sign in, and disables it again', async () => {
    const admin = await signIn('admin', 'admin-demo-2026');
    const created = await admin.agent.post('/api/v1/admin/users').set('X-CSRF-Token', admin.csrf!)
      .send({ id: 'neue.redakteurin', tenant: 'kommune-frankenberg', role: 'kommunalredakteur', password: 'ein-langes-passwort', displayName: 'Neue Redakteurin' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual(expect.objectContaining({ id: 'neue.redakteurin', tenant: 'kommune-frankenberg', role: 'kommunalredakteur', disabled: false }));
    expect(JSON.stringify(created.body)).not.toMatch(/passwor|argon/i);
    expect((await signIn('neue.redakteurin', 'ein-langes-passwort')).res.status).toBe(200);
    const weak = await admin.agent.post('/api/v1/admin/users').set('X-CSRF-Token', admin.csrf!).send({ id: 'x1', tenant: 'kommune-frankenberg', role: 'kommunalredakteur', password: 'kurz' });
    expect(weak.status).toBe(422);
    expect((await admin.agent.post('/api/v1/admin/users/neue.redakteurin/disable').set('X-CSRF-Token', admin.csrf!)).status).toBe(204);
    expect((await signIn('neue.redakteurin', 'ein-langes-passwort')).res.status).toBe(401);
  });
});

describe('editor sessions', () => {
  it('sign in with a new session id, HttpOnly SameSite=Lax cookie, and sign out', async () => {
    const agent = request.agent(t.app);
    const csrfRes = await agent.get('/auth/csrf');
    const before = /fimr\.sid=([^;]+)/.exec(String(csrfRes.headers['set-cookie']))![1];
    const login = await agent.post('/auth/login').set('X-CSRF-Token', csrfRes.body.csrfToken).send({ username: 'kommune-wanfried', password: 'wanfried-demo-2026' });
    expect(login.status).toBe(200);
    expect(login.body.user).toMatchObject({ id: 'kommune-wanfried', role: 'kommunalredakteur', tenant: 'kommune-wanfried' });
    const cookie = String(login.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    const after = /fimr\.sid=([^;]+)/.exec(cookie)![1];
    expect(after).not.toBe(before);
    // The pre-login session id is worthless (session fixation).
    const fixated = await request(t.app).get('/auth/me').set('Cookie', `fimr.sid=${before}`);
    expect(fixated.status).toBe(401);

    expect((await agent.get('/auth/me')).body.user.id).toBe('kommune-wanfried');
    const out = await agent.post('/auth/logout').set('X-CSRF-Token', login.body.csrfToken);
    expect(out.status).toBe(204);
    expect((await agent.get('/auth/me')).status).toBe(401);
    expect((await request(t.app).get('/auth/me').set('Cookie', `fimr.sid=${after}`)).status).toBe(401);
  });

  it('answer a wrong password and an unknown user alike', async () => {
    const wrong = await signIn('kommune-frankenberg', 'falsch');
    const unknown = await signIn('niemand', 'falsch');
    expect(wrong.res.status).toBe(401);
    expect(unknown.res.status).toBe(401);
    expect(wrong.res.body.error.message).toBe(unknown.res.body.error.message);
  });

  it('throttle repeated failures per account, even with the right password afterwards', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('fachressort-innen', `falsch-${i}`)).res.status).toBe(401);
    const blocked = await signIn('fachressort-innen', 'fachressort-demo-2026');
    expect(blocked.res.status).toBe(429);
    expect(blocked.res.headers['retry-after']).toMatch(/^\d+$/);
    expect(blocked.res.body.error.message).not.toMatch(/fachressort/);
  });

  it('refuse writes and logins without the CSRF token of the session', async () => {
    const noToken = await request.agent(t.app).post('/auth/login').send({ username: 'landesredaktion', password: 'landesredaktion-demo-2026' });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error.code).toBe('csrf_failed');
    const s = await signIn('landesredaktion', 'landesredaktion-demo-2026');
    expect(s.res.status).toBe(200);
    const forged = await s.agent.post('/api/v1/organisationseinheiten').send(organisationseinheitBody());
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    expect((await s.agent.post('/api/v1/organisationseinheiten').set('X-CSRF-Token', 'x'.repeat(43)).send(organisationseinheitBody())).status).toBe(403);
    const ok = await s.agent.post('/api/v1/organisationseinheiten').set('X-CSRF-Token', s.csrf!).send(organisationseinheitBody());
    expect(ok.status).toBe(201);
    expect(ok.body.versionsinformation.erstelltDurch).toBe('landesredaktion');
  });
});

describe('audit trail', () => {
  it('records every write with who, tenant, action and versions, for landesredakteur and admin only', async () => {
    const wanfried = await t.as('kommunalredakteur', 'kommune-wanfried');
    const created = await wanfried.post('/api/v1/organisationseinheiten').send(organisationseinheitBody());
    await wanfried.put(`/api/v1/organisationseinheiten/${created.body.id}`).set('If-Match', '"1"').send({ ...strip(created.body), name: de('Neu') }).expect(200);
    await wanfried.delete(`/api/v1/organisationseinheiten/${created.body.id}`).set('If-Match', '"2"').expect(204);
    const audit = await t.api.get(`/api/v1/audit?object=${created.body.id}`);
    expect(audit.status).toBe(200);
    expect(audit.body.items.map((i: Record<string, unknown>) => [i.action, i.versionBefore, i.versionAfter, i.tenant, i.actorKind])).toEqual([
      ['create', null, 1, 'kommune-wanfried', 'token'],
      ['update', 1, 2, 'kommune-wanfried', 'token'],
      ['delete', 2, null, 'kommune-wanfried', 'token'],
    ]);
    expect(audit.body.items[0].actor).toBe(created.body.versionsinformation.erstelltDurch);
    expect((await wanfried.get('/api/v1/audit')).status).toBe(403);
  });

  it('is append-only', async () => {
    await expect(t.database.db.execute(sql`UPDATE audit_log SET action = 'update'`)).rejects.toThrow();
    await expect(t.database.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
  });
});

describe('XZuFi with tokens', () => {
  const message = (ars: string, id: string) => encodeMessage({ produktbezeichnung: 'CMS', produkthersteller: 'x', produktversion: '1' }, { nachrichtUUID: 'u', erstelltDatumZeit: '2026-11-25T08:00:00Z' }, [{
    op: 'schreibe', object: { klasse: 'Organisationseinheit', id: { schemeAgencyID: 'S06000', id }, content: { name: de(`Amt ${id}`), anschrift: [{ typ: '002', ort: 'Ort', ars }] } },
  }]);

  it('a municipal CMS pushes its own offices and is refused for others, object by object', async () => {
    const cms = await t.as('kommunalredakteur', 'kommune-wanfried');
    const own = await cms.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(message(WANFRIED, 'OE-CMS-W'));
    expect(own.status).toBe(200);
    expect(own.body.counts.Organisationseinheit.created).toBe(1);
    const foreign = await cms.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(message(MARBURG, 'OE-CMS-M'));
    expect(foreign.status).toBe(422);
    expect(foreign.body.errors[0]).toMatchObject({ id: 'OE-CMS-M', message: expect.stringContaining('inside ARS 066360013013') });
    const portal = await t.as('portal', 'landesredaktion');
    expect((await portal.post('/xzufi/v1/import').set('Content-Type', 'application/xml').send(message(WANFRIED, 'X'))).status).toBe(403);
  });

  it('a portal token with an ARS limit pulls its area and nothing beyond', async () => {
    const portal = await t.as('portal', 'landesredaktion', '06636');
    const index = await portal.get('/xzufi/v1/index.txt');
    expect(index.status).toBe(200);
    const feed = await portal.get('/xzufi/v1/changes?limit=1000');
    expect(feed.text).not.toContain(MARBURG);
    expect((await portal.get('/xzufi/v1/changes?ars=06534')).status).toBe(403);
    expect((await portal.get('/xzufi/v1/ars/065/index.txt')).status).toBe(403);
    const list = await portal.get('/api/v1/organisationseinheiten?limit=200');
    expect(list.body.items.every((i: { anschrift?: Array<{ ars?: string }> }) => (i.anschrift ?? []).every((a) => !a.ars || a.ars.startsWith('06636')))).toBe(true);
  });
});

describe('headers', () => {
  it('send a strict Content-Security-Policy and the other helmet headers', async () => {
    const res = await t.anonymous.get('/healthz');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allow configured portal origins to read, never to write', async () => {
    const read = await t.anonymous.get('/api/v1/leistungen').set('Origin', 'https://portal.example');
    expect(read.headers['access-control-allow-origin']).toBe('https://portal.example');
    const other = await t.anonymous.get('/api/v1/leistungen').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = await t.anonymous.options('/api/v1/leistungen').set('Origin', 'https://portal.example').set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD');
    const write = await t.api.post('/api/v1/organisationseinheiten').set('Origin', 'https://portal.example').send(organisationseinheitBody());
    expect(write.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('anonymous rate limit', () => {
  it('answers 429 over the limit, and never limits token holders', async () => {
    const limited = await createTestApp({ ANONYMOUS_RATE_LIMIT: '3' });
    try {
      // Fixed one-minute windows: 7 requests span at most two, so at most 6 pass.
      const codes = [];
      for (let i = 0; i < 7; i++) codes.push((await limited.anonymous.get('/api/v1/leistungen')).status);
      expect(codes.slice(0, 3)).toEqual([200, 200, 200]);
      expect(codes).toContain(429);
      expect(codes.filter((c) => c === 200).length).toBeLessThanOrEqual(6);
      for (let i = 0; i < 5; i++) expect((await limited.api.get('/api/v1/leistungen')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
