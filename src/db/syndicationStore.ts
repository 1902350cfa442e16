/**
 * Queries behind the XZuFi export and import: the change order (delta feed), stable export
 * chunks, and lookups between database ids and XZuFi identifiers.
 */
import { and, desc, eq, getTableColumns, getTableName, inArray, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { FEED_BOUND } from './feedBound';
import { arsOverlaps, PUBLISHED, rowColumns, rowsOf, type StoredObject } from './objectStore';
import { rowArray, rowOfJson, type ReferencedTable, type SyndicationRow } from './syndicationRow';
import { importJobs, kategorien, leistungen, leistungKategorien, objectTables, type ObjectTable } from './schema';

type AnyTable = any; // eslint-disable-line @typescript-eslint/no-explicit-any


/** Position in the change order: transaction id, then sequence (see migration 0002). */
export interface ChangePosition { xid: string; seq: number }

export interface ChangeEntry {
  objectTable: string;
  kind: 'row' | 'tombstone';
  uuid: string;
  schemeAgencyId: string;
  xzufiId: string;
  status: string | null;
  position: ChangePosition;
}

/**
 * Objects without a territory (a Stammtext without gueltigkeitGebietID) are valid everywhere, so
 * an area's export includes them; otherwise the territory must overlap the area.
 */
function inArea(column: unknown, arsPrefix: string | undefined): SQL {
  if (!arsPrefix) return sql`true`;
  return sql`(cardinality(${column}) = 0 OR ${arsOverlaps(column, arsPrefix)})`;
}

export { FEED_BOUND } from './feedBound';

/**
 * Changes after `after`, oldest first, across the given object tables and their tombstones. Only
 * changes of transactions older than every transaction still running in this database are
 * returned: anything later could still be overtaken by a slower commit. On a replica, `bound` is
 * one the primary named (src/db/replicas.ts).
 */
export async function changesSince(db: Db, tables: ObjectTable[], after: ChangePosition | undefined, limit: number, arsPrefix?: string, bound: SQL = FEED_BOUND): Promise<ChangeEntry[]> {
  const from = after ?? { xid: '0', seq: 0 };
  // Each part orders by its table's xid8 column (qualified): the bare name would be the text alias
  // of the select list, whose order ('1000' < '999') dropped changes where the ids gain a digit.
  const parts = tables.map((table) => {
    const t = table as AnyTable;
    return sql`(SELECT ${getTableName(table)}::text AS object_table, 'row' AS kind, uuid, scheme_agency_id, xzufi_id, status, change_xid::text AS change_xid, change_seq
      FROM ${t} WHERE (change_xid, change_seq) > (${from.xid}::xid8, ${from.seq}::bigint) AND change_xid < ${bound} AND ${inArea(t.ars, arsPrefix)}
        AND published_version IS NOT NULL
      ORDER BY ${t.changeXid}, ${t.changeSeq} LIMIT ${limit})`;
  });
  const names = tables.map((t) => getTableName(t));
  parts.push(sql`(SELECT object_table, 'tombstone' AS kind, object_uuid AS uuid, scheme_agency_id, xzufi_id, NULL AS status, change_xid::text AS change_xid, change_seq
      FROM xzufi_tombstones WHERE (change_xid, change_seq) > (${from.xid}::xid8, ${from.seq}::bigint) AND change_xid < ${bound}
        AND object_table = ANY(${sql.param(names)}::text[]) AND ${inArea(sql.raw('ars'), arsPrefix)}
      ORDER BY xzufi_tombstones.change_xid, xzufi_tombstones.change_seq LIMIT ${limit})`);
  const result = await db.execute(sql`SELECT * FROM (${sql.join(parts, sql` UNION ALL `)}) c ORDER BY change_xid::xid8, change_seq LIMIT ${limit}`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    objectTable: String(r.object_table),
    kind: r.kind as 'row' | 'tombstone',
    uuid: String(r.uuid),
    schemeAgencyId: String(r.scheme_agency_id),
    xzufiId: String(r.xzufi_id),
    status: r.status === null ? null : String(r.status),
    position: { xid: String(r.change_xid), seq: Number(r.change_seq) },
  }));
}

