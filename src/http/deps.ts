import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/client';

/** What the HTTP edge is built from; tests pass their own database. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
}
