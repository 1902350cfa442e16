/**
 * Generic persistence for the XZuFi object tables (they share one envelope of columns, see schema.ts).
 * Functions take the database or a transaction as first argument and return plain rows.
 */
import { and, asc, desc, eq, getTableColumns, getTableName, gt, sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { insertJsonRows } from './jsonRows';
import { objectDrafts, tombstones, type Freigabe, type ObjectTable, type WorkflowStatus } from './schema';

/** The status of content that portals, feeds and the public API may see. */
export const PUBLISHED = 'veroeffentlicht';

export type StoredObject = ObjectTable['$inferSelect'] & Record<string, unknown>;

export interface ObjectWrite {
  /** Set on insert to give the object a known id; the database generates one otherwise. */
  uuid?: string;
  schemeAgencyId: string;
  xzufiId: string;
  tenantId: string | null;
  content: Record<string, unknown>;
  /** Absent where a trigger computes the vector. */
  searchText?: string;
  ars: string[];
  actor: string;
  /** Values of the type's own columns (leikaKey, parentUuid …), by Drizzle property name. */
  columns: Record<string, unknown>;
  /** `veroeffentlicht` makes this version the live one (published_version, _at, _by). */
  status: WorkflowStatus;
  /** On update: the version number to give the row (a published draft keeps its number); default +1. */
  version?: number;
  freigabe?: Freigabe | null;
}

/** The German search vector, or an empty one for the database's trigger to fill (Leistungen). */
const searchVector = (w: ObjectWrite): SQL => (w.searchText === undefined ? sql`''::tsvector` : sql`to_tsvector('german', ${w.searchText})`);

/** Columns recording that the written version is live, or nothing for a working version. */
function publication(w: ObjectWrite, version: SQL | number): Record<string, unknown> {
  if (w.status !== PUBLISHED) return { freigabe: w.freigabe ?? null };
  return { publishedVersion: version, publishedAt: sql`now()`, publishedBy: w.actor, freigabe: w.freigabe ?? null };
}

export interface ListQuery {
  afterSeq?: number;
  limit: number;
  /** Canonical ARS prefix; matches objects whose territory overlaps it. */
  arsPrefix?: string;
  /** Words to find in the object's German search vector (prefix match per word). */
  q?: string;
  where?: SQL[];
  /** `changed`: last changed first, paged by `afterChanged` (creation order by `afterSeq` otherwise). */
  order?: 'created' | 'changed';
  afterChanged?: { at: Date; seq: number };
}

// Drizzle's builders are typed per table; the object tables share their envelope, so one loose view
// of them serves all (the type-specific columns come in as `columns`).
type AnyTable = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Every column but the search vectors: reads never need them, and they are as large as the
 * texts (reading them doubled the bytes per row of exports, feeds and API reads).
 */
export function rowColumns(table: ObjectTable): Record<string, unknown> {
  return Object.fromEntries(Object.entries(getTableColumns(table)).filter(([key]) => key !== 'search'));
}

export async function getObject(db: Db, table: ObjectTable, uuid: string, opts: { forUpdate?: boolean } = {}): Promise<StoredObject | undefined> {
  const t = table as AnyTable;
  const query = db.select(rowColumns(table) as never).from(t).where(eq(t.uuid, uuid));
  const rows = opts.forUpdate ? await query.for('update') : await query;
  return rows[0] as StoredObject | undefined;
}

export async function findObjectByXzufiId(db: Db, table: ObjectTable, schemeAgencyId: string, xzufiId: string): Promise<StoredObject | undefined> {
  const t = table as AnyTable;
  const rows = await db.select(rowColumns(table) as never).from(t).where(and(eq(t.schemeAgencyId, schemeAgencyId), eq(t.xzufiId, xzufiId)));
  return rows[0] as StoredObject | undefined;
}

/** Several objects by uuid (for naming related objects in lists). */
export async function objectsByUuids(db: Db, table: ObjectTable, uuids: string[]): Promise<Map<string, StoredObject>> {
  if (uuids.length === 0) return new Map();
  const t = table as AnyTable;
  const rows = await db.select(rowColumns(table) as never).from(t).where(sql`${t.uuid} = ANY(${sql.param([...new Set(uuids)])}::uuid[])`);
  return new Map((rows as StoredObject[]).map((r) => [r.uuid, r]));
}

export async function existingUuids(db: Db, table: ObjectTable, uuids: string[]): Promise<Set<string>> {
  if (uuids.length === 0) return new Set();
  const t = table as AnyTable;
  const rows = await db.select({ uuid: t.uuid }).from(t).where(sql`${t.uuid} = ANY(${sql.param(uuids)}::uuid[])`);
  return new Set(rows.map((r: { uuid: string }) => r.uuid));
}

export async function insertObject(db: Db, table: ObjectTable, w: ObjectWrite): Promise<StoredObject> {
  return (await insertObjects(db, table, [w]))[0]!;
}

/**
 * New rows in one statement (imports write hundreds at a time); returned in the order given.
 * `sentContent`: the returned rows carry the content as sent, not as the database read it back
 * (a batch of Leistungen is megabytes of JSON; an import needs no second copy of it).
 */
export async function insertObjects(db: Db, table: ObjectTable, writes: ObjectWrite[], opts: { sentContent?: boolean } = {}): Promise<StoredObject[]> {
  if (writes.length === 0) return [];
  const returning = opts.sentContent ? Object.fromEntries(Object.entries(rowColumns(table)).filter(([key]) => key !== 'content')) : rowColumns(table);
  const uuids = writes.map((w) => w.uuid ?? crypto.randomUUID());
  const rows = await insertJsonRows(db, table, writes.map((w, i) => {
    const published = w.status === PUBLISHED;
    return {
      ...w.columns,
      uuid: uuids[i],
      schemeAgencyId: w.schemeAgencyId,
      xzufiId: w.xzufiId,
      tenantId: w.tenantId,
      content: w.content,
      searchText: w.searchText,
      ars: w.ars,
      status: w.status,
      publishedVersion: published ? 1 : null,
      publishedBy: published ? w.actor : null,
      freigabe: w.freigabe ?? null,
      statusComment: null,
      createdBy: w.actor,
      changedBy: w.actor,
    };
  }), {
    computed: {
      // The German search vector, or an empty one for the database's trigger to fill (Leistungen).
      search: sql`coalesce(to_tsvector('german', e->>'searchText'), ''::tsvector)`,
      publishedAt: sql`CASE WHEN e->>'status' = ${PUBLISHED} THEN now() END`,
    },
    returning,
  }) as StoredObject[];
  // Rows come back in the order of the rows sent in practice; matched by id all the same.
  const byUuid = new Map(rows.map((r) => [r.uuid, r]));
  const inOrder = uuids.map((uuid) => byUuid.get(uuid)!);
  if (opts.sentContent) inOrder.forEach((r, i) => { r.content = writes[i]!.content; });
  return inOrder;
}

/** Writes a new version if the stored one still has `expectedVersion`; returns undefined otherwise. */
export async function updateObject(db: Db, table: ObjectTable, uuid: string, expectedVersion: number, w: ObjectWrite): Promise<StoredObject | undefined> {
  const t = table as AnyTable;
  const version = w.version ?? sql`${t.version} + 1`;
  const rows = await db.update(t).set({
    ...w.columns,
    schemeAgencyId: w.schemeAgencyId,
    xzufiId: w.xzufiId,
    content: w.content,
    search: searchVector(w),
    ars: w.ars,
    changeSeq: sql`nextval('xzufi_change_seq')`,
    changeXid: sql`pg_current_xact_id()`,
    version,
    status: w.status,
    ...publication(w, version),
    statusComment: null,
    changedAt: sql`now()`,
    changedBy: w.actor,
  }).where(and(eq(t.uuid, uuid), eq(t.version, expectedVersion))).returning(rowColumns(table) as never);
  return (rows as StoredObject[])[0];
}

/**
 * Deletes the object with its working version and, if portals ever received it, leaves a
 * tombstone for the delta feed (in the caller's transaction).
 */
export async function deleteObject(db: Db, table: ObjectTable, uuid: string, actor: string): Promise<boolean> {
  const t = table as AnyTable;
  const rows = await db.delete(t).where(eq(t.uuid, uuid)).returning(rowColumns(table) as never) as StoredObject[];
  if (rows.length === 0) return false;
  await db.delete(objectDrafts).where(eq(objectDrafts.objectUuid, uuid));
  if (rows[0]!.publishedVersion !== null) await insertTombstone(db, table, rows[0]!, 'deleted', actor);
  return true;
}

/**
 * Records that the object as it was (id, territory) is gone: deleted, or replaced under another id
 * ('renamed') or another territory ('moved'), which a portal must hear about as `loesche`.
 */
export async function insertTombstone(db: Db, table: ObjectTable, row: Pick<StoredObject, 'uuid' | 'schemeAgencyId' | 'xzufiId' | 'ars'>, reason: 'deleted' | 'moved' | 'renamed', actor: string): Promise<void> {
  await db.insert(tombstones).values({
    objectTable: getTableName(table),
    objectUuid: row.uuid,
    schemeAgencyId: row.schemeAgencyId,
    xzufiId: row.xzufiId,
    ars: row.ars,
    reason,
    deletedBy: actor,
  });
}

/** Turns user words into a prefix tsquery (`hund steu` → `hund:* & steu:*`); null if no words remain. */
export function prefixTsQuery(q: string): string | null {
  const words = q.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 10).map((w) => `${w}:*`).join(' & ');
}

