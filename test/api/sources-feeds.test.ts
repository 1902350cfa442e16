/**
 * Pull subscriptions that follow a position: `delta` (the changes feed of a second installation
 * of this project, over HTTP on loopback) and `bereitstelldienst` (the PVOG JSON envelope, served
 * by a small local server from that installation's exported files, behind OAuth2 client
 * credentials).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { findSource } from '../../src/db/sourceStore';
import { leistungen, onlinedienste, organisationseinheiten, zustaendigkeiten } from '../../src/db/schema';
import { pullEnv } from '../../src/sources/jobs';
import { runSource } from '../../src/sources/pull';
import { exportToDirectory, messageFiles } from '../../src/syndication/files';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { deleteOn, editOn, firstOn } from '../helpers/sourceEdits';
import { organisationseinheitBody } from '../helpers/factories';
import { closeServer, listen, SOURCE_AGENCY, startSourceSystem, type SourceSystem } from '../helpers/sourceSystem';
import { createTestApp, type TestApp } from '../helpers/testApp';

type Table = typeof leistungen | typeof organisationseinheiten | typeof zustaendigkeiten | typeof onlinedienste;
const all = [leistungen, organisationseinheiten, onlinedienste, zustaendigkeiten] as const;
const validator = createSchemaValidator(undefined, 'read');
const ids = async (t: TestApp | SourceSystem['t'], table: Table) =>
  (await t.database.db.select({ x: table.xzufiId }).from(table).where(eq(table.schemeAgencyId, SOURCE_AGENCY))).map((r) => r.x).sort();
const snapshot = (t: TestApp) => Promise.all(all.map((table) => ids(t, table)));

let source: SourceSystem;
beforeAll(async () => { source = await startSourceSystem(); }, 120_000);
afterAll(async () => { await source?.close(); });

async function register(t: TestApp, body: Record<string, unknown>) {
  const res = await t.api.post('/api/v1/sources').send({ tenant: 'landesredaktion', role: 'landesredakteur', schemeAgencyIds: [SOURCE_AGENCY], paused: true, ...body });
  expect(res.status).toBe(201);
  return res.body as { id: string };
}

describe('a delta source (a changes feed followed by cursor)', () => {
  let t: TestApp;
  let id: string;
  const run = () => runSource(pullEnv(t.config, t.database, validator), id, 'test');
  beforeAll(async () => { t = await createTestApp({ SOURCE_ALLOW_PRIVATE: 'true' }); });
  afterAll(async () => { await t?.close(); });

  it('takes the whole feed page by page, keeping the cursor with each page', async () => {
    ({ id } = await register(t, { name: 'Darmstadt (Änderungen)', kind: 'delta', url: `${source.url}/xzufi/v1/changes?limit=100`, credentials: { kind: 'bearer', token: source.token } }));
    const r = await run();
    expect(r.status).toBe('succeeded');
    expect(r.stats.pages).toBeGreaterThan(3);
    expect(await snapshot(t)).toEqual(await Promise.all(all.map((table) => ids(source.t, table))));
    const cursor = (await findSource(t.database.db, id))!.cursor;
    const head = await source.t.anonymous.get('/xzufi/v1/changes?limit=1000').set('Authorization', `Bearer ${source.token}`);
    expect(cursor).toBe(head.headers['xzufi-next-cursor']);
    const again = await run();
    expect(again.stats).toMatchObject({ created: 0, updated: 0, deleted: 0, pages: 1 });
  });

  it('takes over an edit and a deletion made on the source', async () => {
    const office = await firstOn(source, 'organisationseinheiten');
    await editOn(source, 'organisationseinheiten', office, { name: [{ value: 'Rathaus (per Feed geändert)', languageCode: 'de' }] });
    const z = await firstOn(source, 'zustaendigkeiten');
    await deleteOn(source, 'zustaendigkeiten', z);
    const r = await run();
    expect(r.status).toBe('succeeded');
    expect(r.stats).toMatchObject({ updated: 1, deleted: 1 });
    const row = (await t.database.db.select().from(organisationseinheiten).where(and(eq(organisationseinheiten.schemeAgencyId, SOURCE_AGENCY), eq(organisationseinheiten.xzufiId, office.xzufiId as string))))[0]!;
    expect(JSON.stringify(row.content)).toContain('per Feed geändert');
    expect(await ids(t, zustaendigkeiten)).not.toContain(z.xzufiId);
  });

  it('never deletes an object the source did not write, whatever its feed says', async () => {
    // On the source: an office published and deleted again (its feed ends in a loesche). The
    // subscriber has an office of the same identity that it made itself.
    const made = await source.t.api.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ xzufiId: 'OE-KURZLEBIG' })).expect(201);
    const published = await source.t.api.post(`/api/v1/organisationseinheiten/${made.body.id}/transitions`).send({ to: 'veroeffentlicht' }).expect(200);
    await deleteOn(source, 'organisationseinheiten', published.body);
    const feed = await source.t.anonymous.get('/xzufi/v1/changes?limit=1000').set('Authorization', `Bearer ${source.token}`);
    expect(feed.text).toMatch(/<(\w+:)?loesche\b[^>]*>(?:(?!<\/(\w+:)?loesche>)[\s\S])*OE-KURZLEBIG/);
    const other = await createTestApp({ SOURCE_ALLOW_PRIVATE: 'true' });
    try {
      await other.api.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ xzufiId: 'OE-KURZLEBIG', schemeAgencyID: SOURCE_AGENCY, name: [{ value: 'Eigene Stelle', languageCode: 'de' }] })).expect(201);
      expect(await ids(other, organisationseinheiten)).toEqual(['OE-KURZLEBIG']);
      const s = await register(other, { name: 'Feed', kind: 'delta', url: `${source.url}/xzufi/v1/changes`, credentials: { kind: 'bearer', token: source.token }, klassen: ['Organisationseinheit'] });
      const r = await runSource(pullEnv(other.config, other.database, validator), s.id, 'test');
      expect(r.stats.deleted).toBe(0);
      expect(await ids(other, organisationseinheiten)).toContain('OE-KURZLEBIG');
      expect((await ids(other, organisationseinheiten)).length).toBe((await ids(source.t, organisationseinheiten)).length + 1);
    } finally {
      await other.close();
    }
  });
});

describe('a Bereitstelldienst source (the PVOG JSON envelope, OAuth2 client credentials)', () => {
  let t: TestApp;
  let dir: string;
  let server: Awaited<ReturnType<typeof listen>>;
  const seen: string[] = [];
  beforeAll(async () => {
    t = await createTestApp({ SOURCE_ALLOW_PRIVATE: 'true' });
    dir = await mkdtemp(join(tmpdir(), 'bereitstelldienst-'));
    await exportToDirectory(source.t.database, dir, SOURCE_AGENCY);
    const files = await Promise.all((await messageFiles(dir)).map((f) => readFile(f, 'utf8')));
    const issued = new Set<string>();
    server = await listen((req, res) => {
      const url = new URL(req.url!, 'http://x');
      seen.push(`${req.method} ${url.pathname}`);
      if (url.pathname === '/auth/realms/pvog/token') {
        const ok = req.headers.authorization === `Basic ${Buffer.from('fim-redaktion:geheim').toString('base64')}`;
        if (!ok) return void res.writeHead(401).end();
        const token = `at-${issued.size}`;
        issued.add(token);
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 300 }));
      }
      if (!issued.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) return void res.writeHead(401).end();
      const index = Number(url.searchParams.get('index') ?? '0');
      const body = {
        xzufiObjekte: index < files.length ? files[index] : '',
        vollstaendig: index >= files.length - 1,
        naechsterIndex: Math.min(index + 1, files.length),
        naechsteAnfrageUrl: `http://${req.headers.host}/bereitstelldienst/api/v2/verwaltungsobjekte?index=${Math.min(index + 1, files.length)}&ars=06`,
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  afterAll(async () => {
    await closeServer(server.server);
    await rm(dir, { recursive: true, force: true });
    await t?.close();
  });

  it('follows naechsteAnfrageUrl until vollstaendig, with a token from the token endpoint', async () => {
    const { id } = await register(t, {
      name: 'PVOG', kind: 'bereitstelldienst', url: `${server.url}/bereitstelldienst/api/v2/verwaltungsobjekte?index=0&ars=06`,
      credentials: { kind: 'oauth2', tokenUrl: `${server.url}/auth/realms/pvog/token`, clientId: 'fim-redaktion', clientSecret: 'geheim' },
    });
    const r = await runSource(pullEnv(t.config, t.database, validator), id, 'test');
    expect(r.status).toBe('succeeded');
    expect(seen.filter((s) => s.endsWith('/token'))).toHaveLength(1);
    expect(await snapshot(t)).toEqual(await Promise.all(all.map((table) => ids(source.t, table))));
    expect((await findSource(t.database.db, id))!.cursor).toMatch(/index=\d+&ars=06$/);
    // The next run goes on from where this one ended: nothing new.
    const again = await runSource(pullEnv(t.config, t.database, validator), id, 'test');
    expect(again.stats).toMatchObject({ created: 0, updated: 0, pages: 1 });
  });

  it('fails the run, changing nothing, when the token endpoint refuses the client', async () => {
    const { id } = await register(t, {
      name: 'PVOG (falsches Geheimnis)', kind: 'bereitstelldienst', url: `${server.url}/bereitstelldienst/api/v2/verwaltungsobjekte?index=0`,
      credentials: { kind: 'oauth2', tokenUrl: `${server.url}/auth/realms/pvog/token`, clientId: 'fim-redaktion', clientSecret: 'falsch' },
    });
    const r = await runSource(pullEnv(t.config, t.database, validator), id, 'test');
    expect(r.status).toBe('failed');
    expect(r.report.error).toMatchObject({ code: 'unauthorised' });
    expect((await findSource(t.database.db, id))!.cursor).toBeNull();
  });
});
