/**
 * /api/v1/sources: who may manage sources, the checks of every field, credentials that are
 * stored encrypted and never shown again, runs through the job runner, pause, metrics.
 */
import { and, eq } from 'drizzle-orm';
import { jobs, sources } from '../../src/db/schema';
import { claimSourceRun, releaseSourceRun } from '../../src/db/sourceStore';
import { pullEnv } from '../../src/sources/jobs';
import { runSource, SourceBusy } from '../../src/sources/pull';
import { createSchemaValidator } from '../../src/xzufi/schemaValidator';
import { JobRunner } from '../../src/jobs/runner';
import { longJobHandlers } from '../../src/jobs/handlers';
import { SOURCE_AGENCY, startSourceSystem, type SourceSystem } from '../helpers/sourceSystem';
import { createTestApp, type TestApp } from '../helpers/testApp';

let t: TestApp;
let source: SourceSystem;
beforeAll(async () => {
  source = await startSourceSystem();
  t = await createTestApp({ SOURCE_ALLOW_PRIVATE: 'true' });
}, 120_000);
afterAll(async () => {
  await t?.close();
  await source?.close();
});

const valid = () => ({
  name: `Quelle ${Math.random().toString(36).slice(2, 8)}`, kind: 'index', url: `${source.url}/xzufi/v1/index.txt`,
  tenant: 'landesredaktion', role: 'landesredakteur', schemeAgencyIds: [SOURCE_AGENCY], paused: true,
});

describe('managing sources', () => {
  it('is for the Landesredaktion without limit and for admins only', async () => {
    expect((await t.anonymous.get('/api/v1/sources')).status).toBe(401);
    for (const agent of [await t.as('kommunalredakteur', 'kommune-wanfried'), await t.as('portal', 'landesredaktion'), await t.as('landesredakteur', 'landesredaktion', '0663'), await t.as('fachressort', 'fachressort-innen')]) {
      expect((await agent.get('/api/v1/sources')).status).toBe(403);
      expect((await agent.post('/api/v1/sources').send(valid())).status).toBe(403);
    }
    expect((await t.api.get('/api/v1/sources')).status).toBe(200);
  });

  it('refuses bad settings with the field named, and stores nothing', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ kind: 'ftp' }, '/kind'],
      [{ url: 'ftp://example.org/index.txt' }, '/url'],
      [{ url: 'nicht eine URL' }, '/url'],
      [{ tenant: 'gibt-es-nicht' }, '/tenant'],
      [{ role: 'admin' }, '/role'],
      [{ tenant: 'kommune-wanfried', role: 'kommunalredakteur', ars: '06534' }, '/ars'],
      [{ schemeAgencyIds: [] }, '/schemeAgencyIds'],
      [{ klassen: ['Kategorie'] }, '/klassen'],
      [{ intervalMinutes: 1 }, '/intervalMinutes'],
      [{ deletionLimitPercent: 120 }, '/deletionLimitPercent'],
      [{ credentials: { kind: 'bearer' } }, '/credentials/token'],
      [{ credentials: { kind: 'oauth2', tokenUrl: 'file:///etc/passwd', clientId: 'a', clientSecret: 'b' } }, '/credentials/tokenUrl'],
    ];
    for (const [change, path] of cases) {
      const res = await t.api.post('/api/v1/sources').send({ ...valid(), ...change });
      expect([res.status, res.body.error.details[0].path]).toEqual([422, path]);
    }
    expect((await t.api.get('/api/v1/sources')).body.items).toHaveLength(0);
  });

  it('refuses inside addresses unless SOURCE_ALLOW_PRIVATE is set', async () => {
    const strict = await createTestApp();
    try {
      const res = await strict.api.post('/api/v1/sources').send(valid());
      expect(res.status).toBe(422);
      expect(res.body.error.details[0]).toMatchObject({ path: '/url', message: expect.stringContaining('not a public address') });
    } finally {
      await strict.close();
    }
  });

  it('stores credentials encrypted and never shows them again', async () => {
    const secret = 'bearer-secret-that-must-never-appear-0123456789';
    const created = await t.api.post('/api/v1/sources').send({ ...valid(), credentials: { kind: 'bearer', token: secret } }).expect(201);
    expect(created.body.credentials).toEqual({ kind: 'bearer', set: true });
    const list = await t.api.get('/api/v1/sources');
    const one = await t.api.get(`/api/v1/sources/${created.body.id}`);
    for (const text of [JSON.stringify(created.body), list.text, one.text]) expect(text).not.toContain(secret);
    const row = (await t.database.db.select().from(sources).where(eq(sources.id, created.body.id)))[0]!;
    expect(row.credentials).toMatch(/^v1\./);
    expect(row.credentials).not.toContain(secret);
    expect(Buffer.from(row.credentials!.split('.').pop()!, 'base64url').toString('latin1')).not.toContain(secret);
    // Another key cannot open them: the run says so instead of sending garbage.
    const other = await createTestApp({ CREDENTIALS_KEY: 'another-credentials-key-0123456789abcdef', SOURCE_ALLOW_PRIVATE: 'true' });
    try {
      const { openCredentials, credentialsKey } = await import('../../src/sources/credentials');
      expect(() => openCredentials(credentialsKey(other.config.credentialsKey!), row.id, row.credentials)).toThrow('another CREDENTIALS_KEY');
      expect(() => openCredentials(credentialsKey(t.config.credentialsKey!), crypto.randomUUID(), row.credentials)).toThrow('cannot be decrypted');
      expect(openCredentials(credentialsKey(t.config.credentialsKey!), row.id, row.credentials)).toEqual({ kind: 'bearer', token: secret });
    } finally {
      await other.close();
    }
    const removed = await t.api.patch(`/api/v1/sources/${created.body.id}`).send({ credentials: null }).expect(200);
    expect(removed.body.credentials).toEqual({ kind: 'none', set: false });
  });

  it('refuses credentials when no CREDENTIALS_KEY is configured', async () => {
    const keyless = await createTestApp({ CREDENTIALS_KEY: '', SOURCE_ALLOW_PRIVATE: 'true' });
    try {
      const res = await keyless.api.post('/api/v1/sources').send({ ...valid(), credentials: { kind: 'basic', username: 'a', password: 'b' } });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toContain('CREDENTIALS_KEY');
      expect((await keyless.api.post('/api/v1/sources').send(valid())).status).toBe(201);
    } finally {
      await keyless.close();
    }
  });
});

