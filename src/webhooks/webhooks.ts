/**
 * Webhooks for portals. The dispatcher job reads each subscription's part of the delta feed
 * (its area and object classes) and turns every `schreibe` into a `published` and every `loesche`
 * into an `unpublished` event — one delivery row and one delivery job per event, written in the
 * same transaction that moves the subscription's feed position, so no event is lost or doubled.
 * Deliveries are signed JSON POSTs (HMAC-SHA256 over timestamp and body) retried with backoff.
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { enqueueJob } from '../db/jobStore';
import { findDelivery, findSubscription, insertDelivery, listSubscriptions, lockSubscription, moveSubscriptionFeed, recordAttempt } from '../db/webhookStore';
import { PermanentJobError, type JobHandler } from '../jobs/runner';
import { OutboundError, outboundRequest } from '../outbound/request';
import { changePage } from '../syndication/export';

export const DISPATCH = 'webhooks.dispatch';
export const DELIVER = 'webhooks.deliver';
export const SIGNATURE_HEADER = 'X-FIM-Signature';
const PAGE = 200;
const DISPATCH_EVERY_MS = 10_000;
const TIMEOUT_MS = 10_000;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`; receivers reject old timestamps (replay). */
export function sign(secret: string, body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** Checks a signature as a receiver would; `toleranceSeconds` bounds replays. */
export function verifySignature(secret: string, body: string, header: string, toleranceSeconds = 300, now = Math.floor(Date.now() / 1000)): boolean {
  const m = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!m) return false;
  const t = Number(m[1]);
  if (Math.abs(now - t) > toleranceSeconds) return false;
  return sign(secret, body, t) === header;
}

async function dispatchSubscription(database: Database, id: string): Promise<{ events: number; complete: boolean }> {
  return database.db.transaction(async (tx) => {
    const sub = await lockSubscription(tx, id);
    if (!sub) return { events: 0, complete: true };
    const page = await changePage(tx, { xid: sub.feedXid, seq: sub.feedSeq }, PAGE, sub.arsPrefix ?? undefined);
    let events = 0;
    for (const item of page.items) {
      const klasse = item.op === 'schreibe' ? item.object.klasse : item.loesche.klasse;
      if (sub.klassen.length > 0 && !sub.klassen.includes(klasse)) continue;
      const ident = item.op === 'schreibe' ? item.object.id : item.loesche.id;
      const deliveryId = randomUUID();
      const event = {
        id: deliveryId,
        type: item.op === 'schreibe' ? 'published' : 'unpublished',
        klasse,
        schemeAgencyID: ident.schemeAgencyID,
        xzufiId: ident.id,
        version: item.op === 'schreibe' ? item.object.versionsinformation?.version ?? null : null,
        occurredAt: item.op === 'schreibe' ? item.object.versionsinformation?.geaendertDatumZeit ?? null : new Date().toISOString(),
      };
      await insertDelivery(tx, { id: deliveryId, subscriptionId: sub.id, event });
      await enqueueJob(tx, { kind: DELIVER, payload: { delivery: deliveryId }, maxAttempts: 8 });
      events++;
    }
    if (page.next) await moveSubscriptionFeed(tx, sub.id, page.next.xid, page.next.seq);
    return { events, complete: page.complete };
  });
}

/** One round over all active subscriptions; returns the number of events created. */
export async function dispatchWebhooks(database: Database): Promise<number> {
  let total = 0;
  for (const sub of (await listSubscriptions(database.db)).filter((s) => s.active)) {
    for (;;) {
      const { events, complete } = await dispatchSubscription(database, sub.id);
      total += events;
      if (complete) break;
    }
  }
  return total;
}

export const dispatchHandler: JobHandler = async (_job, { database }) => {
  await dispatchWebhooks(database);
  await scheduleDispatch(database, new Date(Date.now() + DISPATCH_EVERY_MS));
};

export async function scheduleDispatch(database: Database, at = new Date()): Promise<void> {
  await enqueueJob(database.db, { kind: DISPATCH, runAt: at, uniqueKey: DISPATCH, maxAttempts: 3 });
}

/**
 * Delivers one event through the outbound rules (src/outbound/request.ts): public addresses only
 * (unless allowed), no redirects, a bounded time. The log records the receiver's status or a
 * coarse reason, never what a closed or open port answered on the inside.
 */
export function deliverHandler(opts: { allowPrivate: boolean }): JobHandler {
  return async (job, { database }) => {
    const delivery = await findDelivery(database.db, String(job.payload.delivery));
    if (!delivery || delivery.status !== 'pending') return;
    const sub = await findSubscription(database.db, delivery.subscriptionId);
    if (!sub || !sub.active) return;
    const body = JSON.stringify(delivery.event);
    const last = job.attempts >= job.maxAttempts;
    let status: number | undefined;
    try {
      const res = await outboundRequest(sub.url, {
        method: 'POST', body, timeoutMs: TIMEOUT_MS, readBody: false, allowPrivate: opts.allowPrivate,
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER.toLowerCase()]: sign(sub.secret, body), 'user-agent': 'fim-redaktion-webhooks' },
      });
      status = res.status;
      if (status < 200 || status >= 300) throw new Error(`receiver answered ${status}`);
    } catch (err) {
      const message = err instanceof OutboundError ? err.message : err instanceof Error ? err.message : String(err);
      await recordAttempt(database.db, delivery.id, { delivered: false, failed: last || (err instanceof OutboundError && err.code === 'refused_address'), status, error: message });
      if (err instanceof OutboundError && err.code === 'refused_address') throw new PermanentJobError(message);
      throw err;
    }
    await recordAttempt(database.db, delivery.id, { delivered: true, failed: false, status });
  };
}

export function webhookHandlers(opts: { allowPrivate: boolean }): Record<string, JobHandler> {
  return { [DISPATCH]: dispatchHandler, [DELIVER]: deliverHandler(opts) };
}
