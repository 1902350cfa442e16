/**
 * Administration of tenants, users and API tokens (right manage_access), used by the admin API
 * (src/http/access.ts) and the workspace's Verwaltung pages alike: one set of rules, one set of
 * messages. Passwords are hashed here; a token's secret exists only in the answer that creates it.
 */
import { hashPassword } from '../auth/passwords';
import { createToken, TokenRequestError } from '../auth/tokens';
import type { Db } from '../db/client';
import { endSessionsOf, findTenantRow, findUser, insertUser, updateUser, type TokenRow, type UserRow } from '../db/accessStore';
import { pgError } from '../db/objectStore';
import { existingArs } from '../gebiet/repository';
import { AppError, notFound } from '../shared/errors';
import { upsertTenant } from './repository';

export const USER_ROLES = ['admin', 'landesredakteur', 'fachressort', 'kommunalredakteur'];
export const TENANT_KINDS = ['landesredaktion', 'fachressort', 'landkreis', 'kommune', 'integration', 'portal'];

export const presentUser = (u: UserRow) => ({ id: u.id, tenant: u.tenantId, role: u.role, displayName: u.displayName, disabled: u.disabled, createdAt: u.createdAt.toISOString() });
export const presentToken = (t: TokenRow) => ({
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

/** Creates or updates a tenant; `created` tells which. */
export async function saveTenant(db: Db, id: string, body: Record<string, unknown>) {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(id)) throw new AppError('validation_failed', 'tenant id must be 2–63 lower-case letters, digits or -', [{ path: 'path.id', message: 'malformed' }]);
  const kind = field(body, 'kind');
  if (!TENANT_KINDS.includes(kind)) throw new AppError('validation_failed', `kind must be one of ${TENANT_KINDS.join(', ')}`, [{ path: '/kind', message: 'unknown kind' }]);
  const name = field(body, 'name');
  const ars = body.ars === undefined || body.ars === null || body.ars === '' ? null : field(body, 'ars', /^\d{12}$/);
  if (ars && !(await existingArs(db, [ars])).has(ars)) throw new AppError('validation_failed', `ARS ${ars} is not a known Gebiet`, [{ path: '/ars', message: 'unknown ARS' }]);
  const gruppen = body.leistungsgruppierungen ?? [];
  if (!Array.isArray(gruppen) || !gruppen.every((g: unknown) => typeof g === 'string' && /^\d{3}$/.test(g))) {
    throw new AppError('validation_failed', 'leistungsgruppierungen must be a list of three-digit codes', [{ path: '/leistungsgruppierungen', message: 'e.g. ["008", "115"]' }]);
  }
  const existed = await findTenantRow(db, id);
  await upsertTenant(db, { id, kind, name, ars, leistungsgruppierungen: gruppen as string[] });
  const t = (await findTenantRow(db, id))!;
  return { created: !existed, tenant: { id: t.id, name: t.name, kind: t.kind, ars: t.ars, leistungsgruppierungen: t.leistungsgruppierungen } };
}

export async function createUserAccount(db: Db, body: Record<string, unknown>) {
  const id = field(body, 'id', /^[a-z0-9][a-z0-9._-]{1,62}$/);
  const role = field(body, 'role');
  if (!USER_ROLES.includes(role)) throw new AppError('validation_failed', `role must be one of ${USER_ROLES.join(', ')}`, [{ path: '/role', message: 'unknown role' }]);
  const tenantId = field(body, 'tenant');
  if (!await findTenantRow(db, tenantId)) throw new AppError('validation_failed', `tenant ${tenantId} does not exist`, [{ path: '/tenant', message: 'unknown tenant' }]);
  const password = field(body, 'password');
  if (password.length < 12) throw new AppError('validation_failed', 'password must have at least 12 characters', [{ path: '/password', message: 'must have at least 12 characters' }]);
  const displayName = typeof body.displayName === 'string' && body.displayName ? body.displayName : id;
  try {
    await insertUser(db, { id, role, tenantId, displayName, passwordHash: await hashPassword(password) });
  } catch (err) {
    if (pgError(err)?.code === '23505') throw new AppError('duplicate', `user ${id} exists`, [{ path: '/id', message: 'is already taken' }]);
    throw err;
  }
  return presentUser((await findUser(db, id))!);
}

/**
 * Changes an account: `role`, `password` (a reset: every session of the user ends), `disabled`.
 * Role and blocking take effect with the user's next request.
 */
export async function updateUserAccount(db: Db, id: string, body: Record<string, unknown>) {
  const user = await findUser(db, id);
  if (!user) throw notFound('User', id);
  const set: Parameters<typeof updateUser>[2] = {};
  for (const key of Object.keys(body)) if (!['role', 'password', 'disabled'].includes(key)) throw new AppError('validation_failed', `unknown field ${key}`, [{ path: `/${key}`, message: 'unknown field' }]);
  if (body.role !== undefined) {
    if (typeof body.role !== 'string' || !USER_ROLES.includes(body.role)) throw new AppError('validation_failed', `role must be one of ${USER_ROLES.join(', ')}`, [{ path: '/role', message: 'unknown role' }]);
    set.role = body.role;
  }
  if (body.password !== undefined) {
    if (typeof body.password !== 'string' || body.password.length < 12) throw new AppError('validation_failed', 'password must have at least 12 characters', [{ path: '/password', message: 'must have at least 12 characters' }]);
    set.passwordHash = await hashPassword(body.password);
  }
  if (body.disabled !== undefined) {
    if (typeof body.disabled !== 'boolean') throw new AppError('validation_failed', 'disabled must be true or false', [{ path: '/disabled', message: 'must be true or false' }]);
    set.disabled = body.disabled;
  }
  if (Object.keys(set).length > 0) await updateUser(db, id, set);
  if (set.passwordHash || set.disabled) await endSessionsOf(db, id);
  return presentUser((await findUser(db, id))!);
}

export async function issueToken(db: Db, body: Record<string, unknown>, createdBy: string) {
  const days = typeof body.expiresInDays === 'string' && /^\d{1,4}$/.test(body.expiresInDays) ? Number(body.expiresInDays) : body.expiresInDays;
  try {
    return await createToken(db, {
      tenantId: field(body, 'tenant'), role: field(body, 'role'),
      arsPrefix: typeof body.ars === 'string' && body.ars !== '' ? body.ars : undefined,
      label: typeof body.label === 'string' && body.label !== '' ? body.label : undefined,
      expiresInDays: Number.isInteger(days) && (days as number) > 0 ? days as number : undefined,
      createdBy,
    });
  } catch (err) {
    if (err instanceof TokenRequestError) throw new AppError('validation_failed', err.message, [{ path: '/', message: err.message }]);
    throw err;
  }
}
