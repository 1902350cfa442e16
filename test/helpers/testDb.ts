/** A fresh database per test file, copied from the run's template (see template.ts). */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { openDatabase, type Database } from '../../src/db/client';
import { adminQuery, PG_TEMPLATE_DB, PGLITE_TEMPLATE_FILE, serverUrl, testConfig } from './template';

export interface TestDatabase {
  database: Database;
  /** PostgreSQL server only: a second, independent handle on the same database (another instance). */
  openAnother?(): Promise<Database>;
  /** PostgreSQL server only: its connection URL (for app processes started by a test). */
  url?: string;
  close(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testConfig.target === 'postgres') {
    const name = `fim_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${PG_TEMPLATE_DB}`);
    const database = await openDatabase({ kind: 'postgres', url: serverUrl(name), poolSize: 5 });
    return {
      database,
      openAnother: () => openDatabase({ kind: 'postgres', url: serverUrl(name), poolSize: 5 }),
      url: serverUrl(name),
      async close() {
        await database.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      },
    };
  }
  const database = await openDatabase({ kind: 'pglite', loadFrom: new Blob([readFileSync(PGLITE_TEMPLATE_FILE)]) });
  return { database, close: () => database.close() };
}

/** An empty database (no schema at all), for tests of the migrations themselves. */
export async function createBlankDatabase(): Promise<TestDatabase> {
  if (testConfig.target === 'postgres') {
    const name = `fim_test_${randomBytes(6).toString('hex')}`;
    await adminQuery(`CREATE DATABASE ${name}`);
    const database = await openDatabase({ kind: 'postgres', url: serverUrl(name), poolSize: 5 });
    return {
      database, url: serverUrl(name),
      async close() {
        await database.close();
        await adminQuery(`DROP DATABASE IF EXISTS ${name}`);
      },
    };
  }
  const database = await openDatabase({ kind: 'pglite' });
  return { database, close: () => database.close() };
}
