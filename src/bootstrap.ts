/** Brings a database to a usable state: schema, Gebiete, and (in demo mode) the demo data. */
import type { Logger } from 'pino';
import type { Config } from './config';
import { openDatabase, type Database, type DatabaseSource } from './db/client';
import { listMigrations, migrate } from './db/migrate';
import { DATA_MIGRATIONS } from './dataMigrations';
import { syncReferenceData, type SyncReport } from './reference/sync';
import { seedDemo, seedDemoUsers } from './seed/demo';

/** The configured database; with `replicas` (the server, not the CLI) its read replicas too. */
export function databaseSource(config: Pick<Config, 'databaseUrl' | 'dataDir'> & Partial<Pick<Config, 'databaseReadUrls' | 'databaseReadMaxLagMs' | 'databaseReadCheckMs'>>, replicas = false): DatabaseSource {
  if (!config.databaseUrl) return { kind: 'pglite', dataDir: config.dataDir };
  if (!replicas) return { kind: 'postgres', url: config.databaseUrl };
  return {
    kind: 'postgres', url: config.databaseUrl, readUrls: config.databaseReadUrls,
    replicas: { ...(config.databaseReadMaxLagMs !== undefined ? { maxLagMs: config.databaseReadMaxLagMs } : {}), ...(config.databaseReadCheckMs !== undefined ? { checkMs: config.databaseReadCheckMs } : {}) },
  };
}

/** Schema and data migrations, then the reference data (Gebiete, LeiKa, PLZ …): what `db:migrate` does. */
export async function migrateAll(database: Database, env: { schemeAgencyId: string }, logger?: Logger): Promise<{ applied: string[]; reports: Record<string, Record<string, number>>; reference: SyncReport }> {
  const { applied, reports } = await migrate(database, listMigrations(), DATA_MIGRATIONS, env);
  if (applied.length > 0) logger?.info({ applied, reports }, 'migrations applied');
  const reference = await syncReferenceData(database.db);
  if (Object.keys(reference).length > 0) logger?.info({ reference }, 'reference data updated');
  return { applied, reports, reference };
}

export async function prepareDatabase(database: Database, config: Pick<Config, 'demoData' | 'schemeAgencyId'> & Partial<Pick<Config, 'nodeEnv'>>, logger?: Logger): Promise<void> {
  await migrateAll(database, config, logger);
  if (config.demoData) {
    const demo = await seedDemo(database, config.schemeAgencyId);
    if (demo.loaded) logger?.info({ counts: demo.counts }, 'demo data loaded');
    // Demo users only outside production: a production system gets its accounts from user:create.
    if (config.nodeEnv !== 'production') {
      const users = await seedDemoUsers(database);
      if (users.length > 0) logger?.info({ users: users.map((u) => u.id) }, 'demo users created');
    }
  }
}

/** The server opens its replicas too (`replicas`); the CLI works on the primary alone. */
export async function openPreparedDatabase(config: Config, logger?: Logger, replicas = false): Promise<Database> {
  const database = await openDatabase(databaseSource(config, replicas));
  try {
    await prepareDatabase(database, config, logger);
  } catch (err) {
    await database.close();
    throw err;
  }
  return database;
}
