/**
 * What the measures of `npm run bench` share: a fresh database, the load generator in its own
 * process, the warm-up, and the run every measure writes its figures to.
 */
import { spawn } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';
import { buildApp } from '../src/app';
import { prepareDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { openDatabase, type Database, type DatabaseSource } from '../src/db/client';
import { createLogger } from '../src/logger';

export interface Fresh { database: Database; source: DatabaseSource; drop(): Promise<void> }

/** An empty, migrated database with the Gebiete: a PGlite directory, or a new database on the server. */
export async function freshDatabase(work: string, name: string, serverUrl?: string): Promise<Fresh> {
  if (!serverUrl) {
    const source: DatabaseSource = { kind: 'pglite', dataDir: join(work, name) };
    const fresh: Fresh = { database: await openDatabase(source), source, drop: () => fresh.database.close() };
    await prepareDatabase(fresh.database, { demoData: false, schemeAgencyId: 'S06000' });
    return fresh;
  }
  const dbName = `fim_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const source: DatabaseSource = { kind: 'postgres', url: url.toString() };
  const database = await openDatabase(source);
  await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
  return {
    database,
    source,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await c.end();
    },
  };
}

/** Our app as production runs it (no job runner, no demo data, no rate limit in the way) on a loopback port of its own. */
export async function startOurs(database: Database): Promise<{ base: string; close(): Promise<void> }> {
  const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789', LOG_LEVEL: 'silent', ANONYMOUS_RATE_LIMIT: '1000000', JOB_RUNNER: 'false', DEMO_DATA: 'false' });
  const app = buildApp({ config, database, logger: createLogger(config) });
  const server = await new Promise<Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export interface LoadResult { rps: number; total: number; p50: number; p95: number; p99: number; errors: number; non2xx: number; distinctPaths: number }

/**
 * 32 connections for `seconds` from scripts/bench-load.js in its own process (awaited, never
 * blocking: the server runs in this one), each request the next of `paths`; with `unique`, no
 * URL is asked for twice (see bench-load.js).
 */
export async function load(base: string, paths: string[], seconds: number, unique?: string): Promise<LoadResult> {
  const child = spawn(process.execPath, [join(__dirname, 'bench-load.js')], { stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin.end(JSON.stringify({ base, paths, seconds, unique }));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += String(d); });
  child.stderr.on('data', (d) => { stderr += String(d); });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`bench-load failed: ${stderr}`);
  return JSON.parse(stdout) as LoadResult;
}

export const fmt = (n: number, d = 1) => n.toFixed(d);

/**
 * Asks for every path once (8 at a time), unmeasured: a portal that has run for a while holds
 * the objects of the pages people ask for in its cache; the measure then shows that steady state.
 */
export async function warmUp(base: string, paths: string[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < paths.length) {
      const res = await fetch(`${base}${paths[next++]!}`);
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`not 200 while warming up: ${res.url}`);
    }
  }));
  return performance.now() - started;
}

/** What every measure writes to: the table, the ratios and the JSON object. */
export interface Run {
  main: Fresh;
  work: string;
  serverUrl: string | undefined;
  scale: string;
  reference: string;
  seconds: number;
  out: Record<string, unknown>;
  ratios: Record<string, number>;
  row(what: string, value: string): void;
}

