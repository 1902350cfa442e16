/**
 * The export measure of `npm run bench`, in a process of its own so that its memory is its own
 * (the bench process holds a whole generated data set): a raw read of the published JSONB rows
 * to warm the database up, the full XZuFi export with its peak RSS above the baseline (worker
 * thread included: it is the same process), then the raw read again as the reference. The export
 * reads in batches of 500, and so does the raw read. Prints one JSON object.
 *
 *   node --expose-gc --import tsx scripts/bench-export.ts '{"source":{"kind":"pglite","dataDir":"…"},"out":"/tmp/x"}'
 */
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type DatabaseSource } from '../src/db/client';
import { rowsOf } from '../src/db/objectStore';
import { exportToDirectory } from '../src/syndication/files';

const TABLES = ['leistungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'spezialisierungen'];

/** The same published JSONB rows the export reads, in the same batches, without building XML. */
async function rawRead(database: Database): Promise<number> {
  const started = performance.now();
  let bytes = 0;
  for (const table of TABLES) {
    for (let after = 0; ;) {
      const rows = rowsOf<{ seq: string; content: unknown }>(await database.db.execute(sql`SELECT seq, content FROM ${sql.raw(table)} WHERE status = 'veroeffentlicht' AND seq > ${after} ORDER BY seq LIMIT 500`));
      if (rows.length === 0) break;
      for (const r of rows) bytes += JSON.stringify(r.content).length;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
  if (bytes === 0) throw new Error('nothing published to read');
  return performance.now() - started;
}

async function main(): Promise<void> {
  const { source, out } = JSON.parse(process.argv[2]!) as { source: DatabaseSource; out: string };
  const database = await openDatabase(source);
  try {
    await rawRead(database);
    global.gc?.();
    const baseline = process.memoryUsage();
    let peakRss = baseline.rss;
    let peakHeap = baseline.heapUsed;
    const timer = setInterval(() => { const m = process.memoryUsage(); peakRss = Math.max(peakRss, m.rss); peakHeap = Math.max(peakHeap, m.heapUsed); }, 10);
    const started = performance.now();
    const summary = await exportToDirectory(database, out, 'S06000');
    const exportMs = performance.now() - started;
    clearInterval(timer);
    const rawMs = await rawRead(database);
    console.log(JSON.stringify({
      exportMs: Math.round(exportMs), rawReadMs: Math.round(rawMs), files: summary.files, objects: summary.objects, bytes: summary.bytes,
      rssGrowthMb: Math.round((peakRss - baseline.rss) / 1048576), heapGrowthMb: Math.round((peakHeap - baseline.heapUsed) / 1048576),
    }));
  } finally {
    await database.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
