/**
 * Many rows in one INSERT whose values travel as a single JSON parameter that the database takes
 * apart (jsonb_populate_record over the table's row type). Drizzle's VALUES builder spends tens
 * of microseconds on each value of each row — an import of 15,000 objects spent 2.6 s of its
 * main thread building INSERTs; a JSON text of the same rows costs a fraction of it.
 */
import { getTableColumns, getTableName, sql, SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db } from './client';

export interface JsonRowsOptions {
  /**
   * Columns (Drizzle property names) whose value is an SQL expression instead, the same for every
   * row; it may read the row's JSON object as `e` (e.g. `to_tsvector('german', e->>'searchText')`
   * for a key that is not a column: such keys are carried along and ignored otherwise).
   */
  computed?: Record<string, SQL>;
  /** Columns to return, by property name (values as Drizzle's own queries return them). */
  returning?: Record<string, unknown>;
}

/**
 * Inserts `rows` (values by Drizzle property name; Dates and jsonb values as they are) in their
 * order. A column no row gives gets its default; a column some rows give and others leave out
 * (or undefined) is NULL in those — so that must be a column without a default (checked).
 */
export async function insertJsonRows(db: Db, table: PgTable, rows: Array<Record<string, unknown>>, opts: JsonRowsOptions = {}): Promise<Array<Record<string, unknown>>> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, PgColumn>;
  const computed = opts.computed ?? {};
  const given = new Map<string, PgColumn>();
  const counts = new Map<string, number>();
  const elements = rows.map((row) => {
    const element: Record<string, unknown> = {};
    for (const key in row) {
      const value = row[key];
      if (value === undefined) continue;
      const column = columns[key];
      if (!column) {
        element[key] = value;
        continue;
      }
      if (key in computed) continue;
      if (value instanceof SQL) throw new Error(`insertJsonRows: ${getTableName(table)}.${key} is an SQL expression; give it in \`computed\``);
      given.set(key, column);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      element[column.name] = value;
    }
    return element;
  });
  for (const [key, n] of counts) {
    if (n < rows.length && given.get(key)!.hasDefault) throw new Error(`insertJsonRows: ${getTableName(table)}.${key} has a default and is missing from some rows`);
  }
  const names = [...given.values()].map((c) => c.name);
  const targets = [...names, ...Object.keys(computed).map((key) => columns[key]!.name)];
  const values = [...names.map((name) => sql`r.${sql.identifier(name)}`), ...Object.values(computed)];
  const returned = Object.entries(opts.returning ?? {}) as Array<[string, PgColumn]>;
  const t = sql.identifier(getTableName(table));
  const result = await db.execute(sql`INSERT INTO ${t} (${sql.join(targets.map((n) => sql.identifier(n)), sql`, `)})
    SELECT ${sql.join(values, sql`, `)}
    FROM jsonb_array_elements(${JSON.stringify(elements)}::jsonb) WITH ORDINALITY AS x(e, n), jsonb_populate_record(NULL::${t}, x.e) AS r
    ORDER BY x.n
    ${returned.length > 0 ? sql`RETURNING ${sql.join(returned.map(([, c]) => sql.identifier(c.name)), sql`, `)}` : sql``}`);
  if (returned.length === 0) return [];
  const raw = (result as unknown as { rows: Array<Record<string, unknown>> }).rows;
  return raw.map((r) => {
    const out: Record<string, unknown> = {};
    for (const [key, column] of returned) {
      const value = r[column.name];
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out;
  });
}
