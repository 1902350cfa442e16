/**
 * Runs of sources as jobs (src/jobs/runner.ts): one pending job per source (unique key), claimed
 * by one instance under a renewed lease; when its instance stops, another takes it over after the
 * lease and the run resumes from what was committed. After a run the next one is scheduled.
 */
import type { Config } from '../config';
import type { Database } from '../db/client';
import { cancelJobs, enqueueJob, hurryJob } from '../db/jobStore';
import { findSource, latestRuns, listSources, type RunRow } from '../db/sourceStore';
import type { JobHandler } from '../jobs/runner';
import { createSchemaValidator, type SchemaValidator } from '../xzufi/schemaValidator';
import { credentialsKey } from './credentials';
import { runSource, SourceBusy, type PullEnv } from './pull';

export const SOURCE_PULL = 'source.pull';
const keyOf = (id: string) => `source:${id}`;

export type PullConfig = Pick<Config, 'schemeAgencyId' | 'credentialsKey' | 'sourceAllowPrivate' | 'sourceTimeoutMs' | 'importBodyLimit' | 'xzufiXsdDir' | 'jobLeaseMs'>;

export function pullEnv(config: PullConfig, database: Database, validator: SchemaValidator, logger?: PullEnv['logger']): PullEnv {
  return {
    database, validator, logger, schemeAgencyId: config.schemeAgencyId,
    credentialsKey: config.credentialsKey ? credentialsKey(config.credentialsKey) : undefined,
    allowPrivate: config.sourceAllowPrivate, timeoutMs: config.sourceTimeoutMs, maxBytes: config.importBodyLimit, leaseMs: config.jobLeaseMs,
  };
}

export function sourcePullHandler(config: PullConfig, validator?: SchemaValidator): JobHandler {
  let shared = validator;
  return async (job, { database, logger }) => {
    const { sourceId, trigger } = job.payload as { sourceId: string; trigger?: string };
    const source = await findSource(database.db, sourceId);
    if (!source) return;
    if (source.paused && trigger !== 'manual') return;
    shared ??= createSchemaValidator(config.xzufiXsdDir, 'read');
    try {
      await runSource(pullEnv(config, database, shared, logger), sourceId, trigger ?? 'schedule');
    } catch (err) {
      if (err instanceof SourceBusy) {
        // "Run now" during a run (here or on another instance): it follows once that one is done.
        await scheduleSource(database, sourceId, new Date(Date.now() + 30_000), trigger);
        return;
      }
      // Not retried as a job (the next run comes on schedule; a run left `running` is marked interrupted then).
      logger?.error({ err, source: sourceId }, 'source run could not finish');
    }
    const after = await findSource(database.db, sourceId);
    if (after && !after.paused) await scheduleSource(database, sourceId, new Date(Date.now() + after.intervalMinutes * 60_000));
  };
}

export async function scheduleSource(database: Database, sourceId: string, at: Date, trigger = 'schedule'): Promise<void> {
  await enqueueJob(database.db, { kind: SOURCE_PULL, payload: { sourceId, trigger }, runAt: at, uniqueKey: keyOf(sourceId), maxAttempts: 3 });
}

/** At start: every active source has its next run (after its interval since the last one). */
export async function scheduleSources(database: Database): Promise<void> {
  const last = new Map((await latestRuns(database.db)).map((r: RunRow) => [r.sourceId, r]));
  for (const s of await listSources(database.db)) {
    if (s.paused) continue;
    const prev = last.get(s.id);
    const at = prev ? new Date(Math.max(Date.now(), prev.startedAt.getTime() + s.intervalMinutes * 60_000)) : new Date();
    await scheduleSource(database, s.id, at);
  }
}

/** "Run now": the pending run moves to now, or one is queued (also for a paused source, once). */
export async function runSoon(database: Database, sourceId: string): Promise<void> {
  await cancelJobs(database.db, [keyOf(sourceId)]);
  await scheduleSource(database, sourceId, new Date(), 'manual');
}

export async function pauseSource(database: Database, sourceId: string, paused: boolean): Promise<void> {
  if (paused) await cancelJobs(database.db, [keyOf(sourceId)]);
  else if (!(await hurryJob(database.db, keyOf(sourceId)))) await scheduleSource(database, sourceId, new Date());
}
