/**
 * The workspace's webhook page (right xzufi_export): the tenant's subscriptions, a new one (URL,
 * area by name, PLZ or ARS, object classes) whose secret is shown once, removal, and the delivery
 * log of each. The rules are those of the API (src/webhooks/subscriptions.ts).
 */
import type { Request, Response, Router } from 'express';
import { canDo, pullLimit, type Principal } from '../auth/policy';
import type { AppDeps } from '../http/deps';
import { langOf, type Lang } from '../portal/i18n';
import { AppError, type ErrorDetail } from '../shared/errors';
import { deliveriesOf, subscribe, subscriptionsOf, unsubscribe } from '../webhooks/subscriptions';
import { KLASSEN } from '../xzufi/objects';
import { editorMessage } from './messages';
import { langQ, type Pages } from './pages';
import { resolvePick } from './pickers';
import { berlinTime, stringField } from './view';

const KLASSE_LABEL: Record<string, [string, string]> = {
  Leistung: ['Leistungen', 'Services'], Organisationseinheit: ['Organisationseinheiten', 'Offices'], Onlinedienst: ['Onlinedienste', 'Online services'],
  Zustaendigkeit: ['Zuständigkeiten', 'Responsibilities'], LeistungSpezialisierung: ['Spezialisierungen', 'Localisations'],
};
const DELIVERY: Record<string, [string, string]> = { pending: ['wartet', 'pending'], delivered: ['zugestellt', 'delivered'], failed: ['fehlgeschlagen', 'failed'] };
const en = (lang: Lang) => lang === 'en';
const when = berlinTime;

export function registerWebhookPages(router: Router, { db, send, signedIn, notFound }: Pages, deps: AppDeps): void {
  const allowed = (req: Request, res: Response): Principal | undefined => {
    const actor = signedIn(req, res);
    if (!actor) return undefined;
    if (canDo(actor, 'xzufi_export') && actor.tenantId) return actor;
    notFound(req, res);
    return undefined;
  };

  async function page(req: Request, res: Response, actor: Principal, extra: { errors?: ErrorDetail[]; values?: Record<string, string>; klassen?: string[]; secret?: string; done?: string } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const subs = await subscriptionsOf(db, actor);
    const shown = (extra.errors ?? []).map((e) => editorMessage(e, lang));
    const at = (path: string) => shown.find((e) => e.path === path)?.message;
    send(req, res, 'redaktion/webhooks', {
      heading: 'Webhooks', secret: extra.secret, done: extra.done, values: extra.values ?? {}, fixedArea: pullLimit(actor),
      errorList: shown.map((e) => ({ message: e.message, anchor: `webhook-${e.path.replace(/^\//, '') || 'url'}` })),
      err: { url: at('/url'), ars: at('/ars'), klassen: at('/klassen') },
      klassen: KLASSEN.map((k) => ({ value: k, label: KLASSE_LABEL[k]?.[en(lang) ? 1 : 0] ?? k, checked: extra.klassen?.includes(k) ?? false })),
      subscriptions: subs.map((s) => ({
        ...s, at: when(s.createdAt, lang), area: s.arsPrefix ?? (en(lang) ? 'everywhere' : 'überall'),
        klassenText: s.klassen.length ? s.klassen.map((k) => KLASSE_LABEL[k]?.[en(lang) ? 1 : 0] ?? k).join(', ') : (en(lang) ? 'all' : 'alle'),
        url_: `/redaktion/webhooks/${s.id}${langQ(lang)}`,
      })),
    }, status);
  }

  router.get('/webhooks', async (req, res) => {
    const actor = allowed(req, res);
    if (actor) await page(req, res, actor);
  });

  router.post('/webhooks', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const values = { url: stringField(req.body.url) ?? '', gebiet: stringField(req.body.gebiet) ?? '' };
    const klassen = ([] as string[]).concat(req.body.klassen ?? []).filter((k) => typeof k === 'string');
    try {
      let ars: string | undefined;
      if (values.gebiet) {
        const picked = await resolvePick(db, actor, 'Gebiet', values.gebiet, lang);
        if (!('value' in picked)) throw new AppError('validation_failed', 'unknown area', [{ path: '/ars', message: 'unknown ARS' }]);
        ars = picked.value;
      }
      const { subscription, secret } = await subscribe(db, actor, { url: values.url, ...(ars ? { ars } : {}), klassen }, deps.config.webhookAllowPrivate);
      await page(req, res, actor, { secret, done: en(lang) ? `Subscribed: ${subscription.url}` : `Abonniert: ${subscription.url}` });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await page(req, res, actor, { errors: err.details.length ? err.details : [{ path: '/', message: err.message }], values, klassen }, err.status);
    }
  });

  router.post('/webhooks/:id/entfernen', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    try {
      await unsubscribe(db, actor, String(req.params.id));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return notFound(req, res);
      throw err;
    }
    await page(req, res, actor, { done: en(langOf(req.query.lang)) ? 'Subscription removed.' : 'Abonnement entfernt.' });
  });

  router.get('/webhooks/:id', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    let found;
    try {
      found = await deliveriesOf(db, actor, String(req.params.id));
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return notFound(req, res);
      throw err;
    }
    send(req, res, 'redaktion/webhook', {
      heading: `Webhook: ${found.subscription.url}`, subscription: found.subscription,
      deliveries: found.deliveries.map((d) => ({
        ...d, statusLabel: DELIVERY[d.status]?.[en(lang) ? 1 : 0] ?? d.status, at: when(d.createdAt, lang), deliveredAt_: when(d.deliveredAt, lang),
        what: `${d.event.type === 'published' ? (en(lang) ? 'published' : 'veröffentlicht') : (en(lang) ? 'withdrawn' : 'zurückgezogen')}: ${KLASSE_LABEL[String(d.event.klasse)]?.[en(lang) ? 1 : 0] ?? d.event.klasse} ${d.event.xzufiId}`,
      })),
    });
  });
}
