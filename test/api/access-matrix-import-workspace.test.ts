/**
 * The authorisation matrix beyond the REST object routes, generated from the policy declaration:
 * the XZuFi import (role × object class × own area / another area / the state × live or draft),
 * and the editor workspace's object pages (signed-in role × object type × place × published or
 * draft: view, history, save). The expected answer of each cell comes from `decide` and
 * `decideStep`, as in access-matrix.test.ts.
 */
import request from 'supertest';
import { canDo, decide, decideStep, type Principal, type Resource } from '../../src/auth/policy';
import { setStatus } from '../../src/db/objectStore';
import { canonicalArs } from '../../src/gebiet/ars';
import { OBJECT_TYPES } from '../../src/objectTypes';
import { seedDemoUsers } from '../../src/seed/demo';
import { KLASSE_TYPES } from '../../src/syndication/mapping';
import { decodeMessage, encodeMessage } from '../../src/xzufi/message';
import type { Klasse, XzufiObject } from '../../src/xzufi/objects';
import { encodeForm, formFields } from '../helpers/forms';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
type Agent = TestApp['api'];
interface Actor { name: string; agent: Agent | TestApp['anonymous']; principal: Principal; csrf?: string }
const importers: Actor[] = [];
const editors: Actor[] = [];

const PLACES = {
  wanfried: { ars: '066360013013', gruppierung: '008' },
  marburg: { ars: '065340014014', gruppierung: '102' },
  land: { ars: '060000000000', gruppierung: '115' },
} as const;
type Place = keyof typeof PLACES;
const de = (value: string) => [{ languageCode: 'de', value }];
let counter = 0;
const leikaKey = (g: string) => { const n = counter++; return `99${g}${String(1 + Math.floor(n / 999)).padStart(3, '0')}${String(1 + (n % 999)).padStart(3, '0')}000`; };
const principalOf = (u: { id: string; kind: Principal['kind']; role: Principal['role']; tenant: string | null; ars: string | null; limit: string | null; leistungsgruppierungen: string[] }): Principal =>
  ({ id: u.id, kind: u.kind, role: u.role, tenantId: u.tenant, area: u.ars, limit: u.limit, leistungsgruppierungen: u.leistungsgruppierungen });

beforeAll(async () => {
  t = await createTestApp();
  await seedDemoUsers(t.database);
  for (const [name, role, tenant] of [['landesredakteur', 'landesredakteur', 'landesredaktion'], ['fachressort-innen', 'fachressort', 'fachressort-innen'], ['kommune-wanfried', 'kommunalredakteur', 'kommune-wanfried'], ['landkreis-marburg', 'kommunalredakteur', 'landkreis-marburg-biedenkopf'], ['portal', 'portal', 'landesredaktion']] as const) {
    const agent = await t.as(role, tenant);
    importers.push({ name, agent, principal: principalOf((await agent.get('/auth/me')).body.user) });
  }
  importers.push({ name: 'anonymous', agent: t.anonymous, principal: { id: 'anonymous', kind: 'anonymous', role: 'anonymous', tenantId: null, area: null, limit: null, leistungsgruppierungen: [] } });
  for (const [username, password] of [['admin', 'admin-demo-2026'], ['landesredaktion', 'landesredaktion-demo-2026'], ['fachressort-innen', 'fachressort-demo-2026'], ['kommune-wanfried', 'wanfried-demo-2026'], ['landkreis-marburg-biedenkopf', 'landkreis-demo-2026']] as const) {
    const agent = request.agent(t.app);
    const csrf = (await agent.get('/auth/csrf')).body.csrfToken;
    const login = await agent.post('/auth/login').set('X-CSRF-Token', csrf).send({ username, password });
    expect(login.status).toBe(200);
    editors.push({ name: username, agent, csrf: login.body.csrfToken, principal: principalOf(login.body.user) });
  }
});
afterAll(async () => { await t.close(); });

