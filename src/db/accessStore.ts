/** Users, API tokens, sessions, login throttling and the audit trail. */
import { and, desc, eq, gt, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from './client';
import { insertJsonRows } from './jsonRows';
import { apiTokens, auditLog, loginFailures, loginKnownAddresses, sessions, tenants, users } from './schema';

export type UserRow = typeof users.$inferSelect;
export type TokenRow = typeof apiTokens.$inferSelect;
export type TenantRow = typeof tenants.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;

export async function findUser(db: Db, id: string): Promise<UserRow | undefined> {
  return (await db.select().from(users).where(eq(users.id, id)))[0];
}

/** A user with its tenant, in one query (runs on every request of a signed-in editor). */
export async function findUserWithTenant(db: Db, id: string): Promise<{ user: UserRow; tenant: TenantRow } | undefined> {
  return (await db.select({ user: users, tenant: tenants }).from(users).innerJoin(tenants, eq(tenants.id, users.tenantId)).where(eq(users.id, id)))[0];
}

export async function insertUser(db: Db, user: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(user);
}

export async function upsertUser(db: Db, user: typeof users.$inferInsert): Promise<void> {
  await db.insert(users).values(user).onConflictDoUpdate({ target: users.id, set: { tenantId: user.tenantId, role: user.role, displayName: user.displayName, passwordHash: user.passwordHash, disabled: user.disabled ?? false } });
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(users.id);
}

export async function setUserDisabled(db: Db, id: string, disabled: boolean): Promise<boolean> {
  return (await db.update(users).set({ disabled }).where(eq(users.id, id)).returning({ id: users.id })).length > 0;
}

export async function updateUser(db: Db, id: string, set: Partial<Pick<UserRow, 'role' | 'passwordHash' | 'disabled'>>): Promise<boolean> {
  return (await db.update(users).set(set).where(eq(users.id, id)).returning({ id: users.id })).length > 0;
}

/** Ends every session of a user (after a password reset): passport keeps the user id in the session. */
export async function endSessionsOf(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.data}->'passport'->>'user' = ${userId}`);
}

export async function findTenantRow(db: Db, id: string): Promise<TenantRow | undefined> {
  return (await db.select().from(tenants).where(eq(tenants.id, id)))[0];
}

export async function listTenants(db: Db): Promise<TenantRow[]> {
  return db.select().from(tenants).orderBy(tenants.id);
}

export async function insertToken(db: Db, token: typeof apiTokens.$inferInsert): Promise<void> {
  await db.insert(apiTokens).values(token);
}

/** A usable token with its tenant: not revoked, not expired. */
export async function findActiveToken(db: Db, id: string): Promise<{ token: TokenRow; tenant: TenantRow } | undefined> {
  const rows = await db.select({ token: apiTokens, tenant: tenants }).from(apiTokens)
    .innerJoin(tenants, eq(tenants.id, apiTokens.tenantId))
    .where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt), or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, sql`now()`))));
  return rows[0];
}

/** Records use at most once a minute (a write per request would be wasteful). */
export async function touchToken(db: Db, id: string): Promise<void> {
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`))));
}

export async function listTokens(db: Db): Promise<TokenRow[]> {
  return db.select().from(apiTokens).orderBy(desc(apiTokens.createdAt));
}

export async function revokeToken(db: Db, id: string): Promise<boolean> {
  return (await db.update(apiTokens).set({ revokedAt: sql`now()` }).where(and(eq(apiTokens.id, id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id })).length > 0;
}

// ---------------------------------------------------------------- sessions

export async function getSession(db: Db, sid: string): Promise<Record<string, unknown> | undefined> {
  const rows = await db.select({ data: sessions.data }).from(sessions).where(and(eq(sessions.sid, sid), gt(sessions.expiresAt, sql`now()`)));
  return rows[0]?.data;
}

export async function setSession(db: Db, sid: string, data: Record<string, unknown>, expiresAt: Date): Promise<void> {
  await db.insert(sessions).values({ sid, data, expiresAt }).onConflictDoUpdate({ target: sessions.sid, set: { data, expiresAt } });
}

export async function touchSession(db: Db, sid: string, expiresAt: Date): Promise<void> {
  await db.update(sessions).set({ expiresAt }).where(eq(sessions.sid, sid));
}

export async function destroySession(db: Db, sid: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.sid, sid));
}

export async function deleteExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
}

// ---------------------------------------------------------------- login throttling

/**
 * Counts one sign-in attempt under each key of the current window, atomically, and returns the
 * counts including it: parallel attempts can never all read a count from before the others.
 */
export async function countLoginAttempt(db: Db, keys: string[], windowStart: Date): Promise<Map<string, number>> {
  const rows = await db.insert(loginFailures).values(keys.map((key) => ({ key, windowStart, count: 1 })))
    .onConflictDoUpdate({ target: [loginFailures.key, loginFailures.windowStart], set: { count: sql`${loginFailures.count} + 1` } })
    .returning({ key: loginFailures.key, count: loginFailures.count });
  return new Map(rows.map((r) => [r.key, r.count]));
}

/** A successful sign-in does not count against these keys. */
export async function uncountLoginAttempt(db: Db, keys: string[], windowStart: Date): Promise<void> {
  await db.update(loginFailures).set({ count: sql`greatest(${loginFailures.count} - 1, 0)` })
    .where(and(inArray(loginFailures.key, keys), eq(loginFailures.windowStart, windowStart)));
}

export async function deleteOldLoginFailures(db: Db): Promise<void> {
  await db.delete(loginFailures).where(lt(loginFailures.windowStart, sql`now() - interval '1 day'`));
  await db.delete(loginKnownAddresses).where(lt(loginKnownAddresses.lastSuccess, sql`now() - interval '90 days'`));
}

export async function clearLoginFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}

export async function isKnownLoginAddress(db: Db, userId: string, addressHash: string): Promise<boolean> {
  const rows = await db.select({ u: loginKnownAddresses.userId }).from(loginKnownAddresses)
    .where(and(eq(loginKnownAddresses.userId, userId), eq(loginKnownAddresses.addressHash, addressHash), gt(loginKnownAddresses.lastSuccess, sql`now() - interval '90 days'`)));
  return rows.length > 0;
}

export async function rememberLoginAddress(db: Db, userId: string, addressHash: string): Promise<void> {
  await db.insert(loginKnownAddresses).values({ userId, addressHash })
    .onConflictDoUpdate({ target: [loginKnownAddresses.userId, loginKnownAddresses.addressHash], set: { lastSuccess: sql`now()` } });
}

// ---------------------------------------------------------------- audit

export async function insertAudit(db: Db, entry: typeof auditLog.$inferInsert): Promise<void> {
  await insertAudits(db, [entry]);
}

export async function insertAudits(db: Db, entries: Array<typeof auditLog.$inferInsert>): Promise<void> {
  await insertJsonRows(db, auditLog, entries);
}

export async function listAudit(db: Db, q: { objectUuid?: string; afterId?: number; limit: number }): Promise<AuditRow[]> {
  return db.select().from(auditLog).where(and(
    q.objectUuid ? eq(auditLog.objectUuid, q.objectUuid) : undefined,
    q.afterId !== undefined ? gt(auditLog.id, q.afterId) : undefined,
  )).orderBy(auditLog.id).limit(q.limit);
}
