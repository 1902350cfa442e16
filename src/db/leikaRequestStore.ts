/** LeiKa key requests and their conversation. */
import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { leikaEintraege, leikaRequests, leistungen } from './schema';

export type LeikaRequestRow = typeof leikaRequests.$inferSelect;
type Message = LeikaRequestRow['messages'][number];

export async function insertLeikaRequest(db: Db, row: typeof leikaRequests.$inferInsert): Promise<void> {
  await db.insert(leikaRequests).values(row);
}

export async function listLeikaRequests(db: Db, tenantId?: string): Promise<LeikaRequestRow[]> {
  return db.select().from(leikaRequests).where(tenantId ? eq(leikaRequests.tenantId, tenantId) : undefined).orderBy(desc(leikaRequests.createdAt)).limit(500);
}

export async function findLeikaRequest(db: Db, id: string, forUpdate = false): Promise<LeikaRequestRow | undefined> {
  const q = db.select().from(leikaRequests).where(eq(leikaRequests.id, id));
  return (forUpdate ? await q.for('update') : await q)[0];
}

export async function updateLeikaRequest(db: Db, id: string, set: Partial<Pick<LeikaRequestRow, 'status' | 'leikaKey' | 'decidedBy'>>, message: Message): Promise<void> {
  await db.update(leikaRequests).set({ ...set, updatedAt: sql`now()`, messages: sql`${leikaRequests.messages} || ${JSON.stringify([message])}::jsonb` }).where(eq(leikaRequests.id, id));
}

/** Taken: by a Leistung here (any of its keys), an earlier request, or the bundled LeiKa catalogue. */
export async function leikaKeyTaken(db: Db, key: string): Promise<boolean> {
  const [l, r, c] = await Promise.all([
    db.select({ uuid: leistungen.uuid }).from(leistungen).where(sql`${key} = ANY(${leistungen.leikaKeys})`).limit(1),
    db.select({ id: leikaRequests.id }).from(leikaRequests).where(eq(leikaRequests.leikaKey, key)).limit(1),
    db.select({ key: leikaEintraege.key }).from(leikaEintraege).where(eq(leikaEintraege.key, key)).limit(1),
  ]);
  return l.length > 0 || r.length > 0 || c.length > 0;
}
