/** Process entry: config → database → app → listen; graceful shutdown on SIGTERM/SIGINT. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildApp, portalReadModel } from './app';
import { openPreparedDatabase } from './bootstrap';
import { ConfigError, loadConfig } from './config';
import { DataDirInUseError } from './db/client';
import { createLogger } from './logger';
import { jobHandlers, longJobHandlers, scheduleRecurringJobs } from './jobs/handlers';
import { JobRunner } from './jobs/runner';
import { demoUsers } from './seed/demo';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config);
  const started = Date.now();
  let database;
  try {
    database = await openPreparedDatabase(config, logger, true);
  } catch (err) {
    if (err instanceof DataDirInUseError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const portal = portalReadModel({ config, database, logger });
  const app = buildApp({ config, database, logger, portal });
  const server: Server = app.listen(config.port, config.host, () => {
    // The port bound (PORT=0 lets the system choose one; tests start processes that way).
    const port = (server.address() as AddressInfo).port;
    const url = config.publicUrl ?? `http://localhost:${port}`;
    logger.info({ port, database: database.kind, startupMs: Date.now() - started }, 'fim-redaktion listening');
    console.log(`fim-redaktion läuft / is running: ${url}  (API docs: ${url}/api/docs, database: ${database.kind === 'pglite' ? `PGlite in ${config.dataDir}` : 'PostgreSQL server'})`);
    // The portal's copy of the published state is built now rather than on the first citizen's request.
    const warming = Date.now();
    portal.ready().then(() => logger.info({ ms: Date.now() - warming }, 'portal read model loaded'), (err) => logger.error({ err }, 'portal read model could not be loaded'));
    if (config.demoData && config.nodeEnv !== 'production') {
      console.log('Demo-Benutzer / demo users (Benutzername / Passwort):');
      for (const u of demoUsers()) console.log(`  ${u.id.padEnd(30)} ${u.password.padEnd(28)} ${u.role}, ${u.tenant}`);
    }
  });

  let runner: JobRunner | undefined;
  let longRunner: JobRunner | undefined;
  if (config.jobRunner) {
    await scheduleRecurringJobs(database);
    runner = new JobRunner(database, jobHandlers(config), { logger, pollMs: config.jobPollMs, leaseMs: config.jobLeaseMs });
    runner.start();
    longRunner = new JobRunner(database, longJobHandlers(config), { logger, pollMs: config.jobPollMs, leaseMs: config.jobLeaseMs, batch: 1 });
    longRunner.start();
  }

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    server.close(async () => {
      await Promise.all([runner?.stop(), longRunner?.stop()]);
      await database.close();
      logger.info('stopped');
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err) => {
  console.error('fim-redaktion failed to start:', err);
  process.exit(1);
});
