/**
 * Where the change order may be read up to, and where a read goes: the primary, or a streaming
 * replica (src/db/replicas.ts) that has replayed everything below a bound the primary gave.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';

/**
 * The oldest transaction still running in this database (or the next one to start): every change
 * of an older transaction is committed or rolled back, so the feed may hand it out. Only
 * meaningful on the primary: a replica sees none of the primary's sessions.
 */
export const FEED_BOUND = sql`(SELECT coalesce(
    (SELECT min(x) FROM pg_snapshot_xip(pg_current_snapshot()) x
      WHERE (x::text::bigint % 4294967296) IN (
        SELECT backend_xid::text::bigint FROM pg_stat_activity WHERE datname = current_database() AND backend_xid IS NOT NULL)),
    pg_snapshot_xmax(pg_current_snapshot())))`;

/**
 * One read's database and the feed bound that holds on it. On the primary the bound is computed
 * in the query; on a replica it is a transaction id the primary named, below which the replica
 * has replayed every commit.
 */
export interface ReadRoute {
  db: Db;
  bound: SQL;
  /** `primary`, or the replica's name (`replica-1` …) as in the metrics. */
  source: string;
  /** On a replica: the bound itself (lets a reader see that nothing new can be below it). */
  fixedBound?: string;
}

export const primaryRoute = (db: Db): ReadRoute => ({ db, bound: FEED_BOUND, source: 'primary' });
