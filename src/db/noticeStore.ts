/** Notices to tenants (master text changed under their Spezialisierung). */
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from './client';
import { notices, spezialisierungen } from './schema';

export type NoticeRow = typeof notices.$inferSelect;

/** Spezialisierungen of a Leistung with their tenant and the master version they were written against. */
export async function localisations(db: Db, leistungUuid: string): Promise<Array<{ uuid: string; tenantId: string | null; basisVersion: number | null }>> {
  const rows = await db.select({ uuid: spezialisierungen.uuid, tenantId: spezialisierungen.tenantId, content: spezialisierungen.content })
    .from(spezialisierungen).where(eq(spezialisierungen.leistungUuid, leistungUuid));
  return rows.map((r) => ({ uuid: r.uuid, tenantId: r.tenantId, basisVersion: typeof r.content.basisVersion === 'number' ? r.content.basisVersion : null }));
}

/** Opens a notice, or moves the open one of that Spezialisierung to the newer master version. */
export async function upsertOpenNotice(db: Db, n: { id: string; tenantId: string; leistungUuid: string; spezialisierungUuid: string; fromVersion: number; toVersion: number }): Promise<void> {
  await db.insert(notices).values({ ...n, kind: 'master_changed' })
    .onConflictDoUpdate({ target: notices.spezialisierungUuid, targetWhere: sql`acknowledged_at IS NULL`, set: { toVersion: n.toVersion, createdAt: sql`now()` } });
}

export async function listNotices(db: Db, tenantId: string, openOnly: boolean): Promise<NoticeRow[]> {
  return db.select().from(notices).where(and(eq(notices.tenantId, tenantId), openOnly ? isNull(notices.acknowledgedAt) : undefined)).orderBy(desc(notices.createdAt)).limit(500);
}

export async function findNotice(db: Db, id: string): Promise<NoticeRow | undefined> {
  return (await db.select().from(notices).where(eq(notices.id, id)))[0];
}

export async function acknowledgeNotice(db: Db, id: string, by: string): Promise<boolean> {
  return (await db.update(notices).set({ acknowledgedAt: sql`now()`, acknowledgedBy: by }).where(and(eq(notices.id, id), isNull(notices.acknowledgedAt))).returning({ id: notices.id })).length > 0;
}