function listWhere(t: AnyTable, query: ListQuery): SQL[] {
  const where: SQL[] = [...(query.where ?? [])];
  if (query.afterSeq !== undefined) where.push(gt(t.seq, query.afterSeq));
  if (query.arsPrefix) where.push(arsOverlaps(t.ars, query.arsPrefix));
  if (query.q) {
    const tsq = prefixTsQuery(query.q);
    if (tsq) where.push(sql`${t.search} @@ to_tsquery('german', ${tsq})`);
  }
  return where;
}

/** A listed row whose content is the database's JSON text (`contentJson`), not parsed. */
export type ListedJsonRow = Omit<ObjectTable['$inferSelect'], 'content'> & Record<string, unknown> & { contentJson: string };

/**
 * listObjects in creation order, the content as JSON text: for responses that send it on as it
 * is (src/shared/presenter.ts presentObjectJson) — parsing it only to write it again was a third
 * of a list's time.
 */
export async function listObjectsJson(db: Db, table: ObjectTable, query: Omit<ListQuery, 'order' | 'afterChanged'>): Promise<ListedJsonRow[]> {
  const t = table as AnyTable;
  const { content: _content, ...columns } = rowColumns(table);
  const rows = await db.select({ ...columns, contentJson: sql<string>`${t.content}::text` } as never)
    .from(t).where(and(...listWhere(t, query))).orderBy(asc(t.seq)).limit(query.limit);
  return rows as ListedJsonRow[];
}

