/**
 * Applies the versioned SQL files in src/db/migrations in order, each in its own transaction,
 * under an advisory lock so that several instances starting together migrate once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { withAdvisoryLock, type Database, type Db, type Exec } from './client';
import { rowsOf } from './objectStore';

const MIGRATIONS_DIR = join(__dirname, 'migrations');
const LOCK_KEY = 727_001; // arbitrary, stable: "fim-redaktion migrations"

export interface Migration { version: number; name: string; sql: string }

/**
 * A migration of stored contents that needs the domain's rules (versions, audit, tombstones):
 * written in TypeScript outside src/db and run in one transaction, in version order with the SQL
 * files. It returns what it did, by kind, for the log (`db:migrate` prints it).
 */
export interface DataMigration { version: number; name: string; run(tx: Db, env: MigrationEnv): Promise<Record<string, number>> }

/** What data migrations may need of the configuration. */
export interface MigrationEnv { schemeAgencyId: string }

export interface MigrationResult { applied: string[]; reports: Record<string, Record<string, number>> }

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Applies what is pending; `applied` is empty when the schema and data were current. */
export async function migrate(database: Database, migrations = listMigrations(), dataMigrations: DataMigration[] = [], env: MigrationEnv = { schemeAgencyId: 'S06000' }): Promise<MigrationResult> {
  return withAdvisoryLock(database, LOCK_KEY, async (exec) => {
    await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set(
      rowsOf<{ version: number }>(await database.db.execute(sql.raw('SELECT version FROM schema_migrations'))).map((r) => Number(r.version)),
    );
    const result: MigrationResult = { applied: [], reports: {} };
    const all = [...migrations.map((m) => ({ ...m, kind: 'sql' as const })), ...dataMigrations.map((m) => ({ ...m, kind: 'data' as const }))].sort((a, b) => a.version - b.version);
    for (const m of all) {
      if (applied.has(m.version)) continue;
      if (m.kind === 'sql') await applyOne(exec, m as Migration);
      else result.reports[m.name] = await applyData(database, m as DataMigration, env);
      result.applied.push(m.name);
    }
    return result;
  });
}

async function applyData(database: Database, m: DataMigration, env: MigrationEnv): Promise<Record<string, number>> {
  try {
    return await database.db.transaction(async (tx) => {
      const report = await m.run(tx, env);
      await tx.execute(sql`INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${m.name})`);
      return report;
    });
  } catch (err) {
    throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
  }
}

async function applyOne(exec: Exec, m: Migration): Promise<void> {
  try {
    await exec(`BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${quote(m.name)});\nCOMMIT;`);
  } catch (err) {
    await exec('ROLLBACK').catch(() => undefined);
    throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
  }
}
