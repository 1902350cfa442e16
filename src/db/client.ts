/**
 * Opens the database: embedded PGlite (data in DATA_DIR, or in memory from a dump) or a PostgreSQL
 * server through node-postgres. Both are wrapped in the same Drizzle database type, so every query
 * in the project runs unchanged on either.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema';
import { primaryRoute, type ReadRoute } from './feedBound';
import { ReadReplicas, type ReplicaOptions, type ReplicaStatus } from './replicas';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Runs one or more SQL statements without parameters (migrations, bulk DDL). */
export type Exec = (sqlText: string) => Promise<void>;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Runs fn on one dedicated connection (session-level locks, multi-statement scripts). */
  session<T>(fn: (exec: Exec) => Promise<T>): Promise<T>;
  /** Cheap liveness probe for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (used to build test templates). */
  dump?(): Promise<Blob>;
  /**
   * How many transactions of this process have ended (committed or not). Readers that keep a copy
   * of the data (the portal's read model) look again when it moved: what this instance wrote shows
   * at once.
   */
  transactionsEnded(): number;
  /**
   * Runs a read that tolerates lag (public, published content) on a read replica when one is
   * configured and close enough behind, else on the primary; the route carries the feed bound
   * that holds there.
   */
  read<T>(fn: (route: ReadRoute) => Promise<T>): Promise<T>;
  /** Where such a read goes now, for reads that cannot simply run again (a response streamed as it is read). */
  readRoute(): ReadRoute;
  /** The replicas and their lag (empty without DATABASE_READ_URL). */
  replicaStatus(): ReplicaStatus[];
}

/** Counts the ends of outermost transactions on db (nested ones are savepoints of their own handle). */
function countTransactions(db: Db): () => number {
  let ended = 0;
  const transaction = db.transaction.bind(db);
  db.transaction = (async (...args: Parameters<typeof transaction>) => {
    try {
      return await transaction(...args);
    } finally {
      ended++;
    }
  }) as typeof db.transaction;
  return () => ended;
}

export type DatabaseSource =
  | { kind: 'postgres'; url: string; poolSize?: number; readUrls?: string[]; replicas?: Partial<ReplicaOptions> }
  | { kind: 'pglite'; dataDir?: string; loadFrom?: Blob };

export async function openDatabase(source: DatabaseSource): Promise<Database> {
  return source.kind === 'postgres' ? openPostgres(source) : openPglite(source);
}

export class DataDirInUseError extends Error {}

/**
 * PGlite is one process's database: a second process on the same directory would corrupt it.
 * A lock file with the owner's pid keeps the CLI from opening the data of a running server.
 */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'fim-redaktion.lock');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(file, 'utf8'));
    let alive = false;
    try {
      if (owner && owner !== process.pid) alive = process.kill(owner, 0);
    } catch {
      alive = false;
    }
    if (alive) throw new DataDirInUseError(`${dataDir} is in use by process ${owner}; stop it first, or use the admin API or a PostgreSQL server (DATABASE_URL)`);
    writeFileSync(file, String(process.pid));
  }
  return () => rmSync(file, { force: true });
}

async function openPglite(source: { dataDir?: string; loadFrom?: Blob }): Promise<Database> {
  const unlock = source.dataDir ? lockDataDir(source.dataDir) : () => undefined;
  const client = new PGlite({ dataDir: source.dataDir, ...(source.loadFrom ? { loadDataDir: source.loadFrom } : {}) });
  try {
    await client.waitReady;
  } catch (err) {
    unlock();
    throw err;
  }
  const db = drizzlePglite({ client, schema }) as unknown as Db;
  const transactionsEnded = countTransactions(db);
  // PGlite has a single connection: queue sessions so a migration script never interleaves with them.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    kind: 'pglite',
    db,
    session<T>(fn: (exec: Exec) => Promise<T>) {
      const run = queue.then(() => fn(async (text) => { await client.exec(text); }));
      queue = run.catch(() => undefined);
      return run;
    },
    async ping() { await client.query('SELECT 1'); },
    async close() {
      if (!client.closed) await client.close();
      unlock();
    },
    async dump() { return client.dumpDataDir('none'); },
    transactionsEnded,
    read: (fn) => fn(primaryRoute(db)),
    readRoute: () => primaryRoute(db),
    replicaStatus: () => [],
  };
}

async function openPostgres(source: { url: string; poolSize?: number; readUrls?: string[]; replicas?: Partial<ReplicaOptions> }): Promise<Database> {
  const poolSize = source.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: source.url, max: poolSize });
  // An idle client that loses its server must not crash the process; the next query reports the error.
  pool.on('error', () => undefined);
  const db = drizzlePg({ client: pool, schema }) as unknown as Db;
  const transactionsEnded = countTransactions(db);
  let replicas: ReadReplicas | undefined;
  if (source.readUrls && source.readUrls.length > 0) {
    replicas = new ReadReplicas(db, source.readUrls, { maxLagMs: 5000, checkMs: 1000, poolSize, ...source.replicas });
    try {
      await replicas.start();
    } catch (err) {
      await replicas.close();
      await pool.end();
      throw err;
    }
  }
  return {
    kind: 'postgres',
    db,
    async session<T>(fn: (exec: Exec) => Promise<T>) {
      const client = await pool.connect();
      try {
        return await fn(async (text) => { await client.query(text); });
      } finally {
        client.release();
      }
    },
    async ping() { await pool.query('SELECT 1'); },
    async close() {
      await replicas?.close();
      await pool.end();
    },
    transactionsEnded,
    read: (fn) => (replicas ? replicas.read(fn) : fn(primaryRoute(db))),
    readRoute: () => replicas?.route() ?? primaryRoute(db),
    replicaStatus: () => replicas?.status() ?? [],
  };
}

/**
 * Runs fn while holding a session-level advisory lock, so that several instances starting on one
 * database do one-time work (migrations, demo data) once. fn may use the pool freely.
 */
export async function withAdvisoryLock<T>(database: Database, key: number, fn: (exec: Exec) => Promise<T>): Promise<T> {
  return database.session(async (exec) => {
    await exec(`SELECT pg_advisory_lock(${Math.trunc(key)})`);
    try {
      return await fn(exec);
    } finally {
      await exec(`SELECT pg_advisory_unlock(${Math.trunc(key)})`);
    }
  });
}
