/** The immutable version history of objects (object_versions). */
import { and, desc, eq, getTableName, sql } from 'drizzle-orm';
import type { Db } from './client';
import type { StoredObject } from './objectStore';
import { objectVersions, type ObjectTable } from './schema';

export type VersionRow = typeof objectVersions.$inferSelect;

/** What a saved version records: the object row after a write, or a saved working version. */
export type SavedState = Pick<StoredObject, 'uuid' | 'version' | 'schemeAgencyId' | 'xzufiId' | 'status' | 'content' | 'changedAt' | 'changedBy'>;

export async function insertVersion(db: Db, table: ObjectTable, row: SavedState, comment: string | undefined): Promise<void> {
  await db.insert(objectVersions).values({
    objectTable: getTableName(table), objectUuid: row.uuid, version: row.version, schemeAgencyId: row.schemeAgencyId,
    xzufiId: row.xzufiId, status: row.status, content: row.content, createdAt: row.changedAt, createdBy: row.changedBy, comment: comment ?? null,
  });
}

/**
 * The current state of these object rows as their versions, copied inside the database (a
 * batch of new objects: their contents need not travel to the database a second time).
 */
export async function insertVersionsOfRows(db: Db, table: ObjectTable, uuids: string[], comment: string | undefined): Promise<void> {
  if (uuids.length === 0) return;
  const name = getTableName(table);
  await db.execute(sql`INSERT INTO object_versions (object_table, object_uuid, version, scheme_agency_id, xzufi_id, status, content, created_at, created_by, comment)
    SELECT ${name}, t.uuid, t.version, t.scheme_agency_id, t.xzufi_id, t.status, t.content, t.changed_at, t.changed_by, ${comment ?? null}
    FROM ${sql.raw(name)} t WHERE t.uuid = ANY(${sql.param(uuids)}::uuid[])`);
}

/** Newest first, without contents. */
export async function listVersions(db: Db, uuid: string): Promise<Array<Omit<VersionRow, 'content'>>> {
  return db.select({
    objectTable: objectVersions.objectTable, objectUuid: objectVersions.objectUuid, version: objectVersions.version,
    schemeAgencyId: objectVersions.schemeAgencyId, xzufiId: objectVersions.xzufiId, status: objectVersions.status,
    createdAt: objectVersions.createdAt, createdBy: objectVersions.createdBy, comment: objectVersions.comment,
  }).from(objectVersions).where(eq(objectVersions.objectUuid, uuid)).orderBy(desc(objectVersions.version));
}

export async function findVersion(db: Db, uuid: string, version: number): Promise<VersionRow | undefined> {
  return (await db.select().from(objectVersions).where(and(eq(objectVersions.objectUuid, uuid), eq(objectVersions.version, version))))[0];
}
