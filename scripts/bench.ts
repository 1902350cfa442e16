/**
 * Benchmarks: `npm run bench [-- --scale hessen|bund] [--db <postgres url>]`. Speed and memory
 * goals live here, never in timed tests. Every measure is taken with its reference in the same run
 * and reported as a ratio; the output is a readable table and, last, one JSON object.
 *
 * 1. Load the synthetic data set (scripts/generate-dataset.ts) into a fresh database.
 * 2. Full XZuFi export (index + all files) vs a raw SELECT of the same JSONB rows → export_vs_raw_read.
 * 3. Delta export of 100 changes at Bund scale vs Hessen scale (the other one is loaded into a
 *    second database) → delta_bund_vs_hessen; `--quick` compares Hessen with a tenth of it instead.
 * 4. Import of the export's Leistung and Organisationseinheit files into an empty database vs
 *    fast-xml-parser parsing the same files → import_vs_parse.
 * 5. Portal search, service page and REST item read under load (autocannon in its own process,
 *    32 connections, 10 s) vs a bare Express endpoint → search_vs_bare, page_vs_bare.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import pg from 'pg';
import { buildApp } from '../src/app';
import { systemPrincipal } from '../src/auth/policy';
import { prepareDatabase } from '../src/bootstrap';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/client';
import { rowsOf } from '../src/db/objectStore';
import { createLogger } from '../src/logger';
import { changePage, renderChangeMessage } from '../src/syndication/export';
import { exportToDirectory, importFiles } from '../src/syndication/files';
import { PRODUKT } from '../src/syndication/produkt';
import { createSchemaValidator } from '../src/xzufi/schemaValidator';
import { loadDataset } from './generate-dataset';

const arg = (name: string, fallback?: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback; };
const TABLES = ['leistungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'spezialisierungen'];

interface Fresh { database: Database; drop(): Promise<void> }

/** An empty, migrated database with the Gebiete: a PGlite directory, or a new database on the server. */
async function freshDatabase(work: string, name: string, serverUrl?: string): Promise<Fresh> {
  if (!serverUrl) {
    const database = await openDatabase({ kind: 'pglite', dataDir: join(work, name) });
    await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
    return { database, drop: () => database.close() };
  }
  const dbName = `fim_bench_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${dbName}`);
  await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${dbName}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString() });
  await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
  return {
    database,
    async drop() {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await c.end();
    },
  };
}

/**
 * Peak RSS and heap while fn runs (sampled every 10 ms), above what was in use before it started.
 * RSS rarely shrinks, so after a large load its growth can read 0: the heap growth says more.
 */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ result: T; rssMb: number; heapMb: number; ms: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let peak = before.rss;
  let heap = before.heapUsed;
  const sample = () => { const m = process.memoryUsage(); peak = Math.max(peak, m.rss); heap = Math.max(heap, m.heapUsed); };
  const timer = setInterval(sample, 10);
  const started = performance.now();
  try {
    const result = await fn();
    sample();
    return { result, rssMb: (peak - before.rss) / 1048576, heapMb: (heap - before.heapUsed) / 1048576, ms: performance.now() - started };
  } finally {
    clearInterval(timer);
  }
}