export async function listObjects(db: Db, table: ObjectTable, query: ListQuery): Promise<StoredObject[]> {
  const t = table as AnyTable;
  const where = listWhere(t, query);
  if (query.order === 'changed') {
    // The working version's change counts (a draft of a published object lives in object_drafts).
    const changed = sql`coalesce((SELECT d.changed_at FROM ${objectDrafts} d WHERE d.object_uuid = ${t.uuid}), ${t.changedAt})`;
    if (query.afterChanged) where.push(sql`(${changed}, ${t.seq}) < (${query.afterChanged.at.toISOString()}::timestamptz, ${query.afterChanged.seq})`);
    return await db.select({ ...(rowColumns(table) as Record<string, unknown>), sortChanged: sql<Date>`${changed}`.mapWith((v) => new Date(v as string)) } as never)
      .from(t).where(and(...where)).orderBy(sql`${changed} DESC`, desc(t.seq)).limit(query.limit) as StoredObject[];
  }
  const rows = await db.select(rowColumns(table) as never).from(t).where(and(...where)).orderBy(asc(t.seq)).limit(query.limit);
  return rows as StoredObject[];
}

/** Some canonical ARS in the array lies inside the prefix's territory, or contains it. */
export function arsOverlaps(column: unknown, prefix: string): SQL {
  return sql`EXISTS (SELECT 1 FROM unnest(${column}) AS a(key) WHERE a.key LIKE ${prefix + '%'} OR ${prefix} LIKE a.key || '%')`;
}

/** Rows of a raw `db.execute` result (both drivers answer with `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Postgres error code of err or of an error it wraps (Drizzle wraps driver errors). */
export function pgError(err: unknown): { code: string; table?: string; constraint?: string; detail?: string } | undefined {
  let current: unknown = err;
  for (let depth = 0; current && depth < 5; depth++) {
    const e = current as { code?: unknown; table?: string; constraint?: string; detail?: string; cause?: unknown };
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return { code: e.code, table: e.table, constraint: e.constraint, detail: e.detail };
    current = e.cause;
  }
  return undefined;
}

/** Uuids of all ancestors of `uuid` along `parent_uuid` (for hierarchies: OE, Kategorie). */
export async function ancestorUuids(db: Db, table: ObjectTable, uuid: string): Promise<string[]> {
  const t = table as AnyTable;
  const result = await db.execute(sql`
    WITH RECURSIVE up(uuid, depth) AS (
      SELECT parent_uuid, 1 FROM ${t} WHERE uuid = ${uuid} AND parent_uuid IS NOT NULL
      UNION ALL
      SELECT p.parent_uuid, up.depth + 1 FROM ${t} p JOIN up ON p.uuid = up.uuid
      WHERE p.parent_uuid IS NOT NULL AND up.depth < 1000
    ) SELECT uuid FROM up`);
  return rowsOf<{ uuid: string }>(result).map((r) => r.uuid);
}

export interface StatusChange {
  /** Publishing: the row's version becomes the live one. */
  publish?: boolean;
  freigabe?: Freigabe | null;
  statusComment?: string | null;
}

/** Sets the workflow status of the row; the change goes into the delta feed like any other write. */
export async function setStatus(db: Db, table: ObjectTable, uuid: string, status: WorkflowStatus, actor: string, change: StatusChange = {}): Promise<StoredObject | undefined> {
  const t = table as AnyTable;
  const rows = await db.update(t).set({
    status,
    ...(change.publish ? { publishedVersion: sql`${t.version}`, publishedAt: sql`now()`, publishedBy: actor } : {}),
    ...(change.freigabe !== undefined ? { freigabe: change.freigabe } : {}),
    ...(change.statusComment !== undefined ? { statusComment: change.statusComment } : {}),
    changeSeq: sql`nextval('xzufi_change_seq')`,
    changeXid: sql`pg_current_xact_id()`,
    changedAt: sql`now()`,
    changedBy: actor,
  }).where(eq(t.uuid, uuid)).returning(rowColumns(table) as never);
  return (rows as StoredObject[])[0];
}
