/**
 * `/api/v1/leika-requests`: a Fachressort or a municipality requests a new LeiKa key (proposed
 * name, Leistungsgruppierung, justification); the Landesredaktion accepts (recording the key),
 * rejects, or asks back; the requester answers a question and sees the status (service.ts).
 */
import { Router } from 'express';
import type { LeikaRequestRow } from '../db/leikaRequestStore';
import { requireCapability } from '../http/auth';
import type { AppDeps } from '../http/deps';
import { requireJson } from '../http/middleware';
import { decideLeikaRequest, leikaRequestsFor, replyToLeikaRequest, requestLeikaKey, visibleLeikaRequest } from './service';

const present = (r: LeikaRequestRow) => ({
  id: r.id, tenant: r.tenantId, requestedBy: r.requestedBy, proposedName: r.proposedName, leistungsgruppierung: r.leistungsgruppierung,
  justification: r.justification, status: r.status, leikaKey: r.leikaKey, messages: r.messages,
  createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), decidedBy: r.decidedBy,
});

export function leikaRequestRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;

  router.post('/', requireCapability('request_leika'), requireJson, async (req, res) => {
    res.status(201).json(present(await requestLeikaKey(db, res.locals.actor, req.body)));
  });
  router.get('/', requireCapability('request_leika'), async (_req, res) => {
    res.json({ items: (await leikaRequestsFor(db, res.locals.actor)).map(present) });
  });
  router.get('/:id', requireCapability('request_leika'), async (req, res) => {
    res.json(present(await visibleLeikaRequest(db, res.locals.actor, String(req.params.id))));
  });
  router.post('/:id/decision', requireCapability('decide_leika'), requireJson, async (req, res) => {
    res.json(present(await decideLeikaRequest(db, res.locals.actor, String(req.params.id), req.body)));
  });
  router.post('/:id/reply', requireCapability('request_leika'), requireJson, async (req, res) => {
    res.json(present(await replyToLeikaRequest(db, res.locals.actor, String(req.params.id), req.body)));
  });

  return router;
}
