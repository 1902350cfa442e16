/**
 * The authorisation matrix, generated from the policy declaration (src/auth/policy.ts) and asserted
 * over HTTP: every role (as token, and admin as a signed-in user) × every object type × read, create,
 * update, delete × own area, another area and the whole state × published or draft. The expected
 * answer of each cell comes from `decide`; the named tests in access.test.ts pin the declaration
 * itself.
 */
import { ACTIONS, canDo, decide, RESOURCES, type Capability, type Action, type ObjectFacts, type Principal, type Resource } from '../../src/auth/policy';
import { setStatus } from '../../src/db/objectStore';
import { canonicalArs } from '../../src/gebiet/ars';
import { OBJECT_TYPES } from '../../src/objectTypes';
import { seedDemoUsers } from '../../src/seed/demo';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
type Agent = TestApp['api'];

interface Actor { name: string; agent: Agent | TestApp['anonymous']; principal: Principal; csrf?: string }
const actors: Actor[] = [];

const PLACES = {
  wanfried: { ars: '066360013013', gruppierung: '008' },
  marburg: { ars: '065340014014', gruppierung: '102' },
  land: { ars: '060000000000', gruppierung: '115' },
} as const;
type Place = keyof typeof PLACES;

let keyCounter = 0;
/** A fresh, well-formed LeiKa key in the Leistungsgruppierung (Leistungen are unique by key). */
const leikaKey = (gruppierung: string) => {
  const n = keyCounter++;
  return `99${gruppierung}${String(1 + Math.floor(n / 999)).padStart(3, '0')}${String(1 + (n % 999)).padStart(3, '0')}000`;
};
const de = (value: string) => [{ languageCode: 'de', value }];
const pathOf = (r: Resource) => OBJECT_TYPES.find((x) => x.name === r)!.path;

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoUsers(t.database);
  const me = async (agent: Agent) => (await agent.get('/auth/me')).body.user;
  const tokenActor = async (name: string, role: string, tenant: string, ars?: string) => {
    const agent = await t.as(role, tenant, ars);
    const user = await me(agent);
    actors.push({ name, agent, principal: { id: user.id, kind: 'token', role: user.role, tenantId: user.tenant, area: user.ars, limit: user.limit, leistungsgruppierungen: user.leistungsgruppierungen } });
  };
  await tokenActor('landesredakteur', 'landesredakteur', 'landesredaktion');
  await tokenActor('fachressort-innen', 'fachressort', 'fachressort-innen');
  await tokenActor('kommune-wanfried', 'kommunalredakteur', 'kommune-wanfried');
  await tokenActor('landkreis-marburg', 'kommunalredakteur', 'landkreis-marburg-biedenkopf');
  await tokenActor('portal', 'portal', 'landesredaktion');
  // admin signs in with a session (admin has no token role).
  const admin = (await import('supertest')).default.agent(t.app);
  const csrf = (await admin.get('/auth/csrf')).body.csrfToken;
  const login = await admin.post('/auth/login').set('X-CSRF-Token', csrf).send({ username: 'admin', password: 'admin-demo-2026' });
  expect(login.status).toBe(200);
  const user = login.body.user;
  actors.push({ name: 'admin (session)', agent: admin, csrf: login.body.csrfToken, principal: { id: user.id, kind: 'user', role: user.role, tenantId: user.tenant, area: user.ars, limit: user.limit, leistungsgruppierungen: user.leistungsgruppierungen } });
  actors.push({ name: 'anonymous', agent: t.anonymous, principal: { id: 'anonymous', kind: 'anonymous', role: 'anonymous', tenantId: null, area: null, limit: null, leistungsgruppierungen: [] } });
});
afterAll(async () => { await t.close(); });

/** A valid body of the resource in a place, with the objects it references created by the Landesredaktion. */
async function bodyFor(resource: Resource, place: Place): Promise<Record<string, unknown>> {
  const { ars, gruppierung } = PLACES[place];
  const leistung = async (g = '115', area = '060000000000') => {
    const res = await t.api.post('/api/v1/leistungen').send({ referenzLeiKa: leikaKey(g), modulText: [{ leikaTextmodul: '02', inhalt: de('Matrix') }], gueltigkeitGebietID: [area] });
    expect(res.status).toBe(201);
    return res.body.id as string;
  };
  switch (resource) {
    case 'Leistung': return { referenzLeiKa: leikaKey(gruppierung), modulText: [{ leikaTextmodul: '02', inhalt: de('Matrix') }], gueltigkeitGebietID: [ars] };
    case 'Spezialisierung': return { leistungId: await leistung(), gebietID: [ars], modulText: [{ leikaTextmodul: '16', inhalt: de('Vor Ort') }] };
    case 'Organisationseinheit': return { name: de('Amt'), anschrift: [{ typ: '002', ort: 'Ort', ars }] };
    case 'Onlinedienst': return { bezeichnung: de('Dienst'), gueltigkeitGebietID: [ars] };
    case 'Zustaendigkeit': {
      const oe = await t.api.post('/api/v1/organisationseinheiten').send({ name: de('Amt'), anschrift: [{ typ: '002', ort: 'Ort', ars }] });
      return { leistungId: await leistung(), organisationseinheitId: oe.body.id, gebietID: ars, rolle: '01' };
    }
    case 'Kategorie': return { bezeichnung: de(`Kategorie ${keyCounter++}`) };
  }
}

function factsOf(resource: Resource, body: Record<string, unknown>, published: boolean, tenantId: string | null): ObjectFacts {
  const type = OBJECT_TYPES.find((x) => x.name === resource)!;
  return { ars: type.ars(body).map(canonicalArs), tenantId, leikaKey: ([body.referenzLeiKa].flat()[0] as string | undefined) ?? null, published };
}

