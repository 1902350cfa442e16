/**
 * Benchmarks: `npm run bench [-- --scale hessen|bund] [--db <postgres url>]`. Speed and memory
 * goals live here, never in timed tests. Every measure is taken with its reference in the same run
 * and reported as a ratio; the output is a readable table and, last, one JSON object.
 *
 * 1. Load the synthetic data set (scripts/generate-dataset.ts) into a fresh database.
 * 2. Full XZuFi export (index + all files) vs a raw SELECT of the same JSONB rows, in a process of
 *    its own (scripts/bench-export.ts) for an honest RSS → export_vs_raw_read.
 * 3. Delta export of 100 changes at Bund scale vs Hessen scale (the other one is loaded into a
 *    second database) → delta_bund_vs_hessen; `--quick` compares Hessen with a tenth of it instead.
 * 4. Import of the export's Leistung and Organisationseinheit files into an empty database vs
 *    fast-xml-parser parsing the same files → import_vs_parse; the longest event-loop delay
 *    meanwhile → import_stall_ms.
 * 5. OZG figures for the Land and a Kreis's to-do list (GET /api/v1/ozg) vs reading their basis
 *    → ozg_vs_basis_read; goal: ≤ 1 s at Hessen scale.
 * 5b. `pull`: the main database served over HTTP and collected by an empty installation as an
 *    index source (src/sources), then again unchanged (scripts/bench-pull.ts).
 * 6. Portal search, service page and REST item read under load (scripts/bench-portal.ts; load from
 *    scripts/bench-load.js in its own process, 32 connections, 10 s; 2,000 different questions,
 *    no URL asked twice) vs a bare Express endpoint sending the page's bytes → search_vs_bare,
 *    page_vs_bare, p95s vs bare; then search and page again while this process imports a
 *    Hessen-scale data set → search_p95_importing_vs_idle, page_p95_importing_vs_idle.
 * 7. `peer` (`npm run bench:peer`, PostgreSQL only): our REST API beside Directus 11 on the same
 *    server — item by id, list of 50 by LeiKa prefix, word search (scripts/bench-peer.ts) →
 *    rest_item_vs_directus, rest_list_vs_directus, rest_search_vs_directus.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { XMLParser } from 'fast-xml-parser';
import { systemPrincipal } from '../src/auth/policy';
import { openDatabase, type Database } from '../src/db/client';
import { loadOzgBasis } from '../src/db/ozgStore';
import { changePage, renderChangeMessage } from '../src/syndication/export';
import { importFiles } from '../src/syndication/files';
import { PRODUKT } from '../src/syndication/produkt';
import { createSchemaValidator } from '../src/xzufi/schemaValidator';
import { loadDataset } from './generate-dataset';
import { measurePull } from './bench-pull';
import { measureLoad } from './bench-portal';
import { measurePeer } from './bench-peer';
import { fmt, freshDatabase, startOurs, type Run } from './bench-common';

const arg = (name: string, fallback?: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback; };

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

/**
 * Full export vs a raw read of the same rows, in a process of its own (scripts/bench-export.ts);
 * the import measure reads the exported files. PGlite's directory is one process's at a time:
 * closed here meanwhile.
 */
async function measureExport(run: Run): Promise<void> {
  const { main, work, out, ratios, row } = run;
  if (main.source.kind === 'pglite') await main.database.close();
  try {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, 'bench-export.ts'), JSON.stringify({ source: main.source, out: join(work, 'export') })], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (d) => { stdout += String(d); });
    if (await new Promise<number | null>((resolve) => child.on('close', resolve)) !== 0) throw new Error('bench-export failed');
    const r = JSON.parse(stdout) as { exportMs: number; rawReadMs: number; files: number; objects: number; bytes: number; rssGrowthMb: number; heapGrowthMb: number };
    const mb = r.bytes / 1048576;
    out.export = { ...r, mb: +mb.toFixed(1), mbPerS: +(mb / (r.exportMs / 1000)).toFixed(1) };
    ratios.export_vs_raw_read = +(r.exportMs / r.rawReadMs).toFixed(2);
    row('full XZuFi export (index + files)', `${fmt(r.exportMs / 1000)} s, ${r.files} files, ${fmt(mb)} MB, ${fmt(mb / (r.exportMs / 1000))} MB/s, RSS +${r.rssGrowthMb} MB (main heap +${r.heapGrowthMb} MB) at peak`);
    row('  reference: raw SELECT of the same rows', `${fmt(r.rawReadMs / 1000)} s → export_vs_raw_read ${ratios.export_vs_raw_read}`);
  } finally {
    if (main.source.kind === 'pglite') main.database = await openDatabase(main.source);
  }
}

