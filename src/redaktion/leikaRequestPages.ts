/**
 * LeiKa key requests in the workspace: a Fachressort or municipality requests a key and answers
 * questions; the Landesredaktion (decide_leika) accepts with the key, asks back or rejects. The
 * rules are those of the API (src/leika-requests/service.ts).
 */
import type { Request, Response, Router } from 'express';
import { canDo, type Principal } from '../auth/policy';
import type { LeikaRequestRow } from '../db/leikaRequestStore';
import { decideLeikaRequest, leikaRequestsFor, replyToLeikaRequest, requestLeikaKey, visibleLeikaRequest } from '../leika-requests/service';
import { langOf, type Lang } from '../portal/i18n';
import { AppError, type ErrorDetail } from '../shared/errors';
import { editorMessage } from './messages';
import { langQ, type Pages } from './pages';
import { berlinTime, stringField, withQuery } from './view';

const STATUS: Record<string, [string, string]> = {
  offen: ['offen', 'open'], rueckfrage: ['Rückfrage an den Antragsteller', 'question to the requester'], angenommen: ['angenommen', 'accepted'], abgelehnt: ['abgelehnt', 'rejected'],
};
const KIND: Record<string, [string, string]> = {
  accept: ['Angenommen', 'Accepted'], reject: ['Abgelehnt', 'Rejected'], ask: ['Rückfrage', 'Question'], reply: ['Antwort', 'Answer'],
};
const DONE: Record<string, [string, string]> = {
  beantragt: ['Antrag gestellt – die Landesredaktion entscheidet darüber.', 'Request sent – the state editors will decide.'],
  accept: ['Angenommen: der Schlüssel ist vergeben.', 'Accepted: the key is assigned.'],
  ask: ['Rückfrage gestellt.', 'Question sent.'], reject: ['Abgelehnt.', 'Rejected.'], reply: ['Antwort gesendet – der Antrag ist wieder offen.', 'Answer sent – the request is open again.'],
};
const w = (words: [string, string] | undefined, lang: Lang, fallback: string) => (words ? words[lang === 'en' ? 1 : 0] : fallback);
const when = berlinTime;

function errorsOf(err: AppError, lang: Lang): { list: ErrorDetail[]; at: Record<string, string> } {
  const list = (err.details.length ? err.details : [{ path: '/', message: err.message }]).map((d) => editorMessage(d, lang));
  return { list, at: Object.fromEntries(list.map((d) => [d.path.replace(/^\//, ''), d.message])) };
}

export function registerLeikaRequestPages(router: Router, { db, send, signedIn, notFound }: Pages): void {
  const allowed = (req: Request, res: Response): Principal | undefined => {
    const actor = signedIn(req, res);
    if (!actor) return undefined;
    if (canDo(actor, 'request_leika')) return actor;
    notFound(req, res);
    return undefined;
  };
  const row = (r: LeikaRequestRow, lang: Lang) => ({
    ...r, statusLabel: w(STATUS[r.status], lang, r.status), at: when(r.createdAt, lang), url: `/redaktion/leika-antraege/${r.id}${langQ(lang)}`,
  });

  async function listPage(req: Request, res: Response, actor: Principal, extra: { errors?: ReturnType<typeof errorsOf>; values?: Record<string, string> } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const items = await leikaRequestsFor(db, actor);
    send(req, res, 'redaktion/leika-antraege', {
      heading: lang === 'en' ? 'LeiKa key requests' : 'Anträge auf LeiKa-Schlüssel', deciding: canDo(actor, 'decide_leika'),
      items: items.map((r) => row(r, lang)), values: extra.values ?? {},
      errorList: extra.errors?.list.map((e) => ({ message: e.message, anchor: `antrag-${e.path.replace(/^\//, '') || 'proposedName'}` })) ?? [], err: extra.errors?.at ?? {},
    }, status);
  }

  async function detailPage(req: Request, res: Response, actor: Principal, id: string, extra: { errors?: ReturnType<typeof errorsOf>; done?: string } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const r = await visibleLeikaRequest(db, actor, id);
    const open = r.status === 'offen' || r.status === 'rueckfrage';
    send(req, res, 'redaktion/leika-antrag', {
      heading: `${lang === 'en' ? 'LeiKa request' : 'LeiKa-Antrag'}: ${r.proposedName}`, request: row(r, lang), done: extra.done,
      messages: r.messages.map((m) => ({ ...m, kindLabel: w(KIND[m.kind], lang, m.kind), at: when(m.at, lang) })),
      canDecide: canDo(actor, 'decide_leika') && open, canReply: r.status === 'rueckfrage' && r.tenantId === actor.tenantId,
      keyPrefix: `99${r.leistungsgruppierung}`, actionUrl: `/redaktion/leika-antraege/${r.id}`,
      errorList: extra.errors?.list.map((e) => ({ message: e.message, anchor: e.path === '/leikaKey' ? 'leikaKey' : 'message' })) ?? [], err: extra.errors?.at ?? {},
    }, status);
  }

  router.get('/leika-antraege', async (req, res) => {
    const actor = allowed(req, res);
    if (actor) await listPage(req, res, actor);
  });

  router.post('/leika-antraege', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const values = { proposedName: stringField(req.body.proposedName) ?? '', leistungsgruppierung: stringField(req.body.leistungsgruppierung) ?? '', justification: stringField(req.body.justification) ?? '' };
    try {
      const created = await requestLeikaKey(db, actor, values);
      res.redirect(303, withQuery(`/redaktion/leika-antraege/${created.id}`, langOf(req.query.lang), { erledigt: 'beantragt' }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await listPage(req, res, actor, { errors: errorsOf(err, langOf(req.query.lang)), values }, err.status);
    }
  });

  router.get('/leika-antraege/:id', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    try {
      await detailPage(req, res, actor, String(req.params.id), { done: typeof req.query.erledigt === 'string' ? DONE[req.query.erledigt]?.[lang === 'en' ? 1 : 0] : undefined });
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return notFound(req, res);
      throw err;
    }
  });

  router.post('/leika-antraege/:id', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const what = String(req.body.aktion ?? '');
    try {
      if (what === 'reply') await replyToLeikaRequest(db, actor, id, { message: stringField(req.body.message) });
      else if (['accept', 'ask', 'reject'].includes(what) && canDo(actor, 'decide_leika')) {
        await decideLeikaRequest(db, actor, id, { decision: what, message: stringField(req.body.message) ?? '', leikaKey: stringField(req.body.leikaKey) });
      } else throw new AppError('validation_failed', 'Unknown action', [{ path: '/aktion', message: 'unknown action' }]);
      res.redirect(303, withQuery(`/redaktion/leika-antraege/${id}`, lang, { erledigt: what }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      if (err.status === 404) return notFound(req, res);
      await detailPage(req, res, actor, id, { errors: errorsOf(err, lang) }, err.status);
    }
  });
}
