/** The data migrations, in version order with the SQL ones (src/db/migrate.ts). */
import type { DataMigration } from '../db/migrate';
import { territories } from './territories';
import { xzufiShapes } from './xzufiShapes';

export const DATA_MIGRATIONS: DataMigration[] = [territories, xzufiShapes];