/** The delta of 100 changes here vs at the reference scale. */
async function measureDelta({ main, work, serverUrl, scale, reference, out, ratios, row }: Run): Promise<void> {
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
}

/** Import of the exported Leistung and Organisationseinheit files into an empty database vs parsing them. */
async function measureImport({ work, serverUrl, out, ratios, row }: Run): Promise<void> {
  const files = readdirSync(join(work, 'export', 'files')).filter((f) => /^(leistung|organisationseinheit)-/.test(f)).sort().map((f) => join(work, 'export', 'files', f));
  const parser = new XMLParser({ ignoreAttributes: false, removeNSPrefix: false });
  const parseStarted = performance.now();
  for (const f of files) parser.parse(readFileSync(f, 'utf8'));
  const parseMs = performance.now() - parseStarted;
  const target = await freshDatabase(work, 'import', serverUrl);
  try {
    const validator = createSchemaValidator(undefined, 'read');
    // How long the main thread is kept from answering others meanwhile (a large message is read in a worker).
    const stall = monitorEventLoopDelay({ resolution: 5 });
    stall.enable();
    const importStarted = performance.now();
    const reports = await importFiles(target.database, files, { mode: 'atomic', actor: systemPrincipal('bench'), schemeAgencyId: 'S06000', validator });
    const importMs = performance.now() - importStarted;
    stall.disable();
    const stallMs = +(stall.max / 1e6).toFixed(1);
    const stallP99 = +(stall.percentile(99) / 1e6).toFixed(1);
    const objects = reports.reduce((n, r) => n + Object.values(r.counts).reduce((m, c) => m + c.created, 0), 0);
    ratios.import_vs_parse = +(importMs / parseMs).toFixed(1);
    ratios.import_stall_ms = stallMs;
    out.import = { files: files.length, objects, ms: Math.round(importMs), objectsPerS: Math.round(objects / (importMs / 1000)), parseMs: Math.round(parseMs), stallMs, stallP99 };
    row('import of the Leistung + OE files into an empty db', `${fmt(importMs / 1000)} s, ${objects} objects, ${Math.round(objects / (importMs / 1000))} objects/s`);
    row('  reference: fast-xml-parser on the same files', `${fmt(parseMs / 1000)} s → import_vs_parse ${ratios.import_vs_parse}`);
    row('  longest main-thread stall during the import', `${stallMs} ms (p99 ${stallP99} ms) → import_stall_ms`);
  } finally {
    await target.drop();
  }
}

/**
 * The OZG dashboard's figures for the whole Land (GET /api/v1/ozg, and with a Kreis's to-do list)
 * vs reading the basis it computes from (five queries) → ozg_vs_basis_read; goal ≤ 1 s each.
 */
