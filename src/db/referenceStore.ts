/**
 * Writing the reference data (src/reference/sync.ts decides when): each table made equal to its
 * fixture in place — rows updated where they changed, added, and removed where the fixture no
 * longer has them — in chunks sent as one JSON parameter each.
 */
import { sql } from 'drizzle-orm';
import type { GemeindeRow, LeikaRow, OzgRow, PlzRow } from '../reference/fixtures';
import type { Db } from './client';
import { rowsOf } from './objectStore';

const CHUNK = 2000;

async function inChunks<T>(rows: T[], fn: (chunk: T[]) => Promise<number>): Promise<number> {
  let n = 0;
  for (let i = 0; i < rows.length; i += CHUNK) n += await fn(rows.slice(i, i + CHUNK));
  return n;
}

const affected = (result: unknown) => rowsOf<{ n: number }>(result)[0]?.n ?? 0;

export interface Applied { written: number; removed: number }

export async function applyLeika(tx: Db, rows: LeikaRow[]): Promise<Applied> {
  const written = await inChunks(rows, async (chunk) => affected(await tx.execute(sql`
    WITH w AS (
      INSERT INTO leika_eintraege (key, bezeichnung, typisierung, ozg_id, rechtsgrundlage)
      SELECT key, bezeichnung, typisierung, "ozgId", rechtsgrundlage FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb)
        AS r(key text, bezeichnung text, typisierung text, "ozgId" text, rechtsgrundlage text)
      ON CONFLICT (key) DO UPDATE SET bezeichnung = EXCLUDED.bezeichnung, typisierung = EXCLUDED.typisierung, ozg_id = EXCLUDED.ozg_id, rechtsgrundlage = EXCLUDED.rechtsgrundlage
        WHERE (leika_eintraege.bezeichnung, leika_eintraege.typisierung, leika_eintraege.ozg_id, leika_eintraege.rechtsgrundlage)
          IS DISTINCT FROM (EXCLUDED.bezeichnung, EXCLUDED.typisierung, EXCLUDED.ozg_id, EXCLUDED.rechtsgrundlage)
      RETURNING 1)
    SELECT count(*)::int AS n FROM w`)));
  const removed = affected(await tx.execute(sql`WITH d AS (DELETE FROM leika_eintraege WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.key))}::jsonb) AS k(v) WHERE k.v = key) RETURNING 1) SELECT count(*)::int AS n FROM d`));
  return { written, removed };
}

export async function applyOzg(tx: Db, rows: OzgRow[]): Promise<Applied> {
  const written = await inChunks(rows, async (chunk) => affected(await tx.execute(sql`
    WITH w AS (
      INSERT INTO ozg_leistungen (ozg_id, name, lebenslage, themenfeld)
      SELECT "ozgId", name, lebenslage, themenfeld FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r("ozgId" text, name text, lebenslage text, themenfeld text)
      ON CONFLICT (ozg_id) DO UPDATE SET name = EXCLUDED.name, lebenslage = EXCLUDED.lebenslage, themenfeld = EXCLUDED.themenfeld
        WHERE (ozg_leistungen.name, ozg_leistungen.lebenslage, ozg_leistungen.themenfeld) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.lebenslage, EXCLUDED.themenfeld)
      RETURNING 1)
    SELECT count(*)::int AS n FROM w`)));
  const removed = affected(await tx.execute(sql`WITH d AS (DELETE FROM ozg_leistungen WHERE NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.ozgId))}::jsonb) AS k(v) WHERE k.v = ozg_id) RETURNING 1) SELECT count(*)::int AS n FROM d`));
  return { written, removed };
}

/** PLZ pairs whose Gemeinde is not a known Gebiet are left out (and counted by the caller). */
export async function applyPlz(tx: Db, rows: PlzRow[]): Promise<Applied & { unknownArs: number }> {
  const removed = affected(await tx.execute(sql`WITH d AS (DELETE FROM plz_gemeinden RETURNING 1) SELECT count(*)::int AS n FROM d`));
  const written = await inChunks(rows, async (chunk) => affected(await tx.execute(sql`
    WITH w AS (
      INSERT INTO plz_gemeinden (plz, ars, ort)
      SELECT r.plz, r.ars, r.ort FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(plz text, ars text, ort text)
      WHERE EXISTS (SELECT 1 FROM gebiete g WHERE g.ars = r.ars)
      ON CONFLICT DO NOTHING
      RETURNING 1)
    SELECT count(*)::int AS n FROM w`)));
  return { written, removed: Math.max(0, removed - written), unknownArs: rows.length - written };
}

export async function applyGemeinden(tx: Db, rows: GemeindeRow[]): Promise<Applied & { unknownArs: number }> {
  const written = await inChunks(rows, async (chunk) => affected(await tx.execute(sql`
    WITH w AS (
      UPDATE gebiete g SET bevoelkerung = r.bevoelkerung, flaeche_km2 = r."flaecheKm2", plz_verwaltungssitz = r."plzVerwaltungssitz", laengengrad = r.laengengrad, breitengrad = r.breitengrad
      FROM jsonb_to_recordset(${JSON.stringify(chunk)}::jsonb) AS r(ars text, bevoelkerung integer, "flaecheKm2" real, "plzVerwaltungssitz" text, laengengrad double precision, breitengrad double precision)
      WHERE g.ars = r.ars
      RETURNING 1)
    SELECT count(*)::int AS n FROM w`)));
  const removed = affected(await tx.execute(sql`
    WITH d AS (UPDATE gebiete SET bevoelkerung = NULL, flaeche_km2 = NULL, plz_verwaltungssitz = NULL, laengengrad = NULL, breitengrad = NULL
      WHERE bevoelkerung IS NOT NULL AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements_text(${JSON.stringify(rows.map((r) => r.ars))}::jsonb) AS k(v) WHERE k.v = ars) RETURNING 1)
    SELECT count(*)::int AS n FROM d`));
  return { written, removed, unknownArs: rows.length - written };
}
