/** Gebiete (territories by ARS): lookups, and the load from fixtures/gebiete.tsv (src/reference/sync.ts decides when). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { and, asc, count, eq, gt, inArray, like, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/objectStore';
import { gebiete, plzGemeinden } from '../db/schema';
import { arsAncestors, canonicalArs } from './ars';

export type Gebiet = typeof gebiete.$inferSelect;

export const GEBIETE_FIXTURE = join(__dirname, '..', '..', 'fixtures', 'gebiete.tsv');

/**
 * Gebiete come from the official code lists and change only when the fixture is loaded at start:
 * lookups by key are remembered per database handle (the portal asks for the same few on every
 * page).
 */
const remembered = new WeakMap<object, Map<string, Gebiet>>();

export async function findGebiet(db: Db, key: string): Promise<Gebiet | undefined> {
  let cache = remembered.get(db);
  if (!cache) remembered.set(db, cache = new Map());
  const known = cache.get(key);
  if (known) return known;
  const column = key.length === 12 ? gebiete.ars : gebiete.schluessel;
  const rows = await db.select().from(gebiete).where(eq(column, key));
  // Only what exists is remembered: a key unknown now may be loaded later.
  if (rows[0]) {
    if (cache.size > 20_000) cache.clear();
    cache.set(key, rows[0]);
  }
  return rows[0];
}

/**
 * ARS found to exist. Writes check their references inside ever new transactions (each imported
 * object has its own savepoint), so this is remembered per process, not per handle: the Gebiete of
 * every database come from the same code list fixture and are never deleted. Only existence is
 * remembered; an unknown key is asked again.
 */
const known = new Set<string>();

/** The subset of the given 12-digit ARS that exist. */
export async function existingArs(db: Db, ars: string[]): Promise<Set<string>> {
  const unique = [...new Set(ars)];
  const found = new Set(unique.filter((a) => known.has(a)));
  const ask = unique.filter((a) => !found.has(a));
  if (ask.length === 0) return found;
  const rows = await db.select({ ars: gebiete.ars }).from(gebiete).where(inArray(gebiete.ars, ask));
  if (known.size > 20_000) known.clear();
  for (const r of rows) { found.add(r.ars); known.add(r.ars); }
  return found;
}

/** The enclosing Gebiete of an ARS (those the code lists name), nearest first, in one query. */
export async function enclosingGebiete(db: Db, ars: string): Promise<Gebiet[]> {
  const own = canonicalArs(ars);
  const keys = arsAncestors(ars).filter((k) => k !== own);
  if (keys.length === 0) return [];
  const rows = await db.select().from(gebiete).where(inArray(gebiete.schluessel, keys));
  return rows.sort((a, b) => b.schluessel.length - a.schluessel.length);
}

export interface GebietQuery { prefix?: string; q?: string; ebene?: string; afterArs?: string; limit: number }

export async function listGebiete(db: Db, query: GebietQuery): Promise<Gebiet[]> {
  const where: SQL[] = [];
  if (query.prefix) where.push(like(gebiete.schluessel, `${query.prefix}%`));
  if (query.ebene) where.push(eq(gebiete.ebene, query.ebene));
  if (query.afterArs) where.push(gt(gebiete.ars, query.afterArs));
  if (query.q) {
    const needle = query.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    // Names start with the place ("Frankenberg (Eder), Philipp-Soldan-Stadt"); match any word start.
    where.push(or(like(sql`lower(${gebiete.name})`, `${needle}%`), like(sql`lower(${gebiete.name})`, `% ${needle}%`), like(sql`lower(${gebiete.name})`, `%-${needle}%`))!);
  }
  return db.select().from(gebiete).where(and(...where)).orderBy(asc(gebiete.ars)).limit(query.limit);
}