async function measureOzg({ main, out, ratios, row }: Run): Promise<void> {
  const ours = await startOurs(main.database);
  const { base } = ours;
  const median = async (fn: () => Promise<unknown>) => {
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const started = performance.now();
      await fn();
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b)[3]!;
  };
  const get = (path: string) => async () => {
    const res = await fetch(`${base}${path}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
  };
  try {
    const land = await median(get('/api/v1/ozg'));
    const todo = await median(get('/api/v1/ozg?aufgaben=066360000000'));
    const basis = await median(() => loadOzgBasis(main.database.db, '06'));
    const report = await loadOzgBasis(main.database.db, '06');
    ratios.ozg_vs_basis_read = +(land / basis).toFixed(2);
    out.ozg = { landMs: +land.toFixed(1), todoKreisMs: +todo.toFixed(1), basisReadMs: +basis.toFixed(1), leistungen: report.leistungen.length, dienste: report.dienste.length, zustaendigkeiten: report.zustaendigkeiten.length };
    row('OZG figures, Land / with a Kreis\'s to-do list', `${fmt(land)} ms / ${fmt(todo)} ms (${report.leistungen.length} Leistungen with an OZG-Leistung, ${report.zustaendigkeiten.length} Zuständigkeiten)`);
    row('  reference: reading the basis (five queries)', `${fmt(basis)} ms → ozg_vs_basis_read ${ratios.ozg_vs_basis_read}`);
  } finally {
    await ours.close();
  }
}

/** A full pull of the data set by another installation over HTTP, and an unchanged re-pull. */
async function measurePullRun({ main, work, serverUrl, out, ratios, row }: Run): Promise<void> {
  const target = await freshDatabase(work, 'pull', serverUrl);
  try {
    const r = await measurePull(main.database, target.database);
    out.pull = r;
    ratios.repull_vs_pull = +(r.unchangedMs / r.fullMs).toFixed(3);
    row('full pull by a second installation (index source)', `${fmt(r.fullMs / 1000)} s, ${r.files} files, ${fmt(r.mb)} MB, ${r.objects} objects, ${Math.round(r.objects / (r.fullMs / 1000))} objects/s (${r.status})`);
    row('  unchanged re-pull (every file 304)', `${fmt(r.unchangedMs / 1000)} s, ${r.unchangedFetched} files and ${r.unchangedBytes} bytes downloaded → repull_vs_pull ${ratios.repull_vs_pull}`);
  } finally {
    await target.drop();
  }
}

async function main(): Promise<void> {
  const scale = arg('scale', 'hessen')!;
  // The delta is compared between Bund and Hessen scale: the run's own scale and the other one.
  const reference = process.argv.includes('--quick') ? 'zehntel' : scale === 'bund' ? 'hessen' : 'bund';
  // The peer runs on the same PostgreSQL server as we do: this machine's, unless told otherwise.
  const peer = process.argv.includes('--peer');
  const serverUrl = arg('db') ?? process.env.BENCH_DATABASE_URL ?? (peer ? 'postgres://postgres@127.0.0.1:5432/postgres' : undefined);
  const seconds = Number(arg('seconds', '10'));
  // --only export,delta,import,ozg,pull,load,peer: some of the measures (all but peer by default;
  // import needs export); --peer alone: the peer measure only.
  const only = new Set(arg('only', peer ? 'peer' : 'export,delta,import,ozg,pull,load')!.split(','));
  const work = mkdtempSync(join(tmpdir(), 'fim-bench-'));
  const out: Record<string, unknown> = { scale, database: serverUrl ? 'postgres' : 'pglite', node: process.version };
  const ratios: Record<string, number> = {};
  const row = (what: string, value: string) => { console.log(`${what.padEnd(52)} ${value}`); };
  console.log(`fim-redaktion bench — scale ${scale} on ${out.database}\n`);
  const main = await freshDatabase(work, 'main', serverUrl);
  try {
    const loaded = await loadDataset(main.database, scale);
    out.dataset = loaded;
    row('data set loaded (bulk INSERT)', `${fmt(loaded.ms / 1000)} s, ${JSON.stringify(loaded.rows)}`);
    const run: Run = { main, work, serverUrl, scale, reference, seconds, out, ratios, row };
    if (only.has('export') || only.has('import')) await measureExport(run);
    if (only.has('delta')) await measureDelta(run);
    if (only.has('import')) await measureImport(run);
    if (only.has('ozg')) await measureOzg(run);
    if (only.has('pull')) await measurePullRun(run);
    if (only.has('load')) await measureLoad(run);
    if (only.has('peer')) await measurePeer(run);
  } finally {
    await main.drop();
    rmSync(work, { recursive: true, force: true });
  }
  out.ratios = ratios;
  out.targets = {
    export_vs_raw_read: '≤ 2 (RSS growth ≤ 150 MB at Bund scale)', delta_bund_vs_hessen: '≤ 1.5', import_vs_parse: '≤ 3',
    search_vs_bare: '≥ 0.35, search_p95_vs_bare ≤ 2', page_vs_bare: '≥ 0.40, page_p95_vs_bare ≤ 2', rest_item_vs_bare: '≥ 0.30', ozg: 'landMs and todoKreisMs ≤ 1000 (Hessen)',
    search_p95_importing_vs_idle: '≤ 2', page_p95_importing_vs_idle: '≤ 2', read_model_heap_mb: '≤ 400 at Bund scale (per instance)',
    rest_item_vs_directus: '≥ 6', rest_list_vs_directus: '≥ 3',
  };
  console.log('\n' + JSON.stringify(out));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
