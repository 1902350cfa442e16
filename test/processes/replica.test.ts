import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { createToken } from '../../src/auth/tokens';
import { prepareDatabase } from '../../src/bootstrap';
import { loadConfig } from '../../src/config';
import { openDatabase, type Database } from '../../src/db/client';
import { createLogger } from '../../src/logger';
import { DEMO_FIXTURE } from '../../src/seed/demo';
import { upsertTenant, type NewTenant } from '../../src/tenant/repository';
import { leistungBody, organisationseinheitBody } from '../helpers/factories';
import { startReplicaPair, waitFor, type ReplicaPair } from '../helpers/replicaCluster';
import { testConfig } from '../helpers/template';

// A real streaming replica (pg_basebackup, hot standby) of a primary made for this file. PGlite has no replicas.
const describeServer = testConfig.target === 'postgres' ? describe : describe.skip;

const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: 'silent', SESSION_SECRET: 'replica-test-secret-0123456789abcdef', PORTAL_SYNC_MS: '50' });
const logger = createLogger(config);
const demoTenants = (JSON.parse(readFileSync(DEMO_FIXTURE, 'utf8')) as { tenants: NewTenant[] }).tenants;

let pair: ReplicaPair;
let primary: Database;
/** Reads from the replica and keeps doing so however far it lags (60 s). */
let patient: Database;
/** Reads from the replica only while it is at most 300 ms behind. */
let strict: Database;
let writer: ReturnType<typeof request.agent>;
let feedToken: string;
const apps: Record<string, ReturnType<typeof buildApp>> = {};

const DB = 'fim';
const rows = (r: unknown) => (r as { rows: Array<Record<string, unknown>> }).rows;

beforeAll(async () => {
  if (testConfig.target !== 'postgres') return;
  pair = await startReplicaPair();
  const admin = await openDatabase({ kind: 'postgres', url: pair.primaryUrl(), poolSize: 1 });
  await admin.db.execute(sql.raw(`CREATE DATABASE ${DB}`));
  await admin.close();
  primary = await openDatabase({ kind: 'postgres', url: pair.primaryUrl(DB), poolSize: 5 });
  await prepareDatabase(primary, { demoData: false, schemeAgencyId: 'S06000' });
  for (const tenant of demoTenants) await upsertTenant(primary.db, tenant);
  await pair.startReplica();
  const replicated = (maxLagMs: number) => openDatabase({ kind: 'postgres', url: pair.primaryUrl(DB), poolSize: 5, readUrls: [pair.replicaUrl(DB)], replicas: { maxLagMs, checkMs: 100 } });
  [patient, strict] = await Promise.all([replicated(60_000), replicated(300)]);
  apps.writer = buildApp({ config, database: primary, logger });
  apps.patient = buildApp({ config, database: patient, logger });
  apps.strict = buildApp({ config, database: strict, logger });
  const token = async (role: string) => (await createToken(primary.db, { role, tenantId: 'landesredaktion', createdBy: 'test' })).token;
  writer = request.agent(apps.writer).set('Authorization', `Bearer ${await token('landesredakteur')}`);
  feedToken = await token('portal');
}, 120_000);

afterAll(async () => {
  await Promise.all([patient?.close(), strict?.close(), primary?.close()]);
  pair?.stop();
});

/** Creates and publishes an Organisationseinheit on the primary; returns its id and XZuFi id. */
async function publishOffice(name: string): Promise<{ id: string; xzufiId: string }> {
  const created = await writer.post('/api/v1/organisationseinheiten').send(organisationseinheitBody({ name: [{ languageCode: 'de', value: name }] }));
  expect(created.status).toBe(201);
  const published = await writer.post(`/api/v1/organisationseinheiten/${created.body.id}/transitions`).send({ to: 'veroeffentlicht' });
  expect(published.status).toBe(200);
  return { id: created.body.id, xzufiId: created.body.xzufiId };
}