/** The Gemeinden a PLZ covers (fixtures/plz.tsv), largest first, with the name of the part it covers. */
export async function gemeindenByPlz(db: Db, plz: string): Promise<Array<Gebiet & { ort: string }>> {
  const rows = await db.select({ gebiet: gebiete, ort: plzGemeinden.ort }).from(plzGemeinden).innerJoin(gebiete, eq(gebiete.ars, plzGemeinden.ars))
    .where(eq(plzGemeinden.plz, plz)).orderBy(sql`${gebiete.bevoelkerung} DESC NULLS LAST`, asc(gebiete.ars));
  return rows.map((r) => ({ ...r.gebiet, ort: r.ort }));
}

/** The PLZ of a Gemeinde. */
export async function plzOfGebiet(db: Db, ars: string): Promise<string[]> {
  const rows = await db.select({ plz: plzGemeinden.plz }).from(plzGemeinden).where(eq(plzGemeinden.ars, ars)).orderBy(asc(plzGemeinden.plz));
  return rows.map((r) => r.plz);
}

export async function countGebiete(db: Db): Promise<number> {
  const [row] = await db.select({ n: count() }).from(gebiete);
  return Number(row!.n);
}

export type GebietFixtureRow = Pick<Gebiet, 'ars' | 'schluessel' | 'ebene' | 'name' | 'hinweis' | 'parentArs'>;

export function readGebieteFixture(file = GEBIETE_FIXTURE): GebietFixtureRow[] {
  const rows: GebietFixtureRow[] = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [ars, schluessel, ebene, name, hinweis] = line.split('\t');
    rows.push({ ars: ars!, schluessel: schluessel!, ebene: ebene!, name: name!, hinweis: hinweis || null, parentArs: null });
  }
  const bySchluessel = new Map(rows.map((g) => [g.schluessel, g]));
  for (const g of rows) {
    // Parent: the nearest enclosing level that exists (Gemeinde → Kreis → Regierungsbezirk → Land).
    for (const n of [9, 5, 3, 2]) {
      if (n >= g.schluessel.length) continue;
      const parent = bySchluessel.get(g.schluessel.slice(0, n));
      if (parent) { g.parentArs = parent.ars; break; }
    }
    if (canonicalArs(g.ars) !== g.schluessel) throw new Error(`fixture row ${g.ars}: schluessel ${g.schluessel} is not canonical`);
  }
  // Parents first, so the self-reference holds on every batch.
  return rows.sort((a, b) => a.schluessel.length - b.schluessel.length || a.ars.localeCompare(b.ars));
}

/**
 * Makes the Gebiete equal to the fixture in place: new ones added, changed names and levels
 * updated (parents first). Gebiete the fixture no longer lists are kept — objects refer to them.
 * Returns how many rows it wrote.
 */
export async function loadGebiete(db: Db, rows = readGebieteFixture()): Promise<number> {
  let written = 0;
  await db.transaction(async (tx) => {
    // The columns of the first schema only: this also runs on databases migrated to an older version.
    for (let i = 0; i < rows.length; i += 2000) {
      const result = await tx.execute(sql`
        WITH w AS (
          INSERT INTO gebiete (ars, schluessel, ebene, name, hinweis, parent_ars)
          SELECT ars, schluessel, ebene, name, hinweis, "parentArs" FROM jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + 2000))}::jsonb)
            AS r(ars text, schluessel text, ebene text, name text, hinweis text, "parentArs" text)
          ON CONFLICT (ars) DO UPDATE SET schluessel = EXCLUDED.schluessel, ebene = EXCLUDED.ebene, name = EXCLUDED.name, hinweis = EXCLUDED.hinweis, parent_ars = EXCLUDED.parent_ars
            WHERE (gebiete.schluessel, gebiete.ebene, gebiete.name, gebiete.hinweis, gebiete.parent_ars)
              IS DISTINCT FROM (EXCLUDED.schluessel, EXCLUDED.ebene, EXCLUDED.name, EXCLUDED.hinweis, EXCLUDED.parent_ars)
          RETURNING 1)
        SELECT count(*)::int AS n FROM w`);
      written += rowsOf<{ n: number }>(result)[0]?.n ?? 0;
    }
  });
  return written;
}
