/**
 * The change feed orders by transaction id (`change_xid`, see syndicationStore.ts) and reads only
 * below the oldest running transaction. Rows brought from another database (a dump, `db:copy`)
 * carry that database's ids, which may lie ahead of this one's counter: until the counter passes
 * them they stay invisible to the feed, and new changes would sort before them. advancePast()
 * moves the counter beyond the highest id stored.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './objectStore';

/** Every table with a `change_xid` column: the objects, the tombstones. */
const CHANGE_TABLES = ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten', 'kategorien', 'xzufi_tombstones'];

/** Transaction ids taken per statement: each a rolled-back subtransaction that wrote one row. */
const PER_STATEMENT = 20_000;

export async function highestChangeXid(database: Database): Promise<bigint> {
  const parts = CHANGE_TABLES.map((t) => `SELECT max(change_xid::text::bigint) AS x FROM ${t}`).join(' UNION ALL ');
  const [row] = rowsOf<{ x: string | null }>(await database.db.execute(sql.raw(`SELECT max(x)::text AS x FROM (${parts}) m`)));
  return BigInt(row?.x ?? '0');
}

const currentXid = async (database: Database) =>
  BigInt(rowsOf<{ x: string }>(await database.db.execute(sql`SELECT pg_current_xact_id()::text AS x`))[0]!.x);

/**
 * Takes transaction ids until the counter is past `xid`; returns how many it took. Each id costs
 * a subtransaction inside a PL/pgSQL loop, tens of thousands per second.
 */
export async function advancePast(database: Database, xid: bigint): Promise<number> {
  let taken = 0;
  for (let current = await currentXid(database); current <= xid; current = await currentXid(database)) {
    const n = Number(xid - current + 1n < BigInt(PER_STATEMENT) ? xid - current + 1n : BigInt(PER_STATEMENT));
    await database.db.execute(sql.raw(`DO $$
      BEGIN
        CREATE TEMP TABLE IF NOT EXISTS fim_xid_advance (n int);
        FOR i IN 1..${n} LOOP
          BEGIN
            INSERT INTO fim_xid_advance VALUES (i);
            RAISE EXCEPTION USING ERRCODE = 'P0001';
          EXCEPTION WHEN raise_exception THEN NULL;
          END;
        END LOOP;
      END $$`));
    taken += n + 1;
  }
  return taken;
}