const officeNames = async (app: string, q: string) =>
  ((await request(apps[app]!).get('/api/v1/organisationseinheiten').query({ q }).expect(200)).body.items as Array<{ name: Array<{ value: string }> }>).map((i) => i.name[0]!.value);

/** Reads an instance's delta feed from `since` to its current end: the changes (op and id) and the cursor. */
async function readFeed(app: string, since: string): Promise<{ changes: string[]; cursor: string }> {
  const changes: string[] = [];
  let cursor = since;
  for (;;) {
    const res = await request(apps[app]!).get('/xzufi/v1/changes').query({ since: cursor, format: 'json', limit: 50 }).set('Authorization', `Bearer ${feedToken}`).expect(200);
    const xml = res.body.xzufiObjekte as string;
    for (const m of xml.matchAll(/<xzufi:(schreibe|loesche)[\s\S]*?<xzufi:id[^>]*>([^<]+)<\/xzufi:id>/g)) changes.push(`${m[1]} ${m[2]}`);
    cursor = res.body.naechsterIndex;
    if (res.body.vollstaendig) return { changes, cursor };
  }
}

const status = (db: Database) => db.replicaStatus()[0]!;
const paused = async (on: boolean) => { await pair.onReplica(on ? 'SELECT pg_wal_replay_pause()' : 'SELECT pg_wal_replay_resume()'); };

