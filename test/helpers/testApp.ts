/**
 * The real app on a fresh test database, driven in-process by supertest. `api` acts as the
 * Landesredaktion (a landesredakteur token); `anonymous` sends no credentials; `as(...)` gives an
 * agent for any role and tenant.
 */
import { readFileSync } from 'node:fs';
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { createToken } from '../../src/auth/tokens';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { DEMO_FIXTURE } from '../../src/seed/demo';
import { upsertTenant, type NewTenant } from '../../src/tenant/repository';
import { createTestDatabase, type TestDatabase } from './testDb';

type Agent = ReturnType<typeof request.agent>;

export interface TestApp extends TestDatabase {
  app: Express;
  config: Config;
  /** Authenticated as landesredakteur of the tenant `landesredaktion`. */
  api: Agent;
  anonymous: ReturnType<typeof request>;
  /** An agent with a fresh token of that role for that tenant (and optional ARS limit). */
  as(role: string, tenantId: string, ars?: string): Promise<Agent>;
  token(role: string, tenantId: string, ars?: string): Promise<string>;
}

const demoTenants = (JSON.parse(readFileSync(DEMO_FIXTURE, 'utf8')) as { tenants: NewTenant[] }).tenants;

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', SESSION_SECRET: 'test-session-secret-0123456789abcdef', CREDENTIALS_KEY: 'test-credentials-key-0123456789abcdef', ...env });
  const testDb = await createTestDatabase();
  for (const tenant of demoTenants) await upsertTenant(testDb.database.db, tenant);
  const app = buildApp({ config, database: testDb.database, logger: createLogger(config) });
  const token = async (role: string, tenantId: string, ars?: string) =>
    (await createToken(testDb.database.db, { role, tenantId, arsPrefix: ars, createdBy: 'test' })).token;
  const as = async (role: string, tenantId: string, ars?: string) => request.agent(app).set('Authorization', `Bearer ${await token(role, tenantId, ars)}`);
  return { ...testDb, app, config, api: await as('landesredakteur', 'landesredaktion'), anonymous: request(app), as, token };
}
