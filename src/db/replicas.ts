/**
 * Streaming read replicas (DATABASE_READ_URL): reads that tolerate lag go to a replica that is
 * close enough behind the primary, everything else stays on the primary.
 *
 * The primary is sampled every `checkMs`: the feed bound (FEED_BOUND, the oldest transaction still
 * running there) and then its WAL insert position. Every transaction below that bound had written
 * its commit record before that position, so a replica that has replayed past the position holds
 * every change below the bound: the delta feed read there with that bound loses nothing, it only
 * ends earlier. A replica's lag is the age of the newest sample it has replayed; one that lags
 * more than `maxLagMs`, or cannot be reached, is left out until a later check finds it fit, and a
 * read that fails on it for such a reason runs again on the primary.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { Db } from './client';
import { FEED_BOUND, primaryRoute, type ReadRoute } from './feedBound';
import * as schema from './schema';

export interface ReplicaOptions {
  /** A replica further behind than this serves no reads (ms). */
  maxLagMs: number;
  /** How often the primary and the replicas are sampled (ms). */
  checkMs: number;
  poolSize: number;
}

export interface ReplicaStatus {
  name: string;
  /** Seconds behind the primary at the last check (Infinity when it could not be asked). */
  lagSeconds: number;
  /** Whether it serves reads now. */
  inUse: boolean;
  error?: string;
}

interface Sample { at: number; bound: string; lsn: bigint }

interface Replica {
  name: string;
  pool: pg.Pool;
  db: Db;
  /** The newest primary sample this replica had replayed at the last check. */
  reached: Sample | undefined;
  lagMs: number;
  healthy: boolean;
  error?: string;
}

/** `16/B374D848` → a number that orders as the WAL does. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

const rows = (result: unknown) => (result as { rows: Array<Record<string, unknown>> }).rows;

/** Errors that say the replica is gone or had to cancel the read for its replay: the primary can answer. */
export function isReplicaFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: unknown } | undefined;
  if (!e) return false;
  if (e.cause && isReplicaFailure(e.cause)) return true;
  const code = String(e.code ?? '');
  if (code.startsWith('08') || ['57P01', '57P02', '57P03', '40001', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE'].includes(code)) return true;
  return /Connection terminated|connect ECONNREFUSED|the database system is (starting up|shutting down)|conflict with recovery/i.test(e.message ?? '');
}

export class ReadReplicas {
  private readonly replicas: Replica[];
  private samples: Sample[] = [];
  private timer: NodeJS.Timeout | undefined;
  private next = 0;
  private checking: Promise<void> | undefined;

  constructor(private readonly primary: Db, urls: string[], private readonly opts: ReplicaOptions) {
    this.replicas = urls.map((url, i) => {
      const pool = new pg.Pool({ connectionString: url, max: opts.poolSize, connectionTimeoutMillis: Math.max(1000, opts.checkMs * 2) });
      pool.on('error', () => undefined);
      return { name: `replica-${i + 1}`, pool, db: drizzle({ client: pool, schema }) as unknown as Db, reached: undefined, lagMs: Infinity, healthy: false };
    });
  }

  /** Samples now and then every checkMs (the timer does not keep the process alive). */
  async start(): Promise<void> {
    await this.check();
    this.timer = setInterval(() => { this.check().catch(() => undefined); }, this.opts.checkMs);
    this.timer.unref();
  }

  /** One round: the primary, then each replica (joined if one is running). */
  check(): Promise<void> {
    this.checking ??= this.sample().finally(() => { this.checking = undefined; });
    return this.checking;
  }

  private async sample(): Promise<void> {
    // Two statements in this order: the bound first, the WAL position after it.
    const [b] = rows(await this.primary.execute(sql`SELECT ${FEED_BOUND}::text AS bound`));
    const [l] = rows(await this.primary.execute(sql`SELECT pg_current_wal_insert_lsn()::text AS lsn`));
    const now = Date.now();
    this.samples.push({ at: now, bound: String(b!.bound), lsn: parseLsn(String(l!.lsn)) });
    // Keep what can still tell a lag below the bound, and a little more.
    const keepFrom = now - Math.max(4 * this.opts.maxLagMs, 60_000);
    while (this.samples.length > 1 && this.samples[0]!.at < keepFrom) this.samples.shift();
    await Promise.all(this.replicas.map((r) => this.checkReplica(r)));
  }

  private async checkReplica(replica: Replica): Promise<void> {
    try {
      const [r] = rows(await replica.db.execute(sql`SELECT pg_is_in_recovery() AS standby, coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text AS lsn`));
      const replayed = parseLsn(String(r!.lsn));
      let reached: Sample | undefined;
      for (let i = this.samples.length - 1; i >= 0; i--) {
        if (this.samples[i]!.lsn <= replayed) { reached = this.samples[i]; break; }
      }
      // Replay only moves forward: a sample found earlier stays reached.
      if (replica.reached && (!reached || reached.at < replica.reached.at)) reached = replica.reached;
      replica.reached = reached;
      const newest = this.samples[this.samples.length - 1]!;
      replica.lagMs = reached === newest ? 0 : Date.now() - (reached?.at ?? this.samples[0]!.at);
      replica.healthy = true;
      replica.error = undefined;
    } catch (err) {
      replica.healthy = false;
      replica.lagMs = Infinity;
      replica.error = (err as Error).message;
    }
  }

  private usable(r: Replica): boolean {
    return r.healthy && r.reached !== undefined && r.lagMs <= this.opts.maxLagMs;
  }

  /** Where one read goes now: the next usable replica in turn, else the primary. */
  route(): ReadRoute {
    const usable = this.replicas.filter((r) => this.usable(r));
    if (usable.length === 0) return primaryRoute(this.primary);
    const replica = usable[this.next++ % usable.length]!;
    const bound = replica.reached!.bound;
    return { db: replica.db, bound: sql`${bound}::xid8`, source: replica.name, fixedBound: bound };
  }

  /** Runs a read on route(); when a replica fails it (gone, replay conflict), on the primary. */
  async read<T>(fn: (route: ReadRoute) => Promise<T>): Promise<T> {
    const route = this.route();
    if (route.source === 'primary') return fn(route);
    try {
      return await fn(route);
    } catch (err) {
      if (!isReplicaFailure(err)) throw err;
      const replica = this.replicas.find((r) => r.name === route.source)!;
      replica.healthy = false;
      replica.error = (err as Error).message;
      return fn(primaryRoute(this.primary));
    }
  }

  status(): ReplicaStatus[] {
    return this.replicas.map((r) => ({
      name: r.name, lagSeconds: r.lagMs / 1000, inUse: this.usable(r), ...(r.error ? { error: r.error } : {}),
    }));
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.checking?.catch(() => undefined);
    await Promise.all(this.replicas.map((r) => r.pool.end().catch(() => undefined)));
  }
}