describeServer('reading from a streaming replica', () => {
  it('serves public reads from a replica that keeps up, and says so in the metrics', async () => {
    // A busy machine (CI runs other suites beside this one) may see one check late: keeping up means the lag
    // comes down below a second, not that every single check sees it there.
    await waitFor('replica in use', async () => status(patient).inUse && status(strict).inUse && status(patient).lagSeconds < 1, 10_000);
    expect(status(patient).inUse).toBe(true);
    const metrics = await request(apps.patient!).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/fim_read_replica_in_use\{replica="replica-1"\} 1/);
    expect(metrics.text).toMatch(/fim_read_replica_lag_seconds\{replica="replica-1"\} [\d.e-]+/);
    expect((await request(apps.patient!).get('/readyz').expect(200)).body.replicas).toEqual([expect.objectContaining({ name: 'replica-1', inUse: true })]);
  });

  it('shows a write on the primary after the replica has replayed it, not before', async () => {
    await paused(true);
    try {
      await publishOffice('Replikamt Wanfried');
      expect(await officeNames('writer', 'Replikamt')).toEqual(['Replikamt Wanfried']);
      // The patient instance reads the paused replica: the write is not there yet.
      await new Promise((r) => setTimeout(r, 500));
      expect(status(patient).inUse).toBe(true);
      expect(await officeNames('patient', 'Replikamt')).toEqual([]);
    } finally {
      await paused(false);
    }
    await waitFor('write replayed', async () => (await officeNames('patient', 'Replikamt')).length === 1, 10_000);
  });

  it('shows a published Leistung on the portal of an instance reading from the replica', async () => {
    const created = await writer.post('/api/v1/leistungen').send(leistungBody({
      modulText: [
        { leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Replikaprüfung beantragen' }] },
        { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Wer eine Replik prüfen lässt, beantragt es hier.</p>' }] },
      ],
    }));
    expect(created.status).toBe(201);
    for (const to of ['in_pruefung', 'freigegeben', 'veroeffentlicht']) {
      const moved = await writer.post(`/api/v1/leistungen/${created.body.id}/transitions`).send({ to });
      expect([to, moved.status, moved.status === 200 ? '' : JSON.stringify(moved.body)]).toEqual([to, 200, '']);
    }
    await waitFor('on the portal', async () => (await request(apps.patient!).get('/suche').query({ q: 'Replikaprüfung' })).text.includes('Replikaprüfung beantragen'), 10_000);
  });

  it('never loses a change of the delta feed while the replica lags', async () => {
    const start = (await readFeed('writer', '0.0')).cursor;
    await paused(true);
    // A slow transaction on the primary takes its id first and commits last.
    const slow = await openDatabase({ kind: 'postgres', url: pair.primaryUrl(DB), poolSize: 1 });
    let commitSlow!: () => void;
    const slowDone = slow.db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE organisationseinheiten SET content = content || '{"kurzbeschreibung":[{"languageCode":"de","value":"langsam"}]}'::jsonb, change_xid = pg_current_xact_id(), change_seq = nextval('xzufi_change_seq') WHERE uuid = (SELECT uuid FROM organisationseinheiten WHERE status = 'veroeffentlicht' ORDER BY seq LIMIT 1)`);
      await new Promise<void>((r) => { commitSlow = r; });
    });
    try {
      await new Promise((r) => setTimeout(r, 100));
      const written = [await publishOffice('Feedamt Eins'), await publishOffice('Feedamt Zwei')];
      // While paused the patient instance's feed ends where the replica is: nothing of the new writes, no cursor past them.
      const during = await readFeed('patient', start);
      expect(during.changes.filter((c) => written.some((w) => c.endsWith(w.xzufiId)))).toEqual([]);
      await paused(false);
      // The primary's bound holds the feed below the slow transaction: the replica's feed cannot overtake it either.
      await new Promise((r) => setTimeout(r, 500));
      const held = await readFeed('patient', during.cursor);
      expect(held.changes.filter((c) => written.some((w) => c.endsWith(w.xzufiId)))).toEqual([]);
      commitSlow();
      await slowDone;
      // Read on from where the lagging reads left off: everything the primary's own feed has, once each.
      const expected = (await readFeed('writer', start)).changes;
      expect(expected).toHaveLength(3);
      const seen = [...during.changes, ...held.changes];
      let cursor = held.cursor;
      await waitFor('feed complete on the replica', async () => {
        const more = await readFeed('patient', cursor);
        seen.push(...more.changes);
        cursor = more.cursor;
        return seen.length >= expected.length;
      }, 10_000);
      expect(seen).toEqual(expected);
    } finally {
      commitSlow?.();
      await slowDone.catch(() => undefined);
      await slow.close();
      await paused(false);
    }
  });

  it('falls back to the primary when the replica lags more than the bound', async () => {
    await paused(true);
    try {
      await publishOffice('Eilamt Wanfried');
      await waitFor('strict leaves the replica', async () => !status(strict).inUse, 5000);
      expect(status(strict).lagSeconds).toBeGreaterThan(0.3);
      expect(status(patient).inUse).toBe(true);
      expect(await officeNames('strict', 'Eilamt')).toEqual(['Eilamt Wanfried']);
      expect(await officeNames('patient', 'Eilamt')).toEqual([]);
      expect((await request(apps.strict!).get('/metrics')).text).toMatch(/fim_read_replica_in_use\{replica="replica-1"\} 0/);
    } finally {
      await paused(false);
    }
    await waitFor('strict back on the replica', async () => status(strict).inUse, 10_000);
  });

  it('falls back to the primary when the replica stops', async () => {
    pair.stopReplica();
    // The next read may still pick the replica (the check has not run yet): it runs again on the primary.
    expect(await officeNames('patient', 'Replikamt')).toEqual(['Replikamt Wanfried']);
    await publishOffice('Notamt Wanfried');
    await waitFor('replica marked gone', async () => !status(patient).inUse && status(patient).lagSeconds === Infinity, 5000);
    expect(await officeNames('patient', 'Notamt')).toEqual(['Notamt Wanfried']);
    await waitFor('portal from the primary', async () => (await request(apps.patient!).get('/suche').query({ q: 'Replikaprüfung' })).status === 200, 5000);
    const ready = await request(apps.patient!).get('/readyz').expect(200);
    expect(ready.body.replicas).toEqual([expect.objectContaining({ inUse: false, lagSeconds: null })]);
    const feed = await readFeed('patient', '0.0');
    expect(feed.changes.some((c) => c.startsWith('schreibe'))).toBe(true);
    expect(rows(await primary.db.execute(sql`SELECT 1 AS one`))).toEqual([{ one: 1 }]);
  });
});
