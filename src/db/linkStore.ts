/** Link checker state: where URLs are used, and what the last check found. */
import { asc, eq, gt, getTableName, inArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowColumns, rowsOf, type StoredObject } from './objectStore';
import { linkChecks, linkUses, type ObjectTable } from './schema';

type AnyTable = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Objects of a table in insertion order, a batch after `afterSeq`. */
export async function objectBatch(db: Db, table: ObjectTable, afterSeq: number, limit: number): Promise<StoredObject[]> {
  const t = table as AnyTable;
  return await db.select(rowColumns(table) as never).from(t).where(gt(t.seq, afterSeq)).orderBy(asc(t.seq)).limit(limit) as StoredObject[];
}

export async function replaceLinkUses(db: Db, table: ObjectTable, uuids: string[], uses: Array<{ url: string; objectUuid: string; path: string }>): Promise<void> {
  if (uuids.length > 0) await db.delete(linkUses).where(inArray(linkUses.objectUuid, uuids));
  if (uses.length > 0) await db.insert(linkUses).values(uses.map((u) => ({ ...u, objectTable: getTableName(table) }))).onConflictDoNothing();
}

/** Drops uses of objects that no longer exist. */
export async function pruneLinkUses(db: Db): Promise<void> {
  await db.execute(sql`DELETE FROM link_uses u WHERE NOT EXISTS (
    SELECT 1 FROM leistungen WHERE uuid = u.object_uuid UNION ALL SELECT 1 FROM spezialisierungen WHERE uuid = u.object_uuid
    UNION ALL SELECT 1 FROM organisationseinheiten WHERE uuid = u.object_uuid UNION ALL SELECT 1 FROM onlinedienste WHERE uuid = u.object_uuid)`);
}

/** URLs in use that were never checked or not since `olderThanMs`. */
export async function urlsDue(db: Db, olderThanMs: number, limit: number): Promise<string[]> {
  const result = await db.execute(sql`SELECT DISTINCT u.url FROM link_uses u LEFT JOIN link_checks c ON c.url = u.url
    WHERE c.url IS NULL OR c.checked_at < now() - ${`${olderThanMs} milliseconds`}::interval ORDER BY u.url LIMIT ${limit}`);
  return rowsOf<{ url: string }>(result).map((r) => r.url);
}

export async function recordCheck(db: Db, url: string, ok: boolean, httpStatus: number | null, error: string | null): Promise<void> {
  await db.insert(linkChecks).values({ url, status: ok ? 'ok' : 'broken', httpStatus, error, brokenSince: ok ? null : sql`now()` })
    .onConflictDoUpdate({
      target: linkChecks.url,
      set: {
        status: ok ? 'ok' : 'broken', httpStatus, error, checkedAt: sql`now()`,
        brokenSince: ok ? null : sql`coalesce(${linkChecks.brokenSince}, now())`,
      },
    });
}

export interface BrokenLink { url: string; httpStatus: number | null; error: string | null; checkedAt: Date; brokenSince: Date | null; objectTable: string; objectUuid: string; path: string }

/** Broken links with the objects that use them (filtering by who may see them is the caller's). */
export async function brokenLinks(db: Db): Promise<BrokenLink[]> {
  return db.select({
    url: linkChecks.url, httpStatus: linkChecks.httpStatus, error: linkChecks.error, checkedAt: linkChecks.checkedAt, brokenSince: linkChecks.brokenSince,
    objectTable: linkUses.objectTable, objectUuid: linkUses.objectUuid, path: linkUses.path,
  }).from(linkChecks).innerJoin(linkUses, eq(linkUses.url, linkChecks.url))
    .where(eq(linkChecks.status, 'broken'))
    .orderBy(linkChecks.url, linkUses.path);
}
