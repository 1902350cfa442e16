/**
 * Applies the versioned SQL files in src/db/migrations in order, each in its own transaction,
 * under an advisory lock so that several instances starting together migrate once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { withAdvisoryLock, type Database, type Exec } from './client';
import { rowsOf } from './objectStore';

const MIGRATIONS_DIR = join(__dirname, 'migrations');
const LOCK_KEY = 727_001; // arbitrary, stable: "fim-redaktion migrations"

export interface Migration { version: number; name: string; sql: string }

export function listMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ version: Number(f.slice(0, 4)), name: f.replace(/\.sql$/, ''), sql: readFileSync(join(dir, f), 'utf8') }));
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/** Returns the names of the migrations it applied (empty when the schema was current). */
export async function migrate(database: Database, migrations = listMigrations()): Promise<string[]> {
  return withAdvisoryLock(database, LOCK_KEY, async (exec) => {
    await exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set(
      rowsOf<{ version: number }>(await database.db.execute(sql.raw('SELECT version FROM schema_migrations'))).map((r) => Number(r.version)),
    );
    const done: string[] = [];
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await applyOne(exec, m);
      done.push(m.name);
    }
    return done;
  });
}

async function applyOne(exec: Exec, m: Migration): Promise<void> {
  try {
    await exec(`BEGIN;\n${m.sql}\n;INSERT INTO schema_migrations (version, name) VALUES (${m.version}, ${quote(m.name)});\nCOMMIT;`);
  } catch (err) {
    await exec('ROLLBACK').catch(() => undefined);
    throw new Error(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
  }
}
