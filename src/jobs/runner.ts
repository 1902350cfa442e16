/**
 * Runs background jobs from the jobs table on PGlite and on a PostgreSQL server alike. Each
 * instance runs one runner; jobs are claimed with FOR UPDATE SKIP LOCKED under a lease, so a job
 * runs once however many instances poll, and again only if its instance died before finishing.
 * Failed attempts are retried with exponential backoff up to the job's max_attempts.
 */
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database } from '../db/client';
import { claimJobs, failJob, finishJob, renewJob, type JobRow } from '../db/jobStore';

export type JobHandler = (job: JobRow, ctx: { database: Database; logger?: Logger }) => Promise<void>;

export interface RunnerOptions {
  /** Name recorded as locked_by; unique per process. */
  worker?: string;
  pollMs?: number;
  batch?: number;
  leaseMs?: number;
  /** Delay before attempt n+1 after n failed ones. */
  backoffMs?: (attempts: number) => number;
  logger?: Logger;
}

/** Thrown by a handler when another attempt cannot succeed (the job fails at once, no retries). */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}

export const defaultBackoff = (attempts: number) => Math.min(3_600_000, 1000 * 2 ** (attempts - 1)) * (0.75 + Math.random() * 0.5);

export class JobRunner {
  readonly worker: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();
  private stopped = true;

  constructor(private readonly database: Database, private readonly handlers: Record<string, JobHandler>, private readonly opts: RunnerOptions = {}) {
    this.worker = opts.worker ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  }

  /** Claims one batch of due jobs and runs them; returns how many ran. */
  async runOnce(): Promise<number> {
    const claimed = await claimJobs(this.database.db, this.worker, Object.keys(this.handlers), this.opts.batch ?? 10, this.opts.leaseMs ?? 5 * 60_000);
    for (const job of claimed) await this.runJob(job);
    return claimed.length;
  }

  private async runJob(job: JobRow): Promise<void> {
    const db = this.database.db;
    // The lease is renewed while the handler works, so that only a stopped instance loses its job.
    const leaseMs = this.opts.leaseMs ?? 5 * 60_000;
    const heartbeat = setInterval(() => { renewJob(db, job.id, this.worker, leaseMs).catch(() => undefined); }, Math.max(250, leaseMs / 3));
    heartbeat.unref();
    try {
      await this.handlers[job.kind]!(job, { database: this.database, logger: this.opts.logger });
      clearInterval(heartbeat);
      await finishJob(db, job.id, this.worker);
    } catch (err) {
      clearInterval(heartbeat);
      const message = err instanceof Error ? err.message : String(err);
      this.opts.logger?.warn({ job: job.id, kind: job.kind, attempt: job.attempts, err }, 'job attempt failed');
      const final = err instanceof PermanentJobError ? { ...job, attempts: job.maxAttempts } : job;
      await failJob(db, final, this.worker, message, (this.opts.backoffMs ?? defaultBackoff)(job.attempts));
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      if (this.stopped) return;
      try {
        // Keep going while there is work; then wait for the next poll.
        while (!this.stopped && await this.runOnce() > 0) { /* next batch */ }
      } catch (err) {
        this.opts.logger?.error({ err }, 'job runner poll failed');
      }
      if (!this.stopped) this.timer = setTimeout(() => { this.running = tick(); }, this.opts.pollMs ?? 5000);
    };
    this.running = tick();
  }

  /** Stops polling and waits for the batch in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