const SUCCESS: Record<Action, number> = { read: 200, create: 201, update: 200, delete: 204 };

interface Cell { actor: string; resource: Resource; action: Action; place: Place; published: boolean }
const cells: Cell[] = [];
for (const actor of ['landesredakteur', 'fachressort-innen', 'kommune-wanfried', 'landkreis-marburg', 'portal', 'admin (session)', 'anonymous']) {
  for (const resource of RESOURCES) {
    for (const action of ACTIONS) {
      for (const place of Object.keys(PLACES) as Place[]) {
        if (resource === 'Kategorie' && place !== 'land') continue; // Kategorien have no territory
        for (const published of action === 'create' ? [true] : [true, false]) cells.push({ actor, resource, action, place, published });
      }
    }
  }
}

describe('authorisation matrix', () => {
  it(`has ${cells.length} cells`, () => {
    expect(cells.length).toBeGreaterThan(500);
  });

  it.each(cells.map((c) => [`${c.actor} ${c.action} ${c.resource} in ${c.place}${c.published ? '' : ' (draft)'}`, c] as const))('%s', async (_name, cell) => {
    const actor = actors.find((a) => a.name === cell.actor)!;
    const path = `/api/v1/${pathOf(cell.resource)}`;
    const body = await bodyFor(cell.resource, cell.place);
    const withCsrf = <T extends { set(k: string, v: string): T }>(req: T) => (actor.csrf ? req.set('X-CSRF-Token', actor.csrf) : req);
    let res;
    let facts: ObjectFacts;
    if (cell.action === 'create') {
      facts = factsOf(cell.resource, body, true, actor.principal.tenantId);
      res = await withCsrf(actor.agent.post(path)).send(body);
    } else {
      const created = await t.api.post(path).send(body);
      expect(created.status).toBe(201);
      // A new object is a draft; the published cells publish it directly (the workflow has its own tests).
      if (cell.published) await setStatus(t.database.db, OBJECT_TYPES.find((x) => x.name === cell.resource)!.table, created.body.id, 'veroeffentlicht', 'test', { publish: true });
      facts = factsOf(cell.resource, body, cell.published, 'landesredaktion');
      const url = `${path}/${created.body.id}`;
      if (cell.action === 'read') res = await actor.agent.get(url);
      else if (cell.action === 'delete') res = await withCsrf(actor.agent.delete(url).set('If-Match', '"1"'));
      else res = await withCsrf(actor.agent.put(url).set('If-Match', '"1"')).send({ ...body, ...(cell.resource === 'Organisationseinheit' ? { name: de('Amt geändert') } : {}) });
    }
    const decision = decide(actor.principal, cell.action, cell.resource, facts);
    const expected = decision.ok ? SUCCESS[cell.action] : decision.status;
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({
      status: expected,
      code: decision.ok ? undefined : { 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[decision.status],
    });
  });
});

/** The endpoints behind capabilities rather than object rights. */
const ENDPOINTS: Array<{ capability: Capability; method: 'get' | 'post'; url: string; ok: number; body?: () => string; type?: string }> = [
  { capability: 'manage_access', method: 'get', url: '/api/v1/admin/users', ok: 200 },
  { capability: 'manage_access', method: 'get', url: '/api/v1/admin/tokens', ok: 200 },
  { capability: 'manage_access', method: 'get', url: '/api/v1/admin/tenants', ok: 200 },
  { capability: 'read_audit', method: 'get', url: '/api/v1/audit', ok: 200 },
  { capability: 'request_leika', method: 'get', url: '/api/v1/leika-requests', ok: 200 },
  { capability: 'xzufi_export', method: 'get', url: '/xzufi/v1/index.txt', ok: 200 },
  { capability: 'xzufi_export', method: 'get', url: '/xzufi/v1/changes', ok: 200 },
  {
    capability: 'xzufi_import', method: 'post', url: '/xzufi/v1/import', ok: 200, type: 'application/xml',
    body: () => `<?xml version="1.0"?><xzufi:transfer.schreibeLoesche xmlns:xzufi="http://xoev.de/schemata/xzufi/2_2_0" produktbezeichnung="x" produkthersteller="y" produktversion="1" xzufiVersion="2.2.0"><xzufi:nachrichtenkopf><xzufi:nachrichtUUID>u</xzufi:nachrichtUUID><xzufi:erstelltDatumZeit>2026-11-25T08:00:00Z</xzufi:erstelltDatumZeit></xzufi:nachrichtenkopf></xzufi:transfer.schreibeLoesche>`,
  },
];

describe('capability matrix (role × endpoint)', () => {
  const endpointCells = ['landesredakteur', 'fachressort-innen', 'kommune-wanfried', 'landkreis-marburg', 'portal', 'admin (session)', 'anonymous']
    .flatMap((actor) => ENDPOINTS.map((e) => [`${actor} ${e.method.toUpperCase()} ${e.url}`, actor, e] as const));

  it.each(endpointCells)('%s', async (_name, actorName, e) => {
    const actor = actors.find((a) => a.name === actorName)!;
    let req = actor.agent[e.method](e.url);
    if (e.method === 'post' && actor.csrf) req = req.set('X-CSRF-Token', actor.csrf);
    const res = e.body ? await req.set('Content-Type', e.type!).send(Buffer.from(e.body())) : await req;
    const expected = canDo(actor.principal, e.capability) ? e.ok : actor.principal.kind === 'anonymous' ? 401 : 403;
    expect(res.status).toBe(expected);
  });
});
