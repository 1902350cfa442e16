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
import { hashPassword } from '../auth/passwords';
import { createToken, TokenRequestError } from '../auth/tokens';
import { findTenantRow, findUser, insertUser, listAudit, listTenants, listTokens, listUsers, revokeToken, setUserDisabled, type TokenRow, type UserRow } from '../db/accessStore';
import { pgError } from '../db/objectStore';
import { existingArs } from '../gebiet/repository';
import { upsertTenant } from '../tenant/repository';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';
import { requireCapability } from './auth';
import type { AppDeps } from './deps';
import { requireJson } from './middleware';
import { decodeCursor, encodeCursor, parseLimit, queryParams } from './pagination';

const USER_ROLES = ['admin', 'landesredakteur', 'fachressort', 'kommunalredakteur'];
const TENANT_KINDS = ['landesredaktion', 'fachressort', 'landkreis', 'kommune', 'integration', 'portal'];

const presentUser = (u: UserRow) => ({ id: u.id, tenant: u.tenantId, role: u.role, displayName: u.displayName, disabled: u.disabled, createdAt: u.createdAt.toISOString() });
const presentToken = (t: TokenRow) => ({
  id: t.id, label: t.label, tenant: t.tenantId, role: t.role, ars: t.arsPrefix, createdAt: t.createdAt.toISOString(), createdBy: t.createdBy,
  expiresAt: t.expiresAt?.toISOString() ?? null, lastUsedAt: t.lastUsedAt?.toISOString() ?? null, revokedAt: t.revokedAt?.toISOString() ?? null,
});

function field(body: unknown, name: string, pattern?: RegExp): string {
  const value = (body as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'string' || value === '' || (pattern && !pattern.test(value))) {
    throw new AppError('validation_failed', `${name} is missing or malformed`, [{ path: `/${name}`, message: pattern ? `must match ${pattern.source}` : 'is required' }]);
  }
  return value;
}

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
    const id = String(req.params.id);
    if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id)) throw new AppError('validation_failed', 'tenant id must be 2–63 lower-case letters, digits or -', [{ path: 'path.id', message: 'malformed' }]);
    const kind = field(req.body, 'kind');
    if (!TENANT_KINDS.includes(kind)) throw new AppError('validation_failed', `kind must be one of ${TENANT_KINDS.join(', ')}`, [{ path: '/kind', message: 'unknown kind' }]);
    const name = field(req.body, 'name');
    const ars = req.body.ars === undefined || req.body.ars === null ? null : field(req.body, 'ars', /^\d{12}$/);
    if (ars && !(await existingArs(db, [ars])).has(ars)) throw new AppError('validation_failed', `ARS ${ars} is not a known Gebiet`, [{ path: '/ars', message: 'unknown ARS' }]);
    const gruppen = req.body.leistungsgruppierungen ?? [];
    if (!Array.isArray(gruppen) || !gruppen.every((g: unknown) => typeof g === 'string' && /^\d{3}$/.test(g))) {
      throw new AppError('validation_failed', 'leistungsgruppierungen must be a list of three-digit codes', [{ path: '/leistungsgruppierungen', message: 'e.g. ["008", "115"]' }]);
    }
    const existed = await findTenantRow(db, id);
    await upsertTenant(db, { id, kind, name, ars, leistungsgruppierungen: gruppen });
    const t = (await findTenantRow(db, id))!;
    res.status(existed ? 200 : 201).json({ id: t.id, name: t.name, kind: t.kind, ars: t.ars, leistungsgruppierungen: t.leistungsgruppierungen });
  });

  router.get('/admin/users', admin, async (_req, res) => { res.json({ items: (await listUsers(db)).map(presentUser) }); });
  router.post('/admin/users', admin, requireJson, async (req, res) => {
    const id = field(req.body, 'id', /^[a-z0-9][a-z0-9._-]{1,62}$/);
    const role = field(req.body, 'role');
    if (!USER_ROLES.includes(role)) throw new AppError('validation_failed', `role must be one of ${USER_ROLES.join(', ')}`, [{ path: '/role', message: 'unknown role' }]);
    const tenantId = field(req.body, 'tenant');
    if (!await findTenantRow(db, tenantId)) throw new AppError('validation_failed', `tenant ${tenantId} does not exist`, [{ path: '/tenant', message: 'unknown tenant' }]);
    const password = field(req.body, 'password');
    if (password.length < 12) throw new AppError('validation_failed', 'password must have at least 12 characters', [{ path: '/password', message: 'too short' }]);
    const displayName = typeof req.body.displayName === 'string' && req.body.displayName ? req.body.displayName : id;
    try {
      await insertUser(db, { id, role, tenantId, displayName, passwordHash: await hashPassword(password) });
    } catch (err) {
      if (pgError(err)?.code === '23505') throw new AppError('duplicate', `user ${id} exists`, [{ path: '/id', message: 'is already taken' }]);
      throw err;
    }
    res.status(201).json(presentUser((await findUser(db, id))!));
  });
  router.post('/admin/users/:id/disable', admin, async (req, res) => {
    if (!await setUserDisabled(db, String(req.params.id), true)) throw notFound('User', String(req.params.id));
    res.status(204).end();
  });

  router.get('/admin/tokens', admin, async (_req, res) => { res.json({ items: (await listTokens(db)).map(presentToken) }); });
  router.post('/admin/tokens', admin, requireJson, async (req, res) => {
    try {
      const created = await createToken(db, {
        tenantId: field(req.body, 'tenant'), role: field(req.body, 'role'),
        arsPrefix: typeof req.body.ars === 'string' ? req.body.ars : undefined,
        label: typeof req.body.label === 'string' ? req.body.label : undefined,
        expiresInDays: Number.isInteger(req.body.expiresInDays) && req.body.expiresInDays > 0 ? req.body.expiresInDays : undefined,
        createdBy: res.locals.actor.id,
      });
      res.status(201).set('Cache-Control', 'no-store').json({ ...created, note: 'The token is shown only now; store it safely.' });
    } catch (err) {
      if (err instanceof TokenRequestError) throw new AppError('validation_failed', err.message, [{ path: '/', message: err.message }]);
      throw err;
    }
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
