/**
 * API tokens for systems: `fimr_<id>_<secret>` with 32 random bytes of secret. Only a SHA-256 of
 * the secret is stored (the secret has full entropy, a slow hash would add nothing); the token is
 * shown once.
 */
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/client';
import { findActiveToken, findTenantRow, insertToken, touchToken, type TenantRow, type TokenRow } from '../db/accessStore';
import { canonicalArs, normaliseArsPrefix } from '../gebiet/ars';
import type { Principal, Role } from './policy';

export const TOKEN_ROLES = ['landesredakteur', 'fachressort', 'kommunalredakteur', 'portal'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

export class TokenRequestError extends Error {}

export interface CreatedToken { id: string; token: string; tenantId: string; role: TokenRole; arsPrefix: string | null; expiresAt: Date | null }

export async function createToken(db: Db, req: { tenantId: string; role: string; arsPrefix?: string; label?: string; expiresInDays?: number; createdBy: string }): Promise<CreatedToken> {
  if (!(TOKEN_ROLES as readonly string[]).includes(req.role)) throw new TokenRequestError(`role must be one of ${TOKEN_ROLES.join(', ')}`);
  const tenant = await findTenantRow(db, req.tenantId);
  if (!tenant) throw new TokenRequestError(`tenant ${req.tenantId} does not exist`);
  let arsPrefix: string | null = null;
  if (req.arsPrefix !== undefined) {
    arsPrefix = normaliseArsPrefix(req.arsPrefix);
    if (!arsPrefix) throw new TokenRequestError('ars must be 1–12 digits of an ARS');
    const area = tenant.ars ? canonicalArs(tenant.ars) : '';
    if (req.role !== 'portal' && !arsPrefix.startsWith(area)) throw new TokenRequestError(`ars ${arsPrefix} lies outside the tenant's area ${area}`);
  }
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = req.expiresInDays ? new Date(Date.now() + req.expiresInDays * 86_400_000) : null;
  await insertToken(db, {
    id, label: req.label ?? `${req.role} for ${req.tenantId}`, tenantId: req.tenantId, role: req.role, arsPrefix,
    secretHash: hashSecret(secret), createdBy: req.createdBy, expiresAt,
  });
  return { id, token: `fimr_${id.replace(/-/g, '')}_${secret}`, tenantId: req.tenantId, role: req.role as TokenRole, arsPrefix, expiresAt };
}

/** When this process last recorded a token's use (the database keeps minute precision anyway). */
const lastTouched = new Map<string, number>();

const TOKEN_FORMAT = /^fimr_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

/** The principal of a bearer token, or undefined when it is malformed, unknown, expired or revoked. */
export async function principalOfToken(db: Db, token: string): Promise<Principal | undefined> {
  const m = TOKEN_FORMAT.exec(token);
  if (!m) return undefined;
  const hex = m[1]!;
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  const found = await findActiveToken(db, id);
  if (!found) return undefined;
  const expected = Buffer.from(found.token.secretHash, 'hex');
  const actual = Buffer.from(hashSecret(m[2]!), 'hex');
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return undefined;
  const now = Date.now();
  if (now - (lastTouched.get(id) ?? 0) > 60_000) {
    lastTouched.set(id, now);
    if (lastTouched.size > 10_000) lastTouched.clear();
    await touchToken(db, id);
  }
  return tokenPrincipal(found.token, found.tenant);
}

export function tokenPrincipal(token: TokenRow, tenant: TenantRow): Principal {
  const tenantArea = tenant.ars ? canonicalArs(tenant.ars) : null;
  const role = token.role as Role;
  // The limit holds for every role (src/auth/policy.ts); a portal has no area of its own.
  const area = role === 'portal' ? null : token.arsPrefix ?? tenantArea;
  return { id: `token:${token.id}`, kind: 'token', role, tenantId: tenant.id, area, limit: token.arsPrefix, leistungsgruppierungen: tenant.leistungsgruppierungen };
}

export function tenantPrincipal(id: string, role: Role, tenant: TenantRow): Principal {
  return { id, kind: 'user', role, tenantId: tenant.id, area: tenant.ars ? canonicalArs(tenant.ars) : null, limit: null, leistungsgruppierungen: tenant.leistungsgruppierungen };
}
