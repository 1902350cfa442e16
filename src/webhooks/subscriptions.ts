/**
 * Webhook subscriptions of a tenant: a URL that receives publish/unpublish events of an area and
 * object classes, signed with a secret shown once. The API (routes.ts) and the workspace
 * (src/redaktion/webhookPages.ts) both call these; each tenant sees only its own.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { pullLimit, type Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { currentFeedPosition, deleteSubscription, findSubscription, insertSubscription, listDeliveries, listSubscriptions, type DeliveryRow, type SubscriptionRow } from '../db/webhookStore';
import { normaliseArsPrefix } from '../gebiet/ars';
import { assertPublicUrl, OutboundError } from '../outbound/request';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';
import { KLASSEN } from '../xzufi/objects';

export async function ownSubscription(db: Db, actor: Principal, id: string): Promise<SubscriptionRow> {
  const sub = isUuid(id) ? await findSubscription(db, id.toLowerCase()) : undefined;
  if (!sub || sub.tenantId !== actor.tenantId) throw notFound('Webhook subscription', id);
  return sub;
}

export async function subscriptionsOf(db: Db, actor: Principal): Promise<SubscriptionRow[]> {
  return actor.tenantId ? listSubscriptions(db, actor.tenantId) : [];
}

/** Checks the request (a public URL, an area within the caller's, known classes) and stores it; the secret is returned once. */
export async function subscribe(db: Db, actor: Principal, body: { url?: unknown; ars?: unknown; klassen?: unknown }, allowPrivate: boolean): Promise<{ subscription: SubscriptionRow; secret: string }> {
  if (!actor.tenantId) throw new AppError('forbidden', 'Webhooks belong to a tenant; use a token or account of one');
  const url = body.url;
  if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url) || url.length > 2000) throw new AppError('validation_failed', 'url must be an http(s) URL', [{ path: '/url', message: 'must be an http(s) URL' }]);
  // Deliveries go to public addresses only (checked again at every delivery: names may change).
  try {
    await assertPublicUrl(url, allowPrivate);
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    throw new AppError('validation_failed', `url cannot receive webhooks: ${err.message}`, [{ path: '/url', message: err.message }]);
  }
  let ars: string | null = null;
  if (body.ars !== undefined) {
    ars = normaliseArsPrefix(String(body.ars));
    if (!ars) throw new AppError('validation_failed', 'ars must be 1–12 digits of an ARS', [{ path: '/ars', message: 'must be 1–12 digits' }]);
  }
  const limit = pullLimit(actor);
  if (limit && !(ars ?? '').startsWith(limit)) {
    if (ars !== null) throw new AppError('forbidden', `This token may subscribe to ARS ${limit} and below only`, [{ path: '/ars', message: `must start with ${limit}` }]);
    ars = limit;
  }
  const klassen: unknown = body.klassen ?? [];
  if (!Array.isArray(klassen) || !klassen.every((k) => (KLASSEN as readonly unknown[]).includes(k))) {
    throw new AppError('validation_failed', `klassen must be a list of ${KLASSEN.join(', ')}`, [{ path: '/klassen', message: 'unknown class' }]);
  }
  const position = await currentFeedPosition(db);
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  await insertSubscription(db, { id, tenantId: actor.tenantId, url, secret, arsPrefix: ars, klassen: klassen as string[], feedXid: position.xid, feedSeq: position.seq, createdBy: actor.id });
  return { subscription: (await findSubscription(db, id))!, secret };
}

export async function unsubscribe(db: Db, actor: Principal, id: string): Promise<void> {
  const sub = await ownSubscription(db, actor, id);
  await deleteSubscription(db, sub.id);
}

export async function deliveriesOf(db: Db, actor: Principal, id: string, limit = 200): Promise<{ subscription: SubscriptionRow; deliveries: DeliveryRow[] }> {
  const subscription = await ownSubscription(db, actor, id);
  return { subscription, deliveries: await listDeliveries(db, subscription.id, limit) };
}
