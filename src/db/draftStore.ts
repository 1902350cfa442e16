/**
 * Working versions of published objects (object_drafts) and the log of status changes
 * (object_transitions), see migration 0010.
 */
import { desc, eq, getTableName, inArray, sql } from 'drizzle-orm';
import type { Db } from './client';
import { insertJsonRows } from './jsonRows';
import { objectDrafts, objectTransitions, type Freigabe, type ObjectTable } from './schema';

export type DraftRow = typeof objectDrafts.$inferSelect;
export type TransitionRow = typeof objectTransitions.$inferSelect;

export async function getDraft(db: Db, uuid: string, opts: { forUpdate?: boolean } = {}): Promise<DraftRow | undefined> {
  const query = db.select().from(objectDrafts).where(eq(objectDrafts.objectUuid, uuid));
  return (opts.forUpdate ? await query.for('update') : await query)[0];
}

export async function draftsByUuid(db: Db, uuids: string[]): Promise<Map<string, DraftRow>> {
  if (uuids.length === 0) return new Map();
  const rows = await db.select().from(objectDrafts).where(inArray(objectDrafts.objectUuid, uuids));
  return new Map(rows.map((r) => [r.objectUuid, r]));
}

export interface DraftWrite {
  uuid: string;
  version: number;
  baseVersion: number;
  schemeAgencyId: string;
  xzufiId: string;
  content: Record<string, unknown>;
  actor: string;
}

/** Saves the working version; a new save is a new draft again (an earlier approval no longer applies). */
export async function saveDraft(db: Db, table: ObjectTable, w: DraftWrite): Promise<DraftRow> {
  const values = {
    version: w.version, baseVersion: w.baseVersion, status: 'entwurf' as const, schemeAgencyId: w.schemeAgencyId, xzufiId: w.xzufiId,
    content: w.content, freigabe: null, statusComment: null, changedAt: sql`now()`, changedBy: w.actor,
  };
  const rows = await db.insert(objectDrafts).values({ ...values, objectUuid: w.uuid, objectTable: getTableName(table), createdBy: w.actor })
    .onConflictDoUpdate({ target: objectDrafts.objectUuid, set: values }).returning();
  return rows[0]!;
}

export async function setDraftStatus(db: Db, uuid: string, status: DraftRow['status'], actor: string, extra: { freigabe?: Freigabe | null; statusComment?: string | null } = {}): Promise<DraftRow> {
  const rows = await db.update(objectDrafts).set({ status, changedAt: sql`now()`, changedBy: actor, ...extra })
    .where(eq(objectDrafts.objectUuid, uuid)).returning();
  return rows[0]!;
}

export async function deleteDraft(db: Db, uuid: string): Promise<void> {
  await db.delete(objectDrafts).where(eq(objectDrafts.objectUuid, uuid));
}

export async function insertTransition(db: Db, row: typeof objectTransitions.$inferInsert): Promise<void> {
  await insertTransitions(db, [row]);
}

export async function insertTransitions(db: Db, rows: Array<typeof objectTransitions.$inferInsert>): Promise<void> {
  await insertJsonRows(db, objectTransitions, rows);
}

/** Newest first. */
export async function listTransitions(db: Db, uuid: string): Promise<TransitionRow[]> {
  return db.select().from(objectTransitions).where(eq(objectTransitions.objectUuid, uuid)).orderBy(desc(objectTransitions.id));
}
