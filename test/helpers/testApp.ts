/** The real app on a fresh test database, driven in-process by supertest. */
import type { Express } from 'express';
import request from 'supertest';
import { buildApp } from '../../src/app';
import { loadConfig, type Config } from '../../src/config';
import { createLogger } from '../../src/logger';
import { createTestDatabase, type TestDatabase } from './testDb';

export interface TestApp extends TestDatabase {
  app: Express;
  config: Config;
  api: ReturnType<typeof request>;
}

export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...env });
  const testDb = await createTestDatabase();
  const app = buildApp({ config, database: testDb.database, logger: createLogger(config) });
  return { ...testDb, app, config, api: request(app) };
}
