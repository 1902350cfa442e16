/**
 * Migration 0016: stored contents in the shapes of XZuFi 2.2.0 (contentShape.ts) — every object,
 * every working version and every version of the history, so that each stays readable, comparable
 * and restorable. Only the shape changes, not what an object says: no new versions, no feed
 * entries. Leistungen of other Redaktionen (another schemeAgencyID) stop counting as this
 * installation's Stammtexte, which are the only ones unique per LeiKa key.
 */
import { getTableName, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { DataMigration } from '../db/migrate';
import { rowsOf } from '../db/objectStore';
import { OBJECT_TYPES } from '../objectTypes';
import { reshape, type Notes, type ShapeType } from './contentShape';

const BATCH = 200;

type Row = { key: string; content: Record<string, unknown> };

/**
 * Reshapes the `content` of every row of a table, in batches by key; returns how many changed.
 * `keyColumn` is a column or an expression over the table's columns (unqualified: the update's
 * other relation has only `key` and `content`).
 */
async function reshapeTable(tx: Db, table: string, keyColumn: string, shapeOf: (row: Record<string, unknown>) => ShapeType | undefined, extra: string, notes: Notes): Promise<number> {
  let changed = 0;
  let after = '';
  for (;;) {
    const rows = rowsOf<Row & Record<string, unknown>>(await tx.execute(sql.raw(
      `SELECT ${keyColumn}::text AS key, content${extra} FROM ${table} WHERE ${keyColumn}::text > '${after.replace(/'/g, "''")}' ORDER BY ${keyColumn}::text LIMIT ${BATCH}`)));
    if (rows.length === 0) return changed;
    const updates: Row[] = [];
    for (const row of rows) {
      const shape = shapeOf(row);
      if (!shape) continue;
      const next = reshape(shape, row.content, notes);
      if (JSON.stringify(next) !== JSON.stringify(row.content)) updates.push({ key: row.key, content: next });
    }
    if (updates.length > 0) {
      await tx.execute(sql`UPDATE ${sql.raw(table)} t SET content = v.content FROM jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) AS v(key text, content jsonb)
        WHERE (${sql.raw(keyColumn)})::text = v.key`);
      changed += updates.length;
    }
    after = rows[rows.length - 1]!.key;
  }
}

const SHAPE_BY_TABLE = new Map<string, ShapeType>(OBJECT_TYPES.map((t) => [getTableName(t.table), t.name as ShapeType]));

export const xzufiShapes: DataMigration = {
  version: 16,
  name: '0016_xzufi_shapes',
  async run(tx, env) {
    const report: Record<string, number> = {};
    const notStammtexte = rowsOf<{ n: number }>(await tx.execute(sql`WITH u AS (UPDATE leistungen SET stammtext = false WHERE scheme_agency_id <> ${env.schemeAgencyId} AND stammtext RETURNING 1) SELECT count(*)::int AS n FROM u`))[0]!.n;
    if (notStammtexte > 0) report['Leistungen of other Redaktionen, no longer unique per LeiKa key'] = notStammtexte;
    const notes: Notes = {};
    for (const [table, shape] of SHAPE_BY_TABLE) {
      const n = await reshapeTable(tx, table, 'uuid', () => shape, '', notes);
      if (n > 0) report[`${table}: contents reshaped`] = n;
    }
    const drafts = await reshapeTable(tx, 'object_drafts', 'object_uuid', (r) => SHAPE_BY_TABLE.get(String(r.object_table)), ', object_table', notes);
    if (drafts > 0) report['working versions reshaped'] = drafts;
    // The history is immutable but for this (0015's trigger): contents only, in this transaction.
    await tx.execute(sql`SET LOCAL fim.reshape_versions = 'on'`);
    const versions = await reshapeTable(tx, 'object_versions', "(object_uuid::text || '/' || lpad(version::text, 9, '0'))", (r) => SHAPE_BY_TABLE.get(String(r.object_table)), ', object_table', notes);
    if (versions > 0) report['history versions reshaped'] = versions;
    for (const [what, n] of Object.entries(notes)) report[what] = n;
    return report;
  },
};
