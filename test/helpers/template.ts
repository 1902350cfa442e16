/**
 * A migrated database with the Gebiete, built once per test run and copied per test file:
 * PGlite as a dumped data directory, the PostgreSQL server as a template database.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadTestConfig } from '../../src/config';

export const testConfig = loadTestConfig();
export const PGLITE_TEMPLATE_FILE = join(tmpdir(), `fim-redaktion-template-${process.env.JEST_RUN_ID ?? 'x'}.tar`);
export const PG_TEMPLATE_DB = `fim_test_template_${process.env.JEST_RUN_ID ?? 'x'}`;

export function serverUrl(database?: string): string {
  if (!testConfig.testDatabaseUrl) throw new Error('TEST_DB=postgres needs TEST_DATABASE_URL');
  const url = new URL(testConfig.testDatabaseUrl);
  if (database) url.pathname = `/${database}`;
  return url.toString();
}

export async function adminQuery(sqlText: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(sqlText);
  } finally {
    await client.end();
  }
}
