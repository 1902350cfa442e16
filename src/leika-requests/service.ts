/**
 * Requests for a new LeiKa key: a Fachressort or a municipality requests one (proposed name,
 * Leistungsgruppierung, justification); the Landesredaktion accepts (recording the key), rejects,
 * or asks back; the requester answers a question. The API (routes.ts) and the workspace
 * (src/redaktion/leikaRequestPages.ts) both call these.
 */
import { randomUUID } from 'node:crypto';
import { canDo, type Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { findLeikaRequest, insertLeikaRequest, leikaKeyTaken, listLeikaRequests, updateLeikaRequest, type LeikaRequestRow } from '../db/leikaRequestStore';
import { isLeikaProblem, parseLeikaKey } from '../leistung/leika';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';

export type Decision = 'accept' | 'reject' | 'ask';

function text(body: unknown, name: string, max: number): string {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw new AppError('validation_failed', `${name} is required (at most ${max} characters)`, [{ path: `/${name}`, message: 'is required' }]);
  return v.trim();
}

/** The requester's tenant sees its requests; deciders see all. */
export async function visibleLeikaRequest(db: Db, actor: Principal, id: string): Promise<LeikaRequestRow> {
  const r = isUuid(id) ? await findLeikaRequest(db, id.toLowerCase()) : undefined;
  if (!r || (r.tenantId !== actor.tenantId && !canDo(actor, 'decide_leika'))) throw notFound('LeiKa request', id);
  return r;
}

export async function leikaRequestsFor(db: Db, actor: Principal): Promise<LeikaRequestRow[]> {
  return listLeikaRequests(db, canDo(actor, 'decide_leika') ? undefined : actor.tenantId ?? '');
}

export async function requestLeikaKey(db: Db, actor: Principal, body: unknown): Promise<LeikaRequestRow> {
  const leistungsgruppierung = text(body, 'leistungsgruppierung', 3);
  if (!/^\d{3}$/.test(leistungsgruppierung) || leistungsgruppierung === '000') throw new AppError('validation_failed', 'leistungsgruppierung must be three digits (not 000)', [{ path: '/leistungsgruppierung', message: 'e.g. 102' }]);
  const proposedName = text(body, 'proposedName', 500);
  const justification = text(body, 'justification', 5000);
  const id = randomUUID();
  await insertLeikaRequest(db, { id, tenantId: actor.tenantId!, requestedBy: actor.id, proposedName, leistungsgruppierung, justification });
  return (await findLeikaRequest(db, id))!;
}

/** The Landesredaktion's decision; `body` has `decision`, `message`, and with accept `leikaKey`. */
export async function decideLeikaRequest(db: Db, actor: Principal, id: string, body: Record<string, unknown> | undefined): Promise<LeikaRequestRow> {
  const decision = body?.decision;
  if (decision !== 'accept' && decision !== 'reject' && decision !== 'ask') throw new AppError('validation_failed', 'decision must be accept, reject or ask', [{ path: '/decision', message: 'unknown decision' }]);
  const message = decision === 'accept' && (body?.message === undefined || body.message === '') ? 'Schlüssel vergeben' : text(body, 'message', 5000);
  await db.transaction(async (tx) => {
    const r = isUuid(id) ? await findLeikaRequest(tx, id.toLowerCase(), true) : undefined;
    if (!r) throw notFound('LeiKa request', id);
    if (r.status === 'angenommen' || r.status === 'abgelehnt') throw new AppError('conflict', `The request is ${r.status} already`);
    if (decision === 'accept') {
      const key = text(body, 'leikaKey', 14);
      const parsed = parseLeikaKey(key);
      if (isLeikaProblem(parsed)) throw new AppError('validation_failed', 'leikaKey is malformed', [{ path: '/leikaKey', message: parsed.message }]);
      if (parsed.leistungsgruppierung !== r.leistungsgruppierung) throw new AppError('validation_failed', `leikaKey must lie in Leistungsgruppierung ${r.leistungsgruppierung}`, [{ path: '/leikaKey', message: `digits 3–5 must be ${r.leistungsgruppierung}` }]);
      if (await leikaKeyTaken(tx, key)) throw new AppError('duplicate', `LeiKa key ${key} is taken`, [{ path: '/leikaKey', message: 'is already taken' }]);
      await updateLeikaRequest(tx, r.id, { status: 'angenommen', leikaKey: key, decidedBy: actor.id }, { at: new Date().toISOString(), by: actor.id, kind: 'accept', text: message });
    } else {
      await updateLeikaRequest(tx, r.id, { status: decision === 'reject' ? 'abgelehnt' : 'rueckfrage', decidedBy: actor.id }, { at: new Date().toISOString(), by: actor.id, kind: decision, text: message });
    }
  });
  return (await findLeikaRequest(db, id.toLowerCase()))!;
}

/** The requester answers the Landesredaktion's question; the request is open again. */
export async function replyToLeikaRequest(db: Db, actor: Principal, id: string, body: unknown): Promise<LeikaRequestRow> {
  const r = await visibleLeikaRequest(db, actor, id);
  if (r.tenantId !== actor.tenantId) throw new AppError('forbidden', 'Only the requesting tenant answers a question');
  if (r.status !== 'rueckfrage') throw new AppError('conflict', 'There is no open question to answer');
  await updateLeikaRequest(db, r.id, { status: 'offen' }, { at: new Date().toISOString(), by: actor.id, kind: 'reply', text: text(body, 'message', 5000) });
  return (await findLeikaRequest(db, r.id))!;
}
