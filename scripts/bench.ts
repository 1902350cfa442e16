/**
 * Benchmarks (`npm run bench [-- --size small|hessen]`): speed and memory goals live here, never in
 * timed tests. Runs on a fresh embedded database (or DATABASE_URL, which it fills) and prints one
 * line per measurement.
 *
 * XZuFi: import of a generated data set in messages of 2,000 objects, the same again (idempotent),
 * the full Sammlerdienst export to files, and the whole delta feed — with the peak heap during the
 * export above what was in use before, which must stay bounded whatever the size (run with
 * `node --expose-gc` for exact baselines: `npm run bench`, which does).
 */
import { systemPrincipal } from '../src/auth/policy';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { prepareDatabase } from '../src/bootstrap';
import { openDatabase, type Database } from '../src/db/client';
import { rowsOf } from '../src/db/objectStore';
import { changePage } from '../src/syndication/export';
import { exportToDirectory } from '../src/syndication/files';
import { importXzufi } from '../src/syndication/importer';
import { PRODUKT } from '../src/syndication/produkt';
import { encodeMessage } from '../src/xzufi/message';
import type { XzufiObject } from '../src/xzufi/objects';
import { createSchemaValidator } from '../src/xzufi/schemaValidator';
import { generateDataset, SIZES, type DatasetSize } from './dataset';

const MESSAGE_SIZE = 2000;

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

function report(what: string, ms: number, n?: number, extra = ''): void {
  const rate = n ? `  ${(n / (ms / 1000)).toFixed(0).padStart(7)} objects/s` : '';
  console.log(`${what.padEnd(46)} ${(ms / 1000).toFixed(2).padStart(8)} s${rate}${extra ? `  ${extra}` : ''}`);
}

/** Peak heap and RSS while fn runs (sampled every 10 ms), above what was in use before it started. */
async function withPeakMemory<T>(fn: () => Promise<T>): Promise<{ result: T; heapMb: number; rssMb: number }> {
  global.gc?.();
  const before = process.memoryUsage();
  let heap = before.heapUsed;
  let rss = before.rss;
  const sample = () => {
    const m = process.memoryUsage();
    heap = Math.max(heap, m.heapUsed);
    rss = Math.max(rss, m.rss);
  };
  const timer = setInterval(sample, 10);
  try {
    const result = await fn();
    sample();
    return { result, heapMb: (heap - before.heapUsed) / 1024 / 1024, rssMb: (rss - before.rss) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

async function importAll(database: Database, objects: XzufiObject[], label: string): Promise<void> {
  const validator = createSchemaValidator();
  const started = Date.now();
  let outcome: Record<string, number> = {};
  for (let i = 0; i < objects.length; i += MESSAGE_SIZE) {
    const xml = encodeMessage(PRODUKT, { nachrichtUUID: crypto.randomUUID(), erstelltDatumZeit: new Date().toISOString() },
      objects.slice(i, i + MESSAGE_SIZE).map((object) => ({ op: 'schreibe' as const, object })));
    const r = await importXzufi(database, xml, { mode: 'atomic', actor: systemPrincipal('bench'), schemeAgencyId: 'S06000', validator });
    if (r.status !== 'applied') throw new Error(`${label}: ${r.status} ${JSON.stringify(r.errors.slice(0, 3))}`);
    for (const c of Object.values(r.counts)) for (const [k, v] of Object.entries(c)) outcome[k] = (outcome[k] ?? 0) + v;
  }
  outcome = Object.fromEntries(Object.entries(outcome).filter(([, v]) => v > 0));
  report(label, Date.now() - started, objects.length, JSON.stringify(outcome));
}

async function importPhase(database: Database, size: DatasetSize): Promise<void> {
  const gemeinden = rowsOf<{ ars: string }>(await database.db.execute(sql`SELECT ars FROM gebiete WHERE ars LIKE '06%' AND ebene = 'gemeinde'`)).map((r) => r.ars);
  const data = generateDataset(size, gemeinden);
  console.log('XZuFi import (push, messages of 2,000 objects, atomic)');
  await importAll(database, data.leistungen, '  Leistungen');
  await importAll(database, data.organisationseinheiten, '  Organisationseinheiten');
  await importAll(database, data.onlinedienste, '  Onlinedienste');
  await importAll(database, data.zustaendigkeiten, '  Zustaendigkeiten');
  await importAll(database, [...data.leistungen, ...data.organisationseinheiten, ...data.onlinedienste, ...data.zustaendigkeiten], '  everything again (idempotent, unchanged)');
}

async function main(): Promise<void> {
  const sizeName = arg('size', 'small');
  const size = SIZES[sizeName];
  if (!size) throw new Error(`--size must be one of ${Object.keys(SIZES).join(', ')}`);
  const work = mkdtempSync(join(tmpdir(), 'fim-bench-'));
  const database = process.env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: process.env.DATABASE_URL })
    : await openDatabase({ kind: 'pglite', dataDir: join(work, 'data') });
  console.log(`fim-redaktion bench — size ${sizeName} ${JSON.stringify(size)} on ${database.kind}, node ${process.version}\n`);
  try {
    await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
    // --export-only: measure the export of what DATABASE_URL already holds (e.g. a previous run's data).
    if (!process.argv.includes('--export-only')) await importPhase(database, size);

    console.log('\nXZuFi export (pull)');
    const started = Date.now();
    const { result, heapMb, rssMb } = await withPeakMemory(() => exportToDirectory(database, join(work, 'export'), 'S06000'));
    report('  Sammlerdienst export to files', Date.now() - started, result.objects,
      `${result.files} files, ${(result.bytes / 1024 / 1024).toFixed(1)} MB, heap +${heapMb.toFixed(0)} MB, RSS +${rssMb.toFixed(0)} MB at peak`);

    const feedStarted = Date.now();
    let since;
    let items = 0;
    for (;;) {
      const page = await changePage(database.db, since, 1000);
      items += page.items.length;
      since = page.next;
      if (page.complete) break;
    }
    report('  delta feed from the start (pages of 1,000)', Date.now() - feedStarted, items);
    const emptyStarted = Date.now();
    await changePage(database.db, since, 1000);
    report('  delta feed with nothing new', Date.now() - emptyStarted);
  } finally {
    await database.close();
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
