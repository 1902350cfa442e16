/**
 * `/api/v1/webhooks`: a portal (or the Landesredaktion) subscribes a URL to publish/unpublish events
 * of an area and object classes; the secret for checking signatures is shown once. Each tenant sees
 * and manages only its own subscriptions and their delivery log (subscriptions.ts).
 */
import { Router } from 'express';
import type { SubscriptionRow } from '../db/webhookStore';
import { requireCapability } from '../http/auth';
import type { AppDeps } from '../http/deps';
import { requireJson } from '../http/middleware';
import { deliveriesOf, subscribe, subscriptionsOf, unsubscribe } from './subscriptions';

const present = (s: SubscriptionRow) => ({ id: s.id, url: s.url, ars: s.arsPrefix, klassen: s.klassen, active: s.active, createdAt: s.createdAt.toISOString(), createdBy: s.createdBy });

export function webhookRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const may = requireCapability('xzufi_export');

  router.post('/', may, requireJson, async (req, res) => {
    const { subscription, secret } = await subscribe(db, res.locals.actor, req.body ?? {}, deps.config.webhookAllowPrivate);
    res.status(201).set('Cache-Control', 'no-store').json({ ...present(subscription), secret, note: 'The secret is shown only now; verify the X-FIM-Signature header with it.' });
  });

  router.get('/', may, async (_req, res) => {
    res.json({ items: (await subscriptionsOf(db, res.locals.actor)).map(present) });
  });

  router.delete('/:id', may, async (req, res) => {
    await unsubscribe(db, res.locals.actor, String(req.params.id));
    res.status(204).end();
  });

  router.get('/:id/deliveries', may, async (req, res) => {
    const { deliveries } = await deliveriesOf(db, res.locals.actor, String(req.params.id));
    res.json({ items: deliveries.map((d) => ({ id: d.id, event: d.event, status: d.status, attempts: d.attempts, lastStatus: d.lastStatus, lastError: d.lastError, createdAt: d.createdAt.toISOString(), deliveredAt: d.deliveredAt?.toISOString() ?? null })) });
  });

  return router;
}
