/**
 * `/api/v1/webhooks`: a portal (or the Landesredaktion) subscribes a URL to publish/unpublish events
 * of an area and object classes; the secret for checking signatures is shown once. Each tenant sees
 * and manages only its own subscriptions and their delivery log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Router } from 'express';
import { pullLimit, type Principal } from '../auth/policy';
import { currentFeedPosition, deleteSubscription, findSubscription, insertSubscription, listDeliveries, listSubscriptions, type SubscriptionRow } from '../db/webhookStore';
import { normaliseArsPrefix } from '../gebiet/ars';
import { requireCapability } from '../http/auth';
import type { AppDeps } from '../http/deps';
import { requireJson } from '../http/middleware';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';
import { KLASSEN } from '../xzufi/objects';
import { assertPublicUrl, OutboundError } from '../outbound/request';

const present = (s: SubscriptionRow) => ({ id: s.id, url: s.url, ars: s.arsPrefix, klassen: s.klassen, active: s.active, createdAt: s.createdAt.toISOString(), createdBy: s.createdBy });

export function webhookRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const may = requireCapability('xzufi_export');

  const own = async (id: string, actor: Principal) => {
    const sub = isUuid(id) ? await findSubscription(db, id.toLowerCase()) : undefined;
    if (!sub || sub.tenantId !== actor.tenantId) throw notFound('Webhook subscription', id);
    return sub;
  };

  router.post('/', may, requireJson, async (req, res) => {
    const actor = res.locals.actor as Principal;
    if (!actor.tenantId) throw new AppError('forbidden', 'Webhooks belong to a tenant; use a token or account of one');
    const url = req.body?.url;
    if (typeof url !== 'string' || !/^https?:\/\/[^\s]+$/.test(url) || url.length > 2000) throw new AppError('validation_failed', 'url must be an http(s) URL', [{ path: '/url', message: 'must be an http(s) URL' }]);
    // Deliveries go to public addresses only (checked again at every delivery: names may change).
    try {
      await assertPublicUrl(url, deps.config.webhookAllowPrivate);
    } catch (err) {
      if (!(err instanceof OutboundError)) throw err;
      throw new AppError('validation_failed', `url cannot receive webhooks: ${err.message}`, [{ path: '/url', message: err.message }]);
    }
    let ars: string | null = null;
    if (req.body.ars !== undefined) {
      ars = normaliseArsPrefix(String(req.body.ars));
      if (!ars) throw new AppError('validation_failed', 'ars must be 1–12 digits of an ARS', [{ path: '/ars', message: 'must be 1–12 digits' }]);
    }
    const limit = pullLimit(actor);
    if (limit && !(ars ?? '').startsWith(limit)) {
      if (ars !== null) throw new AppError('forbidden', `This token may subscribe to ARS ${limit} and below only`, [{ path: '/ars', message: `must start with ${limit}` }]);
      ars = limit;
    }
    const klassen: unknown = req.body.klassen ?? [];
    if (!Array.isArray(klassen) || !klassen.every((k) => (KLASSEN as readonly unknown[]).includes(k))) {
      throw new AppError('validation_failed', `klassen must be a list of ${KLASSEN.join(', ')}`, [{ path: '/klassen', message: 'unknown class' }]);
    }
    const position = await currentFeedPosition(db);
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await insertSubscription(db, { id, tenantId: actor.tenantId, url, secret, arsPrefix: ars, klassen: klassen as string[], feedXid: position.xid, feedSeq: position.seq, createdBy: actor.id });
    res.status(201).set('Cache-Control', 'no-store').json({ ...present((await findSubscription(db, id))!), secret, note: 'The secret is shown only now; verify the X-FIM-Signature header with it.' });
  });

  router.get('/', may, async (_req, res) => {
    const actor = res.locals.actor as Principal;
    res.json({ items: actor.tenantId ? (await listSubscriptions(db, actor.tenantId)).map(present) : [] });
  });

  router.delete('/:id', may, async (req, res) => {
    const sub = await own(String(req.params.id), res.locals.actor);
    await deleteSubscription(db, sub.id);
    res.status(204).end();
  });

  router.get('/:id/deliveries', may, async (req, res) => {
    const sub = await own(String(req.params.id), res.locals.actor);
    const rows = await listDeliveries(db, sub.id, 200);
    res.json({ items: rows.map((d) => ({ id: d.id, event: d.event, status: d.status, attempts: d.attempts, lastStatus: d.lastStatus, lastError: d.lastError, createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null })) });
  });

  return router;
}
