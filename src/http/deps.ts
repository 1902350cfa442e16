import type { Logger } from 'pino';
import type { Config } from '../config';
import type { Database } from '../db/client';
import type { PortalReadModel } from '../portal/readModel';
import type { SchemaValidator } from '../xzufi/schemaValidator';

/** What the HTTP edge is built from; tests pass their own database. */
export interface AppDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** XSD validator for XZuFi messages; built from the config when absent. */
  validator?: SchemaValidator;
  /** The portal's in-memory copy of the published state; built on the database when absent. */
  portal?: PortalReadModel;
}