export function tableByName(name: string): ObjectTable {
  const table = (objectTables as Record<string, ObjectTable>)[name];
  if (!table) throw new Error(`unknown object table ${name}`);
  return table;
}

export async function rowsByUuid(db: Db, table: ObjectTable, uuids: string[]): Promise<StoredObject[]> {
  if (uuids.length === 0) return [];
  const t = table as AnyTable;
  return await db.select(rowColumns(table) as never).from(t).where(inArray(t.uuid, uuids)) as StoredObject[];
}

export interface ChunkSummary { chunk: number; count: number; lastChange: number; lastChangedAt: Date }

/**
 * Published objects grouped into fixed ranges of their insertion number (`seq / width`): a chunk
 * keeps its name as long as its objects exist, and its summary changes with any of them.
 */
export async function chunkSummaries(db: Db, table: ObjectTable, width: number, arsPrefix?: string, onlyChunk?: number): Promise<ChunkSummary[]> {
  const t = table as AnyTable;
  const range = onlyChunk === undefined ? sql`true` : sql`seq >= ${onlyChunk * width} AND seq < ${(onlyChunk + 1) * width}`;
  const result = await db.execute(sql`SELECT seq / ${width} AS chunk, count(*) AS count, max(change_seq) AS last_change, max(changed_at) AS last_changed_at
    FROM ${t} WHERE status = ${PUBLISHED} AND ${range} AND ${inArea(t.ars, arsPrefix)} GROUP BY 1 ORDER BY 1`);
  return rowsOf<Record<string, unknown>>(result).map((r) => ({
    chunk: Number(r.chunk), count: Number(r.count), lastChange: Number(r.last_change), lastChangedAt: new Date(r.last_changed_at as string),
  }));
}

const chunkWhere = (chunk: number, width: number, arsPrefix?: string) =>
  sql`t.seq >= ${chunk * width} AND t.seq < ${(chunk + 1) * width} AND t.status = ${PUBLISHED} AND ${inArea(sql.raw('t.ars'), arsPrefix)}`;

/**
 * Where each table's rows name other objects, as SQL text of space-separated ids: columns and link
 * tables that every write keeps equal to the content (type.columns, afterWrite).
 */
const REFERENCE_SLOTS: Record<string, Array<{ table: ReferencedTable; sql: string }>> = {
  leistungen: [{ table: 'kategorien', sql: "(SELECT string_agg(lk.kategorie_uuid::text, ' ') FROM leistung_kategorien lk WHERE lk.leistung_uuid = t.uuid)" }],
  spezialisierungen: [{ table: 'leistungen', sql: 't.leistung_uuid::text' }],
  organisationseinheiten: [{ table: 'organisationseinheiten', sql: 't.parent_uuid::text' }],
  onlinedienste: [{ table: 'leistungen', sql: "(SELECT string_agg(ol.leistung_uuid::text, ' ') FROM onlinedienst_leistungen ol WHERE ol.onlinedienst_uuid = t.uuid)" }],
  zustaendigkeiten: [
    { table: 'leistungen', sql: 't.leistung_uuid::text' },
    { table: 'organisationseinheiten', sql: 't.organisationseinheit_uuid::text' },
    { table: 'onlinedienste', sql: 't.onlinedienst_uuid::text' },
  ],
};

export interface RowTexts {
  /** The rows' JSON arrays (syndicationRow.ts) as one JSON array text, undecoded: an export decodes it in its worker thread. */
  json: string;
  count: number;
  /** The ids the rows name, by table. */
  references: Map<ReferencedTable, Set<string>>;
}

export interface ChunkRows {
  chunk: number;
  width: number;
  arsPrefix?: string;
  /** The referenced tables whose ids to return (default: all the table's). */
  references?: readonly ReferencedTable[];
}

/**
 * A chunk's published objects (at most `width`: the chunk is a range of insertion numbers), in
 * insertion order, as a single result row: the rows' JSON arrays aggregated into one text, and
 * what they reference as text of space-separated ids per slot. (With PGlite each result row
 * costs some microseconds to pass and decode, more than aggregating it: 60,000 Zuständigkeiten
 * are 60,000 rows otherwise.)
 */