/** The same published JSONB rows the export reads, in the same batches, without building XML. */
async function rawRead(database: Database): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  let bytes = 0;
  for (const table of TABLES) {
    let after = 0;
    for (;;) {
      const rows = rowsOf<{ seq: string; content: unknown }>(await database.db.execute(sql`SELECT seq, content FROM ${sql.raw(table)} WHERE status = 'veroeffentlicht' AND seq > ${after} ORDER BY seq LIMIT 200`));
      if (rows.length === 0) break;
      for (const r of rows) bytes += JSON.stringify(r.content).length;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
  return { ms: performance.now() - started, bytes };
}

/** Changes 100 published objects (Leistungen, offices, Zuständigkeiten) and times the delta export of them (median of 5). */
async function deltaOf100(database: Database): Promise<number> {
  let since;
  for (;;) {
    const page = await changePage(database.db, since, 5000);
    since = page.next;
    if (page.complete) break;
  }
  for (const [table, n] of [['leistungen', 20], ['organisationseinheiten', 40], ['zustaendigkeiten', 40]] as const) {
    await database.db.execute(sql`UPDATE ${sql.raw(table)} SET content = content || '{"bench": 1}'::jsonb - 'bench',
      change_seq = nextval('xzufi_change_seq'), change_xid = pg_current_xact_id()
      WHERE uuid IN (SELECT uuid FROM ${sql.raw(table)} ORDER BY md5(uuid::text) LIMIT ${n})`);
  }
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    const page = await changePage(database.db, since, 1000);
    renderChangeMessage(page, PRODUKT, 'S06000');
    times.push(performance.now() - started);
    if (page.items.length !== 100) throw new Error(`expected 100 changes, got ${page.items.length}`);
  }
  return times.sort((a, b) => a - b)[2]!;
}

/** autocannon reports p90 and p97.5, not p95: p97.5 is given as the (upper bound of the) p95. */
interface LoadResult { rps: number; p50: number; p90: number; p97_5: number; p99: number; errors: number; non2xx: number }

