/**
 * Administration of access (tenants, users, tokens; right manage_access) and the audit trail
 * (right read_audit). Password hashes and token secrets never leave the server: a token is shown
 * once, in the answer that creates it.
 */
import { Router } from 'express';
import { CAPABILITIES_LIST, ROLES, withinLimit, type Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { rowsByUuid } from '../db/syndicationStore';
import { OBJECT_TYPES } from '../objectTypes';
import { factsOfRow } from '../shared/objectService';
import { listAudit, listTenants, listTokens, listUsers, revokeToken, setUserDisabled } from '../db/accessStore';
import { createUserAccount, issueToken, presentToken, presentUser, saveTenant, updateUserAccount } from '../tenant/admin';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';
import { requireCapability } from './auth';
import type { AppDeps } from './deps';
import { requireJson } from './middleware';
import { decodeCursor, encodeCursor, parseLimit, queryParams } from './pagination';

/** The object exists and lies inside the principal's token limit (404 otherwise, as for objects one cannot read). */
async function assertObjectInLimit(db: Db, actor: Principal, uuid: string): Promise<void> {
  for (const type of OBJECT_TYPES) {
    const [row] = await rowsByUuid(db, type.table, [uuid]);
    if (row && withinLimit(actor, factsOfRow(row))) return;
    if (row) break;
  }
  throw notFound('Object', uuid);
}

export function accessRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const admin = requireCapability('manage_access');

  router.get('/admin/roles', admin, (_req, res) => { res.json({ roles: ROLES, capabilities: CAPABILITIES_LIST }); });
  router.get('/admin/tenants', admin, async (_req, res) => {
    res.json({ items: (await listTenants(db)).map((t) => ({ id: t.id, name: t.name, kind: t.kind, ars: t.ars, leistungsgruppierungen: t.leistungsgruppierungen })) });
  });

  // Create or update a tenant (PUT is idempotent: the id names it).
  router.put('/admin/tenants/:id', admin, requireJson, async (req, res) => {
    const { created, tenant } = await saveTenant(db, String(req.params.id), req.body);
    res.status(created ? 201 : 200).json(tenant);
  });

  router.get('/admin/users', admin, async (_req, res) => { res.json({ items: (await listUsers(db)).map(presentUser) }); });
  router.post('/admin/users', admin, requireJson, async (req, res) => {
    res.status(201).json(await createUserAccount(db, req.body));
  });
  // Role, password reset (ends the user's sessions), blocking and unblocking.
  router.patch('/admin/users/:id', admin, requireJson, async (req, res) => {
    res.json(await updateUserAccount(db, String(req.params.id), req.body ?? {}));
  });
  router.post('/admin/users/:id/disable', admin, async (req, res) => {
    if (!await setUserDisabled(db, String(req.params.id), true)) throw notFound('User', String(req.params.id));
    res.status(204).end();
  });

  router.get('/admin/tokens', admin, async (_req, res) => { res.json({ items: (await listTokens(db)).map(presentToken) }); });
  router.post('/admin/tokens', admin, requireJson, async (req, res) => {
    const created = await issueToken(db, req.body, res.locals.actor.id);
    res.status(201).set('Cache-Control', 'no-store').json({ ...created, note: 'The token is shown only now; store it safely.' });
  });
  router.delete('/admin/tokens/:id', admin, async (req, res) => {
    const id = String(req.params.id);
    if (!isUuid(id) || !await revokeToken(db, id.toLowerCase())) throw notFound('Token', id);
    res.status(204).end();
  });

  router.get('/audit', requireCapability('read_audit'), async (req, res) => {
    const params = queryParams(req.query, ['object', 'limit', 'cursor']);
    if (params.object !== undefined && !isUuid(params.object)) throw new AppError('invalid_parameter', 'object must be an object id (uuid)', [{ path: 'query.object', message: 'must be a uuid' }]);
    const limit = parseLimit(params.limit);
    const afterId = params.cursor ? Number(decodeCursor(params.cursor, /^\d{1,18}$/)) : undefined;
    const actor = res.locals.actor as Principal;
    // A token limited to an area reads the trail of single objects inside it, never the state's.
    if (actor.limit !== null) {
      if (!params.object) throw new AppError('forbidden', `This token is limited to ARS ${actor.limit}: ask for the audit trail of one object inside it (?object=<id>)`, [{ path: 'query.object', message: 'is required for a limited token' }]);
      await assertObjectInLimit(db, actor, params.object.toLowerCase());
    }
    const rows = await listAudit(db, { objectUuid: params.object?.toLowerCase(), afterId, limit: limit + 1 });
    const page = rows.slice(0, limit);
    res.json({
      items: page.map((r) => ({ id: r.id, at: r.at.toISOString(), actor: r.actorId, actorKind: r.actorKind, tenant: r.tenantId, objectType: r.objectTable, objectId: r.objectUuid, xzufiId: r.xzufiId, action: r.action, versionBefore: r.versionBefore, versionAfter: r.versionAfter })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null,
    });
  });

  return router;
}
