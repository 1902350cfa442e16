/**
 * `/api/v1/leika-requests`: a Fachressort or a municipality requests a new LeiKa key (proposed
 * name, Leistungsgruppierung, justification); the Landesredaktion accepts (recording the key),
 * rejects, or asks back; the requester answers a question and sees the status.
 */
import { randomUUID } from 'node:crypto';
import { Router } from 'express';
import { canDo, type Principal } from '../auth/policy';
import { findLeikaRequest, insertLeikaRequest, leikaKeyTaken, listLeikaRequests, updateLeikaRequest, type LeikaRequestRow } from '../db/leikaRequestStore';
import { requireCapability } from '../http/auth';
import type { AppDeps } from '../http/deps';
import { requireJson } from '../http/middleware';
import { isLeikaProblem, parseLeikaKey } from '../leistung/leika';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';

const present = (r: LeikaRequestRow) => ({
  id: r.id, tenant: r.tenantId, requestedBy: r.requestedBy, proposedName: r.proposedName, leistungsgruppierung: r.leistungsgruppierung,
  justification: r.justification, status: r.status, leikaKey: r.leikaKey, messages: r.messages,
  createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), decidedBy: r.decidedBy,
});

function text(body: unknown, name: string, max: number): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new AppError('validation_failed', `${name} is required (at most ${max} characters)`, [{ path: `/${name}`, message: 'is required' }]);
  return v.trim();
}

export function leikaRequestRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;

  /** The requester's tenant sees its requests; deciders see all. */
  const visible = async (id: string, actor: Principal) => {
    const r = isUuid(id) ? await findLeikaRequest(db, id.toLowerCase()) : undefined;
    if (!r || (r.tenantId !== actor.tenantId && !canDo(actor, 'decide_leika'))) throw notFound('LeiKa request', id);
    return r;
  };

  router.post('/', requireCapability('request_leika'), requireJson, async (req, res) => {
    const actor = res.locals.actor as Principal;
    const leistungsgruppierung = text(req.body, 'leistungsgruppierung', 3);
    if (!/^\d{3}$/.test(leistungsgruppierung) || leistungsgruppierung === '000') throw new AppError('validation_failed', 'leistungsgruppierung must be three digits (not 000)', [{ path: '/leistungsgruppierung', message: 'e.g. 102' }]);
    const id = randomUUID();
    await insertLeikaRequest(db, {
      id, tenantId: actor.tenantId!, requestedBy: actor.id, proposedName: text(req.body, 'proposedName', 500),
      leistungsgruppierung, justification: text(req.body, 'justification', 5000),
    });
    res.status(201).json(present((await findLeikaRequest(db, id))!));
  });

  router.get('/', requireCapability('request_leika'), async (_req, res) => {
    const actor = res.locals.actor as Principal;
    res.json({ items: (await listLeikaRequests(db, canDo(actor, 'decide_leika') ? undefined : actor.tenantId ?? '')).map(present) });
  });

  router.get('/:id', requireCapability('request_leika'), async (req, res) => {
    res.json(present(await visible(String(req.params.id), res.locals.actor)));
  });

  router.post('/:id/decision', requireCapability('decide_leika'), requireJson, async (req, res) => {
    const actor = res.locals.actor as Principal;
    const decision = req.body?.decision;
    if (!['accept', 'reject', 'ask'].includes(decision)) throw new AppError('validation_failed', 'decision must be accept, reject or ask', [{ path: '/decision', message: 'unknown decision' }]);
    const message = decision === 'accept' && req.body.message === undefined ? 'Schlüssel vergeben' : text(req.body, 'message', 5000);
    await db.transaction(async (tx) => {
      const r = await findLeikaRequest(tx, String(req.params.id), true);
      if (!r) throw notFound('LeiKa request', String(req.params.id));
      if (r.status === 'angenommen' || r.status === 'abgelehnt') throw new AppError('conflict', `The request is ${r.status} already`);
      if (decision === 'accept') {
        const key = text(req.body, 'leikaKey', 14);
        const parsed = parseLeikaKey(key);
        if (isLeikaProblem(parsed)) throw new AppError('validation_failed', 'leikaKey is malformed', [{ path: '/leikaKey', message: parsed.message }]);
        if (parsed.leistungsgruppierung !== r.leistungsgruppierung) throw new AppError('validation_failed', `leikaKey must lie in Leistungsgruppierung ${r.leistungsgruppierung}`, [{ path: '/leikaKey', message: `digits 3–5 must be ${r.leistungsgruppierung}` }]);
        if (await leikaKeyTaken(tx, key)) throw new AppError('duplicate', `LeiKa key ${key} is taken`, [{ path: '/leikaKey', message: 'is already taken' }]);
        await updateLeikaRequest(tx, r.id, { status: 'angenommen', leikaKey: key, decidedBy: actor.id }, { at: new Date().toISOString(), by: actor.id, kind: 'accept', text: message });
      } else {
        await updateLeikaRequest(tx, r.id, { status: decision === 'reject' ? 'abgelehnt' : 'rueckfrage', decidedBy: actor.id }, { at: new Date().toISOString(), by: actor.id, kind: decision, text: message });
      }
    });
    res.json(present((await findLeikaRequest(db, String(req.params.id)))!));
  });

  router.post('/:id/reply', requireCapability('request_leika'), requireJson, async (req, res) => {
    const actor = res.locals.actor as Principal;
    const r = await visible(String(req.params.id), actor);
    if (r.tenantId !== actor.tenantId) throw new AppError('forbidden', 'Only the requesting tenant answers a question');
    if (r.status !== 'rueckfrage') throw new AppError('conflict', 'There is no open question to answer');
    await updateLeikaRequest(db, r.id, { status: 'offen' }, { at: new Date().toISOString(), by: actor.id, kind: 'reply', text: text(req.body, 'message', 5000) });
    res.json(present((await findLeikaRequest(db, r.id))!));
  });

  return router;
}