export async function chunkRowTexts(db: Db, table: ObjectTable, b: ChunkRows): Promise<RowTexts> {
  const name = getTableName(table);
  const slots = (REFERENCE_SLOTS[name] ?? []).filter((slot) => !b.references || b.references.includes(slot.table));
  const refs = slots.map((slot, i) => `, coalesce(string_agg(${slot.sql}, ' '), '') AS k${i}`).join('');
  const result = await db.execute(sql`SELECT coalesce(json_agg(${sql.raw(rowArray(name === 'leistungen'))} ORDER BY t.seq)::text, '[]') AS r,
      count(*)::int AS n${sql.raw(refs)}
    FROM ${sql.raw(name)} t WHERE ${chunkWhere(b.chunk, b.width, b.arsPrefix)}`);
  const row = rowsOf<Record<string, string | number>>(result)[0]!;
  const references: RowTexts['references'] = new Map(slots.map((slot) => [slot.table, new Set<string>()]));
  slots.forEach((slot, i) => { for (const id of String(row[`k${i}`]).split(' ')) if (id) references.get(slot.table)!.add(id); });
  return { json: String(row.r), count: Number(row.n), references };
}

/**
 * The XZuFi identity of every Leistung, Organisationseinheit and Onlinedienst, whatever its
 * status, as one JSON text of `[uuid, schemeAgencyId, xzufiId]` arrays: a full export names most
 * of them, and looking them up per batch cost it more than reading them once.
 */
export async function identityTable(db: Db): Promise<string> {
  const parts = ['leistungen', 'organisationseinheiten', 'onlinedienste'].map((name) => `SELECT uuid, scheme_agency_id, xzufi_id FROM ${name}`);
  const result = await db.execute(sql.raw(`SELECT coalesce(json_agg(json_build_array(uuid, scheme_agency_id, xzufi_id))::text, '[]') AS r FROM (${parts.join(' UNION ALL ')}) i`));
  return String(rowsOf<{ r: string }>(result)[0]!.r);
}

/** The rows with these ids (see syndicationRow.ts), for the delta feed. */
export async function syndicationRowsByUuid(db: Db, table: ObjectTable, uuids: string[]): Promise<SyndicationRow[]> {
  if (uuids.length === 0) return [];
  const name = getTableName(table);
  const result = await db.execute(sql`SELECT ${sql.raw(rowArray(name === 'leistungen'))} AS r FROM ${sql.raw(name)} t WHERE t.uuid = ANY(${sql.param(uuids)}::uuid[])`);
  return rowsOf<{ r: unknown[] }>(result).map(({ r }) => rowOfJson(r));
}

export interface IdentRow { uuid: string; schemeAgencyId: string; xzufiId: string }

/** XZuFi identifiers of the given objects. */
export async function identsByUuid(db: Db, table: ObjectTable, uuids: string[]): Promise<Map<string, IdentRow>> {
  const unique = [...new Set(uuids)];
  if (unique.length === 0) return new Map();
  // One array parameter and one column a row: exports ask for thousands at a time.
  const rows = rowsOf<{ r: [string, string, string] }>(await db.execute(sql`SELECT json_build_array(uuid, scheme_agency_id, xzufi_id) AS r
    FROM ${sql.raw(getTableName(table))} WHERE uuid = ANY(${sql.param(unique)}::uuid[])`));
  return new Map(rows.map(({ r: [uuid, schemeAgencyId, xzufiId] }) => [uuid, { uuid, schemeAgencyId, xzufiId }]));
}

/** Database ids of objects known by XZuFi identifier; key `${schemeAgencyId}\u0000${xzufiId}`. */
export async function uuidsByIdent(db: Db, table: ObjectTable, idents: Array<{ schemeAgencyID: string; id: string }>): Promise<Map<string, string>> {
  if (idents.length === 0) return new Map();
  const t = table as AnyTable;
  const rows = await db.select({ uuid: t.uuid, schemeAgencyId: t.schemeAgencyId, xzufiId: t.xzufiId }).from(t)
    .where(sql`(${t.schemeAgencyId}, ${t.xzufiId}) IN (SELECT * FROM unnest(${sql.param(idents.map((i) => i.schemeAgencyID))}::text[], ${sql.param(idents.map((i) => i.id))}::text[]))`) as IdentRow[];
  return new Map(rows.map((r) => [`${r.schemeAgencyId}\u0000${r.xzufiId}`, r.uuid]));
}

