/** Webhook subscriptions and their delivery log. */
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db } from './client';
import { rowsOf } from './objectStore';
import { webhookDeliveries, webhookSubscriptions } from './schema';

export type SubscriptionRow = typeof webhookSubscriptions.$inferSelect;
export type DeliveryRow = typeof webhookDeliveries.$inferSelect;

/** The feed position that is current now: a new subscription hears of changes from here on. */
export async function currentFeedPosition(db: Db): Promise<{ xid: string; seq: number }> {
  const result = await db.execute(sql`SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xid`);
  return { xid: String(rowsOf<{ xid: string }>(result)[0]!.xid), seq: 0 };
}

export async function insertSubscription(db: Db, row: typeof webhookSubscriptions.$inferInsert): Promise<void> {
  await db.insert(webhookSubscriptions).values(row);
}

export async function listSubscriptions(db: Db, tenantId?: string): Promise<SubscriptionRow[]> {
  return db.select().from(webhookSubscriptions).where(tenantId ? eq(webhookSubscriptions.tenantId, tenantId) : undefined).orderBy(webhookSubscriptions.createdAt);
}

export async function findSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return (await db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id)))[0];
}

/** Locks the subscription for the dispatcher (another instance dispatching it skips it). */
export async function lockSubscription(db: Db, id: string): Promise<SubscriptionRow | undefined> {
  return (await db.select().from(webhookSubscriptions).where(and(eq(webhookSubscriptions.id, id), eq(webhookSubscriptions.active, true))).for('update', { skipLocked: true }))[0];
}

export async function moveSubscriptionFeed(db: Db, id: string, xid: string, seq: number): Promise<void> {
  await db.update(webhookSubscriptions).set({ feedXid: xid, feedSeq: seq }).where(eq(webhookSubscriptions.id, id));
}

export async function deleteSubscription(db: Db, id: string): Promise<void> {
  await db.delete(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
}

export async function insertDelivery(db: Db, row: typeof webhookDeliveries.$inferInsert): Promise<void> {
  await db.insert(webhookDeliveries).values(row);
}

export async function findDelivery(db: Db, id: string): Promise<DeliveryRow | undefined> {
  return (await db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0];
}

export async function recordAttempt(db: Db, id: string, outcome: { delivered: boolean; failed: boolean; status?: number; error?: string }): Promise<void> {
  await db.update(webhookDeliveries).set({
    attempts: sql`${webhookDeliveries.attempts} + 1`,
    status: outcome.delivered ? 'delivered' : outcome.failed ? 'failed' : 'pending',
    lastStatus: outcome.status ?? null,
    lastError: outcome.error?.slice(0, 1000) ?? null,
    deliveredAt: outcome.delivered ? sql`now()` : null,
  }).where(eq(webhookDeliveries.id, id));
}

export async function listDeliveries(db: Db, subscriptionId: string, limit: number): Promise<DeliveryRow[]> {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.subscriptionId, subscriptionId)).orderBy(desc(webhookDeliveries.createdAt)).limit(limit);
}
