/**
 * `db:copy`: an installation outgrows the embedded database — every table of the source (the
 * PGlite data directory) is copied row by row into an empty PostgreSQL database with the same
 * schema, in one transaction: objects, versions, drafts, tombstones, audit, jobs, users, tokens,
 * (sessions on request), the reference data and the migrations' bookkeeping. Rows travel as JSON
 * (`to_jsonb` → `jsonb_populate_recordset`), so every column type keeps its value; triggers and
 * foreign keys rest meanwhile (`session_replication_role = replica`: the rows are already valid,
 * and the history's immutability trigger would refuse them). Afterwards each table's row count
 * and content digest must match, the identity sequences continue where the source stood, and the
 * target's transaction counter is moved past the copied change ids, so portals' delta cursors stay
 * valid and new changes sort after the copied ones.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './objectStore';
import { advancePast, highestChangeXid } from './transactionIds';

export class CopyRefused extends Error {}

/** Tables whose rows make a database "in use": the target must have none. */
const IN_USE = ['tenants', 'users', 'api_tokens', 'leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien', 'object_versions', 'audit_log'];
const BATCH = 1000;

export interface TableCopy { table: string; rows: number; digest: string }
export interface CopyReport { tables: TableCopy[]; sequences: number; xidsTaken: number; ms: number }

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function tablesOf(database: Database): Promise<string[]> {
  return rowsOf<{ t: string }>(await database.db.execute(sql`
    SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)).map((r) => r.t);
}

/** Row count and a digest of the rows' JSON (order-independent). */
export async function tableDigest(database: Database, table: string): Promise<{ rows: number; digest: string }> {
  const t = quote(table);
  const [row] = rowsOf<{ n: string; d: string | null }>(await database.db.execute(sql.raw(
    `SELECT count(*)::text AS n, md5(string_agg(h, '' ORDER BY h)) AS d FROM (SELECT md5(to_jsonb(x)::text) AS h FROM ${t} x) s`)));
  return { rows: Number(row!.n), digest: row!.d ?? '' };
}

async function assertEmpty(target: Database, tables: string[]): Promise<void> {
  const used: string[] = [];
  for (const table of IN_USE.filter((t) => tables.includes(t))) {
    const [row] = rowsOf<{ any: boolean }>(await target.db.execute(sql.raw(`SELECT EXISTS (SELECT 1 FROM ${quote(table)}) AS any`)));
    if (row?.any) used.push(table);
  }
  if (used.length) throw new CopyRefused(`the target database is not empty (rows in ${used.join(', ')}); db:copy only fills an empty one`);
}

/**
 * Copies `source` into `target`. Both must be migrated to the same schema (the caller runs the
 * migrations); the target must hold no tenants, users or objects.
 */
export async function copyDatabase(source: Database, target: Database, opts: { sessions?: boolean; onTable?: (table: string, rows: number) => void } = {}): Promise<CopyReport> {
  const started = Date.now();
  const [fromTables, toTables] = await Promise.all([tablesOf(source), tablesOf(target)]);
  const missing = fromTables.filter((t) => !toTables.includes(t));
  if (missing.length) throw new CopyRefused(`the target lacks tables ${missing.join(', ')}: migrate it to the same version first`);
  await assertEmpty(target, toTables);
  const tables = fromTables.filter((t) => opts.sessions || t !== 'sessions');

  await target.db.transaction(async (tx) => {
    try {
      await tx.execute(sql`SET LOCAL session_replication_role = replica`);
    } catch (err) {
      throw new CopyRefused(`the target role may not set session_replication_role (a superuser or the provider's admin role is needed): ${(err as Error).message}`);
    }
    for (const table of tables) {
      const t = quote(table);
      await tx.execute(sql.raw(`DELETE FROM ${t}`));
      let copied = 0;
      for (let last: string | undefined; ;) {
        const batch = rowsOf<{ c: string; r: unknown }>(await source.db.execute(sql.raw(
          `SELECT ctid::text AS c, to_jsonb(x) AS r FROM ${t} x ${last ? `WHERE ctid > '${last}'::tid` : ''} ORDER BY ctid LIMIT ${BATCH}`)));
        if (batch.length === 0) break;
        await tx.execute(sql`INSERT INTO ${sql.raw(t)} OVERRIDING SYSTEM VALUE SELECT * FROM jsonb_populate_recordset(NULL::${sql.raw(t)}, ${JSON.stringify(batch.map((b) => b.r))}::jsonb)`);
        copied += batch.length;
        last = batch[batch.length - 1]!.c;
        if (batch.length < BATCH) break;
      }
      opts.onTable?.(table, copied);
    }
    // Identity columns and other sequences continue where the source stood.
    const sequences = rowsOf<{ s: string; v: string | null }>(await source.db.execute(sql`SELECT sequencename AS s, last_value::text AS v FROM pg_sequences WHERE schemaname = 'public'`));
    for (const { s, v } of sequences) {
      if (v !== null) await tx.execute(sql`SELECT setval(${`public.${quote(s)}`}::regclass, ${v}::bigint, true)`);
    }
  });

  const report: TableCopy[] = [];
  for (const table of tables) {
    const [a, b] = await Promise.all([tableDigest(source, table), tableDigest(target, table)]);
    if (a.rows !== b.rows || a.digest !== b.digest) throw new CopyRefused(`table ${table} differs after the copy (${a.rows} rows → ${b.rows}); the target is left as it is for inspection`);
    report.push({ table, rows: b.rows, digest: b.digest });
  }
  const sequences = rowsOf<{ n: string }>(await source.db.execute(sql`SELECT count(*)::text AS n FROM pg_sequences WHERE schemaname = 'public'`))[0]!.n;
  const xidsTaken = await advancePast(target, await highestChangeXid(target));
  return { tables: report, sequences: Number(sequences), xidsTaken, ms: Date.now() - started };
}