/** autocannon in its own process (awaited, never blocking: the server runs in this one), so that the load generator does not share the server's event loop. */
async function load(url: string, seconds: number): Promise<LoadResult> {
  const bin = join(__dirname, '..', 'node_modules', '.bin', 'autocannon');
  const child = spawn(bin, ['-c', '32', '-d', String(seconds), '-j', ...(url.includes('[<id>]') ? ['-I'] : []), url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { stdout += String(d); });
  child.stderr.on('data', (d) => { stderr += String(d); });
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  if (status !== 0) throw new Error(`autocannon failed: ${stderr}`);
  const r = JSON.parse(stdout) as { requests: { average: number }; latency: { p50: number; p90: number; p97_5: number; p99: number }; errors: number; non2xx: number };
  return { rps: r.requests.average, p50: r.latency.p50, p90: r.latency.p90, p97_5: r.latency.p97_5, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

const fmt = (n: number, d = 1) => n.toFixed(d);

async function main(): Promise<void> {
  const scale = arg('scale', 'hessen')!;
  // The delta is compared between Bund and Hessen scale: the run's own scale and the other one.
  const reference = process.argv.includes('--quick') ? 'zehntel' : scale === 'bund' ? 'hessen' : 'bund';
  const serverUrl = arg('db') ?? process.env.BENCH_DATABASE_URL;
  const seconds = Number(arg('seconds', '10'));
  const work = mkdtempSync(join(tmpdir(), 'fim-bench-'));
  const out: Record<string, unknown> = { scale, database: serverUrl ? 'postgres' : 'pglite', node: process.version };
  const ratios: Record<string, number> = {};
  const table: Array<[string, string]> = [];
  const row = (what: string, value: string) => { table.push([what, value]); console.log(`${what.padEnd(52)} ${value}`); };
  console.log(`fim-redaktion bench — scale ${scale} on ${out.database}\n`);
  const main = await freshDatabase(work, 'main', serverUrl);
  try {
    const loaded = await loadDataset(main.database, scale);
    out.dataset = loaded;
    row('data set loaded (bulk INSERT)', `${fmt(loaded.ms / 1000)} s, ${JSON.stringify(loaded.rows)}`);

    // Export vs raw read.
    const raw = await rawRead(main.database);
    const exp = await withPeakRss(() => exportToDirectory(main.database, join(work, 'export'), 'S06000'));
    const mb = exp.result.bytes / 1048576;
    out.export = { ms: Math.round(exp.ms), files: exp.result.files, objects: exp.result.objects, mb: +mb.toFixed(1), mbPerS: +(mb / (exp.ms / 1000)).toFixed(1), rssGrowthMb: Math.round(exp.rssMb), heapGrowthMb: Math.round(exp.heapMb), rawReadMs: Math.round(raw.ms) };
    ratios.export_vs_raw_read = +(exp.ms / raw.ms).toFixed(2);
    row('full XZuFi export (index + files)', `${fmt(exp.ms / 1000)} s, ${exp.result.files} files, ${fmt(mb)} MB, ${fmt(mb / (exp.ms / 1000))} MB/s, RSS +${Math.round(exp.rssMb)} MB, heap +${Math.round(exp.heapMb)} MB at peak`);
    row('  reference: raw SELECT of the same rows', `${fmt(raw.ms / 1000)} s → export_vs_raw_read ${ratios.export_vs_raw_read}`);

    // Delta of 100 changes here vs at the reference scale.
    const deltaLarge = await deltaOf100(main.database);
    const small = await freshDatabase(work, 'reference', serverUrl);
    let deltaSmall: number;
    try {
      const referenceLoad = await loadDataset(small.database, reference);
      row(`reference data set ${reference} loaded`, `${fmt(referenceLoad.ms / 1000)} s, ${JSON.stringify(referenceLoad.rows)}`);
      deltaSmall = await deltaOf100(small.database);
    } finally {
      await small.drop();
    }
    // deltaLarge is this run's scale, deltaSmall the reference's: name the ratio larger / smaller.
    const [big, bigMs, little, littleMs] = reference === 'bund' ? ['bund', deltaSmall, scale, deltaLarge] : [scale, deltaLarge, reference, deltaSmall];
    const deltaName = `delta_${big}_vs_${little}`;
    ratios[deltaName] = +(bigMs / littleMs).toFixed(2);
    out.delta = { [`${big}Ms`]: +bigMs.toFixed(1), [`${little}Ms`]: +littleMs.toFixed(1) };
    row(`delta export of 100 changes (${big} / ${little})`, `${fmt(bigMs)} ms / ${fmt(littleMs)} ms → ${deltaName} ${ratios[deltaName]}`);

    // Import of the Leistung and Organisationseinheit files vs parsing them.
    const files = readdirSync(join(work, 'export', 'files')).filter((f) => /^(leistung|organisationseinheit)-/.test(f)).sort().map((f) => join(work, 'export', 'files', f));
    const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: false });
    const parseStarted = performance.now();
    for (const f of files) parser.parse(readFileSync(f, 'utf8'));
    const parseMs = performance.now() - parseStarted;
    const target = await freshDatabase(work, 'import', serverUrl);
    try {
      const validator = createSchemaValidator();
      const importStarted = performance.now();
      const reports = await importFiles(target.database, files, { mode: 'atomic', actor: systemPrincipal('bench'), schemeAgencyId: 'S06000', validator });
      const importMs = performance.now() - importStarted;
      const objects = reports.reduce((n, r) => n + Object.values(r.counts).reduce((m, c) => m + c.created, 0), 0);
      ratios.import_vs_parse = +(importMs / parseMs).toFixed(1);
      out.import = { files: files.length, objects, ms: Math.round(importMs), objectsPerS: Math.round(objects / (importMs / 1000)), parseMs: Math.round(parseMs) };
      row('import of the Leistung + OE files into an empty db', `${fmt(importMs / 1000)} s, ${objects} objects, ${Math.round(objects / (importMs / 1000))} objects/s`);
      row('  reference: fast-xml-parser on the same files', `${fmt(parseMs / 1000)} s → import_vs_parse ${ratios.import_vs_parse}`);
    } finally {
      await target.drop();
    }

    // Portal and API under load vs a bare Express endpoint.
    const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'bench-secret-0123456789abcdef0123456789', LOG_LEVEL: 'silent', ANONYMOUS_RATE_LIMIT: '1000000', JOB_RUNNER: 'false', DEMO_DATA: 'false' });
    const app = buildApp({ config, database: main.database, logger: createLogger(config) });
    const server = await new Promise<import('node:http').Server>((resolve) => { const s = app.listen(0, '127.0.0.1', () => resolve(s)); });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const sample = rowsOf<{ leistung: string; ars: string; word: string }>(await main.database.db.execute(sql`
      SELECT z.leistung_uuid AS leistung, z.gebiet_ars AS ars, split_part(l.content#>>'{modulText,0,inhalt,0,value}', ' ', 1) AS word
      FROM zustaendigkeiten z JOIN leistungen l ON l.uuid = z.leistung_uuid ORDER BY z.seq LIMIT 1`))[0]!;
    const pageHtml = await (await fetch(`${base}/leistungen/${sample.leistung}?ars=${sample.ars}`)).text();
    const bare = express();
    bare.get('/bare', (_req, res) => { res.type('html').send(pageHtml); });
    const bareServer = await new Promise<import('node:http').Server>((resolve) => { const s = bare.listen(0, '127.0.0.1', () => resolve(s)); });
    const bareUrl = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}/bare`;
    try {
      const searchUrl = `${base}/suche?q=${encodeURIComponent(sample.word)}&ars=${sample.ars}`;
      const pageUrl = `${base}/leistungen/${sample.leistung}?ars=${sample.ars}`;
      const itemUrl = `${base}/api/v1/leistungen/${sample.leistung}`;
      for (const u of [searchUrl, pageUrl, itemUrl]) if ((await fetch(u)).status !== 200) throw new Error(`not 200: ${u}`);
      const results: Record<string, LoadResult> = {};
      // "cold": every request another URL (autocannon replaces [<id>] per request in a parameter the
      // page ignores), so no kept response helps; "kept": the same URL again and again, answered
      // from the portal cache while nothing is published.
      // (The placeholder must not end the argument: autocannon's argument parser reads a trailing "]" as a group end.)
      const cold = (url: string, param: string) => { const [path, query] = url.split('?'); return `${path}?${param}=[<id>]&${query}`; };
      for (const [name, url] of [['bare', bareUrl], ['search_cold', cold(searchUrl, 'seite')], ['search_kept', searchUrl], ['page_cold', cold(pageUrl, 'druck')], ['page_kept', pageUrl], ['rest_item', itemUrl]] as const) {
        results[name] = await load(url, seconds);
        const r = results[name]!;
        row(`${name} under load (32 connections, ${seconds} s)`, `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p90 ${r.p90} ms, p97.5 ${r.p97_5} ms, p99 ${r.p99} ms${r.errors + r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`);
      }
      ratios.search_vs_bare = +(results.search_cold!.rps / results.bare!.rps).toFixed(3);
      ratios.page_vs_bare = +(results.page_cold!.rps / results.bare!.rps).toFixed(3);
      ratios.search_kept_vs_bare = +(results.search_kept!.rps / results.bare!.rps).toFixed(3);
      ratios.page_kept_vs_bare = +(results.page_kept!.rps / results.bare!.rps).toFixed(3);
      out.load = results;
      row('  search_vs_bare / page_vs_bare (cold)', `${ratios.search_vs_bare} / ${ratios.page_vs_bare}`);
      row('  the same, answered from the portal cache (kept)', `${ratios.search_kept_vs_bare} / ${ratios.page_kept_vs_bare}`);
    } finally {
      await new Promise((r) => server.close(r));
      await new Promise((r) => bareServer.close(r));
    }
  } finally {
    await main.drop();
    rmSync(work, { recursive: true, force: true });
  }
  out.ratios = ratios;
  out.targets = {
    export_vs_raw_read: '≤ 3 (RSS growth ≤ 150 MB at Bund scale)', delta_bund_vs_hessen: '≤ 1.5', import_vs_parse: '≤ 6',
    search: 'p95 ≤ 25 ms and search_vs_bare ≥ 0.25', page_vs_bare: '≥ 0.30',
  };
  console.log('\n' + JSON.stringify(out));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