/** A Kategorie is sent inside each Leistung: when it changes, those Leistungen change for the feed. */
export async function touchLeistungenOfKategorie(db: Db, kategorieUuid: string): Promise<void> {
  await db.update(leistungen).set({ changeSeq: sql`nextval('xzufi_change_seq')`, changeXid: sql`pg_current_xact_id()` })
    .where(inArray(leistungen.uuid, sql`(SELECT ${leistungKategorien.leistungUuid} FROM ${leistungKategorien} WHERE ${leistungKategorien.kategorieUuid} = ${kategorieUuid})`));
}

export async function kategorienByUuid(db: Db, uuids: string[]): Promise<StoredObject[]> {
  return rowsByUuid(db, kategorien, [...new Set(uuids)]);
}

/** Zuständigkeiten and Onlinedienste that serve the Leistung. */
export async function countResponsible(db: Db, leistungUuid: string): Promise<number> {
  const result = await db.execute(sql`SELECT (SELECT count(*) FROM zustaendigkeiten WHERE leistung_uuid = ${leistungUuid})
    + (SELECT count(*) FROM onlinedienst_leistungen WHERE leistung_uuid = ${leistungUuid}) AS n`);
  return Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
}

// ---------------------------------------------------------------- import jobs

export type ImportJob = typeof importJobs.$inferSelect;

export async function insertImportJob(db: Db, job: { id: string; mode: 'atomic' | 'partial'; bytes: number; createdBy: string; fileName?: string }): Promise<void> {
  await db.insert(importJobs).values({ ...job, status: 'queued' });
}

export async function updateImportJob(db: Db, id: string, set: Partial<Pick<ImportJob, 'status' | 'progress' | 'report' | 'finishedAt'>>): Promise<void> {
  await db.update(importJobs).set(set).where(eq(importJobs.id, id));
}

/** Jobs that never finished (their process ended) are marked failed, so nobody waits for them forever. */
export async function failInterruptedImportJobs(db: Db, olderThanHours: number): Promise<void> {
  await db.update(importJobs).set({ status: 'failed', finishedAt: sql`now()`, report: { error: { code: 'interrupted', message: 'The import did not finish (the instance stopped); send the message again' } } })
    .where(and(inArray(importJobs.status, ['queued', 'running']), sql`${importJobs.createdAt} < now() - ${`${olderThanHours} hours`}::interval`));
}

export async function findImportJob(db: Db, id: string): Promise<ImportJob | undefined> {
  const rows = await db.select().from(importJobs).where(eq(importJobs.id, id));
  return rows[0];
}

/** A sender's latest imports, newest first, without their reports. */
export async function listImportJobs(db: Db, createdBy: string, limit: number): Promise<Array<Omit<ImportJob, 'report'>>> {
  const { report: _report, ...columns } = getTableColumns(importJobs);
  return db.select(columns).from(importJobs).where(eq(importJobs.createdBy, createdBy)).orderBy(desc(importJobs.createdAt)).limit(limit);
}

/** XZuFi ids of the scheme that start with one of the prefixes (Zuständigkeiten an office's embedded ones became). */
export async function xzufiIdsWithPrefix(db: Db, table: ObjectTable, schemeAgencyId: string, prefixes: string[]): Promise<string[]> {
  if (prefixes.length === 0) return [];
  const t = table as AnyTable;
  const rows = await db.select({ xzufiId: t.xzufiId }).from(t)
    .where(sql`${t.schemeAgencyId} = ${schemeAgencyId} AND ${t.xzufiId} LIKE ANY(${sql.param(prefixes.map((p) => `${p.replace(/[\\%_]/g, (c) => `\\${c}`)}%`))}::text[])`) as Array<{ xzufiId: string }>;
  return rows.map((r) => r.xzufiId);
}