/** A valid REST body of the resource in a place, its references created and published by the Landesredaktion. */
async function restBody(resource: Resource, place: Place): Promise<Record<string, unknown>> {
  const { ars, gruppierung } = PLACES[place];
  const published = async (path: string, body: Record<string, unknown>) => {
    const res = await t.api.post(`/api/v1/${path}`).send(body);
    expect(res.status).toBe(201);
    if (path === 'leistungen') {
      for (const to of ['in_pruefung', 'freigegeben']) await t.api.post(`/api/v1/${path}/${res.body.id}/transitions`).send({ to }).expect(200);
    }
    await t.api.post(`/api/v1/${path}/${res.body.id}/transitions`).send({ to: 'veroeffentlicht' }).expect(200);
    return res.body.id as string;
  };
  const leistung = () => published('leistungen', { referenzLeiKa: leikaKey('115'), typisierung: ['1'], modulText: [{ leikaTextmodul: '02', inhalt: de('Matrix') }, { leikaTextmodul: '05', inhalt: de('Kurz') }], gueltigkeitGebietID: ['060000000000'] });
  switch (resource) {
    case 'Leistung': return { referenzLeiKa: leikaKey(gruppierung), typisierung: ['1'], modulText: [{ leikaTextmodul: '02', inhalt: de('Matrix') }, { leikaTextmodul: '05', inhalt: de('Kurz') }], gueltigkeitGebietID: [ars] };
    case 'Spezialisierung': return { leistungId: await leistung(), gebietID: [ars], modulText: [{ leikaTextmodul: '16', inhalt: de('Vor Ort') }] };
    case 'Organisationseinheit': return { name: de('Amt'), anschrift: [{ typ: '002', ort: 'Ort', ars }] };
    case 'Onlinedienst': return { bezeichnung: de('Dienst'), link: [{ typ: '01', link: 'https://dienst.example/' }], gueltigkeitGebietID: [ars] };
    case 'Zustaendigkeit': {
      const oe = await published('organisationseinheiten', { name: de('Amt'), anschrift: [{ typ: '002', ort: 'Ort', ars }] });
      return { leistungId: await leistung(), organisationseinheitId: oe, gebietID: ars, rolle: '01' };
    }
    case 'Kategorie': return { bezeichnung: de(`Kategorie ${counter++}`) };
  }
}

const factsOf = (resource: Resource, body: Record<string, unknown>, published: boolean, tenantId: string | null) => {
  const type = OBJECT_TYPES.find((x) => x.name === resource)!;
  return { ars: type.ars(body).map(canonicalArs), tenantId, leikaKey: ([body.referenzLeiKa].flat()[0] as string | undefined) ?? null, published };
};

let feedCursor = '';

/** The same object as another system would send it: written by the Landesredaktion, exported, removed again, renamed. */
async function xzufiObjectFor(klasse: Klasse, place: Place): Promise<{ object: XzufiObject; body: Record<string, unknown> }> {
  const type = KLASSE_TYPES[klasse];
  const body = await restBody(type.name as Resource, place);
  const created = await t.api.post(`/api/v1/${type.path}`).send(body);
  expect(created.status).toBe(201);
  if (type.name === 'Leistung') for (const to of ['in_pruefung', 'freigegeben']) await t.api.post(`/api/v1/${type.path}/${created.body.id}/transitions`).send({ to }).expect(200);
  await t.api.post(`/api/v1/${type.path}/${created.body.id}/transitions`).send({ to: 'veroeffentlicht' }).expect(200);
  let found: XzufiObject | undefined;
  for (;;) {
    const page = await t.api.get(`/xzufi/v1/changes?limit=1000${feedCursor ? `&since=${feedCursor}` : ''}`);
    for (const item of decodeMessage(page.text).items) if (item.op === 'schreibe' && item.object.id.id === created.body.xzufiId) found = item.object;
    feedCursor = String(page.headers['xzufi-next-cursor']);
    if (page.headers['xzufi-complete'] === 'true') break;
  }
  await t.api.delete(`/api/v1/${type.path}/${created.body.id}`).set('If-Match', `"${(await t.api.get(`/api/v1/${type.path}/${created.body.id}`)).body.version}"`).expect(204);
  const { versionsinformation, ...object } = found!;
  return { object: { ...object, id: { ...object.id, id: `import-${counter++}` } }, body };
}

const KLASSEN: Klasse[] = ['Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'];
const importCells = ['landesredakteur', 'fachressort-innen', 'kommune-wanfried', 'landkreis-marburg', 'portal', 'anonymous']
  .flatMap((actor) => KLASSEN.flatMap((klasse) => (Object.keys(PLACES) as Place[]).flatMap((place) => (['live', 'draft'] as const).map((target) => ({ actor, klasse, place, target })))));

