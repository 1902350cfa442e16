/**
 * The portal under load (scripts/bench-load.js in its own process, 32 connections): search,
 * service page and REST item read vs a bare Express endpoint sending the page's bytes, and then
 * search and page again while this process imports a Hessen-scale data set.
 */
import { readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import express from 'express';
import { systemPrincipal } from '../src/auth/policy';
import { rowsOf } from '../src/db/objectStore';
import { importFiles } from '../src/syndication/files';
import { createSchemaValidator } from '../src/xzufi/schemaValidator';
import { fmt, freshDatabase, load, startOurs, warmUp, type LoadResult, type Run } from './bench-common';
import { prng, WORDS } from './generate-dataset';

export async function measureLoad(run: Run): Promise<void> {
  const { main, seconds, out, ratios, row } = run;
  const ours = await startOurs(main.database);
  const { base } = ours;
  // The first search loads the portal's read model: its time, and what it holds in the heap.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const modelStarted = performance.now();
  if ((await fetch(`${base}/suche?q=antrag`)).status !== 200) throw new Error('the first search failed');
  const modelMs = performance.now() - modelStarted;
  gc?.();
  const memory = process.memoryUsage();
  const heapMb = Math.round((memory.heapUsed - heapBefore) / 1048576);
  out.readModel = { loadMs: Math.round(modelMs), heapMb, rssMb: Math.round(memory.rss / 1048576), heapTotalMb: Math.round(memory.heapUsed / 1048576) };
  ratios.read_model_heap_mb = heapMb;
  row('portal read model loaded (first search)', `${fmt(modelMs / 1000)} s, heap +${heapMb} MB (process: heap ${Math.round(memory.heapUsed / 1048576)} MB, RSS ${Math.round(memory.rss / 1048576)} MB${run.serverUrl ? '' : ' incl. PGlite'})`);
  // What citizens ask: 2,000 pairs of a Leistung and a place where it has a Zuständigkeit, and
  // 2,000 searches — a word of the data set's vocabulary or two — at such places.
  const pairs = rowsOf<{ leistung: string; ars: string }>(await main.database.db.execute(sql`
    SELECT leistung_uuid AS leistung, gebiet_ars AS ars FROM zustaendigkeiten ORDER BY md5(uuid::text) LIMIT 2000`));
  const rand = prng(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const pagePaths = pairs.map((p) => `/leistungen/${p.leistung}?ars=${p.ars}`);
  const searchPaths = pairs.map((p) => `/suche?${new URLSearchParams({ q: rand() < 0.5 ? pick(WORDS) : `${pick(WORDS)} ${pick(WORDS)}`, ars: p.ars })}`);
  const itemPaths = pairs.map((p) => `/api/v1/leistungen/${p.leistung}`);
  const pageHtml = await (await fetch(`${base}${pagePaths[0]}`)).text();
  const bare = express();
  bare.get('/bare', (_req, res) => { res.type('html').send(pageHtml); });
  const bareServer = await new Promise<import('node:http').Server>((resolve) => { const s = bare.listen(0, '127.0.0.1', () => resolve(s)); });
  const bareBase = `http://127.0.0.1:${(bareServer.address() as AddressInfo).port}`;
  try {
    for (const u of [searchPaths[0]!, pagePaths[0]!, itemPaths[0]!]) if ((await fetch(`${base}${u}`)).status !== 200) throw new Error(`not 200: ${u}`);
    const results: Record<string, LoadResult> = {};
    // search, page, rest_item: 2,000 different questions, each asked once before (warm-up), and
    // every request another URL (`unique`), so no kept response helps; search_one_query: one
    // word, every request another URL; *_kept: the same URL again and again, answered from the
    // portal's kept responses.
    const runs: Array<[string, string, string[], string?]> = [
      ['bare', bareBase, ['/bare']],
      ['search', base, searchPaths, 'seite'],
      ['search_one_query', base, [searchPaths[0]!], 'seite'],
      ['search_kept', base, [searchPaths[0]!]],
      ['page', base, pagePaths, 'druck'],
      ['page_kept', base, [pagePaths[0]!]],
      ['rest_item', base, itemPaths],
    ];
    const warmed = new Set<string[]>();
    for (const [name, target, paths, unique] of runs) {
      if (paths.length > 1 && !warmed.has(paths)) {
        warmed.add(paths);
        row(`  warm-up: each of the ${paths.length} ${name} URLs once`, `${fmt((await warmUp(target, paths)) / 1000)} s`);
      }
      results[name] = await load(target, paths, seconds, unique);
      const r = results[name]!;
      row(`${name} (${paths.length === 1 ? 'one URL' : `${paths.length} URLs`}${unique ? ', each request another' : ''}, 32 conn., ${seconds} s)`,
        `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms${r.errors + r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`);
    }
    const ratio = (name: string) => +(results[name]!.rps / results.bare!.rps).toFixed(3);
    Object.assign(ratios, {
      search_vs_bare: ratio('search'), page_vs_bare: ratio('page'),
      search_one_query_vs_bare: ratio('search_one_query'), search_kept_vs_bare: ratio('search_kept'), page_kept_vs_bare: ratio('page_kept'),
      rest_item_vs_bare: ratio('rest_item'),
    });
    // Latency targets are relative to the bare endpoint of the same run (absolute ones do not carry across machines).
    ratios.search_p95_vs_bare = +(results.search!.p95 / results.bare!.p95).toFixed(2);
    ratios.page_p95_vs_bare = +(results.page!.p95 / results.bare!.p95).toFixed(2);
    ratios.search_p95_ms = results.search!.p95;
    out.load = results;
    row('  search_vs_bare / page_vs_bare', `${ratios.search_vs_bare} / ${ratios.page_vs_bare} (search p95 ${results.search!.p95} ms)`);
    row('  one query / kept responses', `search ${ratios.search_one_query_vs_bare}, kept: search ${ratios.search_kept_vs_bare}, page ${ratios.page_kept_vs_bare}`);
    row('  rest_item_vs_bare; p95 search / page vs bare', `${ratios.rest_item_vs_bare}; ${ratios.search_p95_vs_bare} / ${ratios.page_p95_vs_bare}`);
    await measureWhileImporting(run, base, { search: searchPaths, page: pagePaths }, results);
  } finally {
    await ours.close();
    await new Promise((r) => bareServer.close(r));
  }
}


/**
 * Search and page under the same load while this process imports the export's Leistung,
 * Organisationseinheit and Zuständigkeit files (a Hessen-scale data set, ~75,000 objects) into an
 * empty database — on PGlite that database runs in this thread too. The import goes on in groups
 * of files (one transaction each) and is stopped between groups when the loads are done.
 * → search_p95_importing_vs_idle, page_p95_importing_vs_idle (target ≤ 2).
 */
async function measureWhileImporting({ work, serverUrl, seconds, out, ratios, row }: Run, base: string, paths: { search: string[]; page: string[] }, idle: Record<string, LoadResult>): Promise<void> {
  let files: string[];
  try {
    files = readdirSync(join(work, 'export', 'files')).filter((f) => /^(leistung|organisationseinheit|zustaendigkeit)-/.test(f)).sort().map((f) => join(work, 'export', 'files', f));
  } catch {
    row('load while importing', 'skipped (needs the export: --only export,load)');
    return;
  }
  const target = await freshDatabase(work, 'importload', serverUrl);
  let stop = false;
  let objects = 0;
  let filesDone = 0;
  const validator = createSchemaValidator(undefined, 'read');
  const stall = monitorEventLoopDelay({ resolution: 5 });
  const importing = (async () => {
    for (let i = 0; i < files.length && !stop; i += 4) {
      const reports = await importFiles(target.database, files.slice(i, i + 4), { mode: 'atomic', actor: systemPrincipal('bench'), schemeAgencyId: 'S06000', validator });
      filesDone += reports.length;
      objects += reports.reduce((n, r) => n + Object.values(r.counts).reduce((m, c) => m + c.created, 0), 0);
    }
  })();
  try {
    // The first group is under way (read, checked, being applied) before the load begins.
    while (objects === 0) await new Promise((r) => setTimeout(r, 100));
    stall.enable();
    const results: Record<string, LoadResult> = {};
    for (const [name, list, unique] of [['search', paths.search, 'seite'], ['page', paths.page, 'druck']] as const) {
      results[name] = await load(base, list, seconds, unique);
      const r = results[name]!;
      row(`${name} while importing (${list.length} URLs, each request another)`, `${Math.round(r.rps)} req/s, p50 ${r.p50} ms, p95 ${r.p95} ms, p99 ${r.p99} ms${r.errors + r.non2xx ? `, ${r.errors} errors, ${r.non2xx} non-2xx` : ''}`);
    }
    stall.disable();
    const stillImporting = filesDone < files.length;
    stop = true;
    await importing;
    ratios.search_p95_importing_vs_idle = +(results.search!.p95 / idle.search!.p95).toFixed(2);
    ratios.page_p95_importing_vs_idle = +(results.page!.p95 / idle.page!.p95).toFixed(2);
    out.loadWhileImporting = { ...results, importedObjects: objects, importedFiles: filesDone, files: files.length, importStillRunningAtEnd: stillImporting, stallMaxMs: +(stall.max / 1e6).toFixed(1), stallP99Ms: +(stall.percentile(99) / 1e6).toFixed(1) };
    row('  the import meanwhile', `${objects} objects in ${filesDone} of ${files.length} files${stillImporting ? ', still running at the end' : ' — ended before the loads did'}; longest stall ${(stall.max / 1e6).toFixed(1)} ms`);
    row('  p95 importing vs idle: search / page', `${ratios.search_p95_importing_vs_idle} / ${ratios.page_p95_importing_vs_idle}`);
  } finally {
    stop = true;
    await importing.catch(() => undefined);
    await target.drop();
  }
}