describe('runs', () => {
  it('"run now" queues a job that one runner takes; history, pause and metrics follow', async () => {
    const created = await t.api.post('/api/v1/sources').send({ ...valid(), name: 'Darmstadt', credentials: { kind: 'bearer', token: source.token } }).expect(201);
    const id = created.body.id as string;
    expect((await t.api.post(`/api/v1/sources/${id}/run`)).status).toBe(202);
    const runners = [0, 1].map((n) => new JobRunner(t.database, longJobHandlers(t.config), { worker: `r${n}`, batch: 1 }));
    const ran = await Promise.all(runners.map((r) => r.runOnce()));
    expect(ran.sort()).toEqual([0, 1]);
    const runs = await t.api.get(`/api/v1/sources/${id}/runs`).expect(200);
    expect(runs.body.items).toHaveLength(1);
    expect(runs.body.items[0]).toMatchObject({ status: 'succeeded', trigger: 'manual', stats: { filesFailed: 0 } });
    expect(runs.body.items[0].stats.created).toBeGreaterThan(300);
    // Paused: the next scheduled run is dropped; resumed: one is due at once.
    await t.api.patch(`/api/v1/sources/${id}`).send({ paused: true }).expect(200);
    expect(await runners[0]!.runOnce()).toBe(0);
    await t.api.patch(`/api/v1/sources/${id}`).send({ paused: false }).expect(200);
    expect(await runners[0]!.runOnce()).toBe(1);
    const metrics = await t.api.get('/metrics');
    expect(metrics.text).toContain('fim_source_runs_total{source="Darmstadt",status="succeeded"} 2');
    expect(metrics.text).toContain('fim_source_failures_total{source="Darmstadt"} 0');
    expect(metrics.text).toMatch(/fim_source_last_success_timestamp_seconds\{source="Darmstadt"\} \d{10}/);
    expect(metrics.text).toContain('fim_source_held{source="Darmstadt"} 0');
    const shown = await t.api.get(`/api/v1/sources/${id}`);
    expect(shown.body.lastRun).toMatchObject({ status: 'succeeded' });
  });

  it('runs a source once at a time, whoever starts it', async () => {
    const created = await t.api.post('/api/v1/sources').send({ ...valid(), name: 'Einmal', credentials: { kind: 'bearer', token: source.token } }).expect(201);
    const id = created.body.id as string;
    // Another instance (or the command line) is running it.
    expect(await claimSourceRun(t.database.db, id, 'elsewhere', 60_000)).toBe(true);
    await expect(runSource(pullEnv(t.config, t.database, createSchemaValidator(undefined, 'read')), id, 'test')).rejects.toThrow(SourceBusy);
    await t.api.post(`/api/v1/sources/${id}/run`).expect(202);
    const runner = new JobRunner(t.database, longJobHandlers(t.config), { batch: 1 });
    expect(await runner.runOnce()).toBe(1);
    expect((await t.api.get(`/api/v1/sources/${id}/runs`)).body.items).toEqual([]);
    // The "run now" waits for that run and is due again shortly.
    const [pending] = await t.database.db.select().from(jobs).where(and(eq(jobs.uniqueKey, `source:${id}`), eq(jobs.status, 'pending')));
    expect(pending!.runAt.getTime()).toBeGreaterThan(Date.now() + 20_000);
    await releaseSourceRun(t.database.db, id, 'elsewhere');
    await runSource(pullEnv(t.config, t.database, createSchemaValidator(undefined, 'read')), id, 'test');
    expect((await t.api.get(`/api/v1/sources/${id}/runs`)).body.items).toHaveLength(1);
  });

  it('documents the endpoints in the OpenAPI description', async () => {
    const doc = (await t.anonymous.get('/api/v1/openapi.json')).body;
    for (const p of ['/api/v1/sources', '/api/v1/sources/{id}', '/api/v1/sources/{id}/run', '/api/v1/sources/{id}/runs', '/api/v1/sources/{id}/runs/{run}/confirm', '/api/v1/sources/{id}/runs/{run}/reject']) expect(doc.paths[p]).toBeDefined();
  });
});