describe('XZuFi import matrix (role × class × place × live or draft)', () => {
  it(`has ${importCells.length} cells`, () => { expect(importCells.length).toBe(180); });

  it.each(importCells.map((c) => [`${c.actor} imports a new ${c.klasse} in ${c.place} (${c.target})`, c] as const))('%s', async (_name, cell) => {
    const actor = importers.find((a) => a.name === cell.actor)!;
    const { object, body } = await xzufiObjectFor(cell.klasse, cell.place);
    const xml = encodeMessage({ produktbezeichnung: 'p', produkthersteller: 'h', produktversion: '1' }, { nachrichtUUID: `m-${counter}`, erstelltDatumZeit: '2026-12-01T08:00:00Z' }, [{ op: 'schreibe', object }]);
    const res = await actor.agent.post(`/xzufi/v1/import${cell.target === 'draft' ? '?mode=draft' : ''}`).set('Content-Type', 'application/xml').send(Buffer.from(xml));
    if (!canDo(actor.principal, 'xzufi_import')) {
      expect(res.status).toBe(actor.principal.kind === 'anonymous' ? 401 : 403);
      return;
    }
    const resource = KLASSE_TYPES[cell.klasse].name as Resource;
    const facts = factsOf(resource, body, true, actor.principal.tenantId);
    const create = decide(actor.principal, 'create', resource, facts);
    const publish = cell.target === 'live' ? decideStep(actor.principal, 'publish', resource, facts) : { ok: true as const };
    const expected = !create.ok ? { status: 422, object: create.status } : !publish.ok ? { status: 422, object: publish.status } : { status: 200, object: 'created' };
    expect({ status: res.status, object: res.body.counts?.[cell.klasse]?.created === 1 ? 'created' : res.body.errors?.[0]?.status }).toEqual(expected);
    if (expected.object === 'created') {
      const path = KLASSE_TYPES[cell.klasse].path;
      const stored = (await t.api.get(`/api/v1/${path}?limit=200&ars=${PLACES[cell.place].ars}`)).body.items.find((i: { xzufiId: string }) => i.xzufiId === object.id.id);
      expect(stored.status).toBe(cell.target === 'live' ? 'veroeffentlicht' : 'entwurf');
    }
  });
});

const workspaceCells = ['admin', 'landesredaktion', 'fachressort-innen', 'kommune-wanfried', 'landkreis-marburg-biedenkopf']
  .flatMap((actor) => OBJECT_TYPES.flatMap((type) => (Object.keys(PLACES) as Place[]).filter((p) => type.name !== 'Kategorie' || p === 'land')
    .flatMap((place) => [true, false].map((published) => ({ actor, resource: type.name as Resource, path: type.path, place, published })))));

describe('workspace matrix (signed-in role × type × place × published or draft)', () => {
  it(`has ${workspaceCells.length} cells`, () => { expect(workspaceCells.length).toBe(160); });

  it.each(workspaceCells.map((c) => [`${c.actor} on a ${c.published ? 'published' : 'draft'} ${c.resource} in ${c.place}`, c] as const))('%s', async (_name, cell) => {
    const actor = editors.find((a) => a.name === cell.actor)!;
    const body = await restBody(cell.resource, cell.place);
    const created = await t.api.post(`/api/v1/${cell.path}`).send(body);
    expect(created.status).toBe(201);
    if (cell.published) await setStatus(t.database.db, OBJECT_TYPES.find((x) => x.name === cell.resource)!.table, created.body.id, 'veroeffentlicht', 'test', { publish: true });
    const facts = factsOf(cell.resource, body, cell.published, 'landesredaktion');
    const readable = decide(actor.principal, 'read', cell.resource, facts).ok;
    const seesWorking = decide(actor.principal, 'read', cell.resource, { ...facts, published: false }).ok;
    const update = decide(actor.principal, 'update', cell.resource, facts);
    const url = `/redaktion/${cell.path}/${created.body.id}`;

    const view = await actor.agent.get(url);
    const history = await actor.agent.get(`${url}/versionen`);
    // Saved as a browser would: the form's fields as rendered (an editor's form), or just the token and version.
    const fields = formFields(view.text, { id: 'form' });
    const save = await actor.agent.post(url).type('form').send(encodeForm(fields.length > 0 ? fields : [['version', '1']], { _csrf: actor.csrf! }));
    expect({ view: view.status, history: history.status, save: save.status }).toEqual({
      view: readable ? 200 : 404,
      history: seesWorking ? 200 : 404,
      save: !readable ? 404 : update.ok ? 303 : update.status,
    });
  });
});
