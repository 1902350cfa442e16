/** The jobs table: enqueue, claim (FOR UPDATE SKIP LOCKED), finish, retry. */
import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './objectStore';
import { jobs } from './schema';

export type JobRow = typeof jobs.$inferSelect;

export interface NewJob { kind: string; payload?: Record<string, unknown>; runAt?: Date; maxAttempts?: number; uniqueKey?: string }

/** Returns the job id, or undefined when a pending (not yet running) job with the same unique key exists. */
export async function enqueueJob(db: Db, job: NewJob): Promise<number | undefined> {
  const rows = await db.insert(jobs).values({
    kind: job.kind, payload: job.payload ?? {}, runAt: job.runAt ?? new Date(), maxAttempts: job.maxAttempts ?? 5, uniqueKey: job.uniqueKey ?? null,
  }).onConflictDoNothing().returning({ id: jobs.id });
  return rows[0]?.id;
}

/**
 * Claims up to `limit` due jobs of the given kinds for `worker` until `leaseMs` from now. Jobs
 * whose lease ran out (their worker died) are due again.
 */
export async function claimJobs(db: Db, worker: string, kinds: string[], limit: number, leaseMs: number): Promise<JobRow[]> {
  if (kinds.length === 0) return [];
  const result = await db.execute(sql`
    UPDATE jobs SET status = 'running', locked_by = ${worker}, locked_until = now() + ${`${leaseMs} milliseconds`}::interval, attempts = attempts + 1
    WHERE id IN (
      SELECT id FROM jobs
      WHERE kind = ANY(${sql.param(kinds)}::text[]) AND run_at <= now()
        AND (status = 'pending' OR (status = 'running' AND locked_until < now()))
      ORDER BY run_at, id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  const ids = rowsOf<{ id: number | string }>(result).map((r) => Number(r.id));
  if (ids.length === 0) return [];
  return db.select().from(jobs).where(inArray(jobs.id, ids)).orderBy(jobs.runAt, jobs.id);
}

/** Extends a running job's lease while its handler works (a long pull); false when the claim was lost. */
export async function renewJob(db: Db, id: number, worker: string, leaseMs: number): Promise<boolean> {
  const rows = await db.update(jobs).set({ lockedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker), eq(jobs.status, 'running'))).returning({ id: jobs.id });
  return rows.length > 0;
}

/** Moves a pending job with this unique key to now (a "run now"); false when there is none. */
export async function hurryJob(db: Db, uniqueKey: string): Promise<boolean> {
  const rows = await db.update(jobs).set({ runAt: sql`now()` }).where(and(eq(jobs.uniqueKey, uniqueKey), eq(jobs.status, 'pending'))).returning({ id: jobs.id });
  return rows.length > 0;
}

export async function finishJob(db: Db, id: number, worker: string): Promise<void> {
  await db.update(jobs).set({ status: 'done', finishedAt: sql`now()`, lockedBy: null, lockedUntil: null })
    .where(and(eq(jobs.id, id), eq(jobs.lockedBy, worker)));
}

/** A failed attempt: again after `retryInMs`, or failed for good after the last attempt. */
export async function failJob(db: Db, job: JobRow, worker: string, error: string, retryInMs: number): Promise<void> {
  const last = job.attempts >= job.maxAttempts;
  await db.update(jobs).set({
    status: last ? 'failed' : 'pending',
    runAt: last ? job.runAt : sql`now() + ${`${retryInMs} milliseconds`}::interval`,
    lastError: error.slice(0, 2000), lockedBy: null, lockedUntil: null, finishedAt: last ? sql`now()` : null,
  }).where(and(eq(jobs.id, job.id), eq(jobs.lockedBy, worker)));
}

export async function findJob(db: Db, id: number): Promise<JobRow | undefined> {
  return (await db.select().from(jobs).where(eq(jobs.id, id)))[0];
}

/** Finished jobs are kept a while for inspection, then removed. */
export async function deleteFinishedJobs(db: Db, olderThanDays: number): Promise<void> {
  await db.delete(jobs).where(and(inArray(jobs.status, ['done', 'failed']), sql`${jobs.finishedAt} < now() - ${`${olderThanDays} days`}::interval`));
}

/** The newest job of each of these unique keys (pending, running, done or failed). */
export async function latestJobs(db: Db, uniqueKeys: string[]): Promise<JobRow[]> {
  const rows = await db.select().from(jobs).where(inArray(jobs.uniqueKey, uniqueKeys)).orderBy(desc(jobs.id));
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(r.uniqueKey!) && seen.add(r.uniqueKey!));
}

/** Removes pending jobs with these unique keys (a running one finishes); returns how many. */
export async function cancelJobs(db: Db, uniqueKeys: string[]): Promise<number> {
  const rows = await db.delete(jobs).where(and(inArray(jobs.uniqueKey, uniqueKeys), eq(jobs.status, 'pending'))).returning({ id: jobs.id });
  return rows.length;
}
