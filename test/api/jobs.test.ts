import { eq, sql } from 'drizzle-orm';
import type { Database } from '../../src/db/client';
import { enqueueJob, findJob } from '../../src/db/jobStore';
import { importJobs, jobs, sessions } from '../../src/db/schema';
import { MAINTENANCE, maintenanceHandler, scheduleMaintenance } from '../../src/jobs/maintenance';
import { JobRunner, type JobHandler } from '../../src/jobs/runner';
import { createTestDatabase, type TestDatabase } from '../helpers/testDb';

let t: TestDatabase;
let second: Database | undefined;
beforeAll(async () => {
  t = await createTestDatabase();
  // On the PostgreSQL server a second instance has its own connections; PGlite has one database handle.
  second = t.openAnother ? await t.openAnother() : undefined;
});
afterAll(async () => {
  await second?.close();
  await t.close();
});

const noBackoff = () => 0;

describe('job runner', () => {
  it('runs every job exactly once with two runners polling the same database', async () => {
    const ran: number[] = [];
    const handler: JobHandler = async (job) => {
      ran.push(job.id);
      await new Promise((r) => setTimeout(r, 2));
    };
    const ids: number[] = [];
    for (let i = 0; i < 60; i++) ids.push((await enqueueJob(t.database.db, { kind: 'test.once', payload: { i } }))!);
    const a = new JobRunner(t.database, { 'test.once': handler }, { worker: 'a', batch: 5 });
    const b = new JobRunner(second ?? t.database, { 'test.once': handler }, { worker: 'b', batch: 5 });
    const drain = async (r: JobRunner) => { while (await r.runOnce() > 0) { /* more */ } };
    await Promise.all([drain(a), drain(b), drain(a), drain(b)]);
    expect([...ran].sort((x, y) => x - y)).toEqual(ids);
    const states = await t.database.db.select({ status: jobs.status, lockedBy: jobs.lockedBy }).from(jobs).where(eq(jobs.kind, 'test.once'));
    expect(states.every((s) => s.status === 'done' && s.lockedBy === null)).toBe(true);
  });

  it('retries a failing job with backoff and records the last error', async () => {
    let calls = 0;
    const flaky: JobHandler = async () => {
      calls++;
      if (calls < 3) throw new Error(`attempt ${calls} failed`);
    };
    const id = (await enqueueJob(t.database.db, { kind: 'test.flaky' }))!;
    const slow = new JobRunner(t.database, { 'test.flaky': flaky }, { worker: 'slow', backoffMs: () => 60_000 });
    expect(await slow.runOnce()).toBe(1);
    expect(await slow.runOnce()).toBe(0); // not due before its backoff
    const job = (await findJob(t.database.db, id))!;
    expect(job).toMatchObject({ status: 'pending', attempts: 1, lastError: 'attempt 1 failed' });
    expect(job.runAt.getTime()).toBeGreaterThan(Date.now() + 50_000);

    await t.database.db.update(jobs).set({ runAt: sql`now()` }).where(eq(jobs.id, id));
    const fast = new JobRunner(t.database, { 'test.flaky': flaky }, { worker: 'fast', backoffMs: noBackoff });
    while (await fast.runOnce() > 0) { /* until done */ }
    expect(await findJob(t.database.db, id)).toMatchObject({ status: 'done', attempts: 3 });
  });

  it('gives up after max_attempts', async () => {
    const id = (await enqueueJob(t.database.db, { kind: 'test.broken', maxAttempts: 2 }))!;
    const r = new JobRunner(t.database, { 'test.broken': async () => { throw new Error('kaputt'); } }, { backoffMs: noBackoff });
    while (await r.runOnce() > 0) { /* until failed */ }
    expect(await findJob(t.database.db, id)).toMatchObject({ status: 'failed', attempts: 2, lastError: 'kaputt' });
  });

  it('takes up a job again whose runner died before finishing (lease ran out)', async () => {
    const id = (await enqueueJob(t.database.db, { kind: 'test.lease' }))!;
    let ran = 0;
    const dead = new JobRunner(t.database, { 'test.lease': () => new Promise(() => undefined) }, { worker: 'dead', leaseMs: 1 });
    void dead.runOnce(); // never finishes
    await new Promise((r) => setTimeout(r, 50));
    expect((await findJob(t.database.db, id))!.status).toBe('running');
    const alive = new JobRunner(t.database, { 'test.lease': async () => { ran++; } }, { worker: 'alive' });
    expect(await alive.runOnce()).toBe(1);
    expect(ran).toBe(1);
    expect(await findJob(t.database.db, id)).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('creates one pending job per unique key', async () => {
    expect(await enqueueJob(t.database.db, { kind: 'test.unique', uniqueKey: 'k1' })).toBeDefined();
    expect(await enqueueJob(t.database.db, { kind: 'test.unique', uniqueKey: 'k1' })).toBeUndefined();
  });

  it('housekeeping removes expired sessions, fails interrupted imports and schedules its next run', async () => {
    await t.database.db.insert(importJobs).values([
      { id: '00000000-0000-4000-8000-0000000000a1', status: 'running', mode: 'atomic', bytes: 1, createdBy: 'x', createdAt: new Date(Date.now() - 7 * 3_600_000) },
      { id: '00000000-0000-4000-8000-0000000000a2', status: 'running', mode: 'atomic', bytes: 1, createdBy: 'x' },
    ]);
    await t.database.db.insert(sessions).values([
      { sid: 'old', data: {}, expiresAt: new Date(Date.now() - 1000) },
      { sid: 'live', data: {}, expiresAt: new Date(Date.now() + 60_000) },
    ]);
    await scheduleMaintenance(t.database);
    await scheduleMaintenance(t.database);
    const r = new JobRunner(t.database, { [MAINTENANCE]: maintenanceHandler }, { worker: 'm' });
    expect(await r.runOnce()).toBe(1);
    expect((await t.database.db.select({ sid: sessions.sid }).from(sessions)).map((s) => s.sid)).toEqual(['live']);
    const imports = await t.database.db.select({ id: importJobs.id, status: importJobs.status }).from(importJobs).orderBy(importJobs.id);
    expect(imports.map((j) => j.status)).toEqual(['failed', 'running']);
    const pending = await t.database.db.select().from(jobs).where(sql`${jobs.kind} = ${MAINTENANCE} AND ${jobs.status} = 'pending'`);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.runAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });
});
