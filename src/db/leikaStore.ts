/** Reading the LeiKa catalogue and the OZG-Umsetzungskatalog (loaded by src/reference/sync.ts). */
import { and, asc, eq, gt, inArray, like, sql, type SQL } from 'drizzle-orm';
import type { Visibility } from '../auth/policy';
import type { Db } from './client';
import { PUBLISHED, rowsOf } from './objectStore';
import { visibleWhere } from './visibility';
import { leikaEintraege, leistungen, ozgLeistungen } from './schema';

export type LeikaEintrag = typeof leikaEintraege.$inferSelect;
export type OzgLeistung = typeof ozgLeistungen.$inferSelect;

export interface LeikaQuery {
  /** Words (each must occur in the name) or the beginning of a key. */
  q?: string;
  gruppierung?: string;
  /** One Typisierung value (`4`, `2/3`): entries whose Typisierung lists it. */
  typisierung?: string;
  afterKey?: string;
  limit: number;
}

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Entries by key or words, in key order — except that with words, names that begin with the
 * first word come first (what an editor who types "Personalaus" means).
 */
export async function searchLeika(db: Db, query: LeikaQuery): Promise<LeikaEintrag[]> {
  const where: SQL[] = [];
  const q = query.q?.trim().toLowerCase() ?? '';
  const words = q.match(/[\p{L}\p{N}]+/gu) ?? [];
  if (/^\d+$/.test(q)) where.push(like(leikaEintraege.key, `${q}%`));
  else for (const w of words.slice(0, 8)) where.push(like(sql`lower(${leikaEintraege.bezeichnung})`, `%${escapeLike(w)}%`));
  if (query.gruppierung) where.push(like(leikaEintraege.key, `__${query.gruppierung}%`));
  if (query.typisierung) where.push(sql`${query.typisierung} = ANY(string_to_array(replace(${leikaEintraege.typisierung}, ' ', ''), ','))`);
  if (query.afterKey) where.push(gt(leikaEintraege.key, query.afterKey));
  const first = words.length > 0 && !/^\d+$/.test(q) ? words[0]! : undefined;
  const order = first ? [sql`(lower(${leikaEintraege.bezeichnung}) LIKE ${`${escapeLike(first)}%`}) DESC`, asc(leikaEintraege.key)] : [asc(leikaEintraege.key)];
  return db.select().from(leikaEintraege).where(and(...where)).orderBy(...order).limit(query.limit);
}

export async function findLeika(db: Db, key: string): Promise<LeikaEintrag | undefined> {
  return (await db.select().from(leikaEintraege).where(eq(leikaEintraege.key, key)))[0];
}

/**
 * Entries a transaction has read ahead (prefetchLeika) and keeps for its lifetime: an import
 * checks every Leistung it publishes against the catalogue, 3,600 queries at Hessen scale, or one.
 */
const readAhead = new WeakMap<Db, Map<string, LeikaEintrag | null>>();

/** Reads the entries of these keys for the rest of the transaction `tx` (leikaKnown answers them from memory there). */
export async function prefetchLeika(tx: Db, keys: Iterable<string>): Promise<void> {
  let memo = readAhead.get(tx);
  if (!memo) readAhead.set(tx, (memo = new Map()));
  const missing = [...new Set(keys)].filter((k) => !memo.has(k));
  for (let i = 0; i < missing.length; i += 5000) {
    const slice = missing.slice(i, i + 5000);
    const rows = await tx.select().from(leikaEintraege).where(inArray(leikaEintraege.key, slice));
    for (const k of slice) memo.set(k, null);
    for (const r of rows) memo.set(r.key, r);
  }
}

export async function leikaKnown(db: Db, keys: string[]): Promise<Map<string, LeikaEintrag>> {
  if (keys.length === 0) return new Map();
  const memo = readAhead.get(db);
  if (memo) {
    await prefetchLeika(db, keys);
    return new Map(keys.flatMap((k) => { const e = memo.get(k); return e ? [[k, e] as const] : []; }));
  }
  const rows = await db.select().from(leikaEintraege).where(inArray(leikaEintraege.key, [...new Set(keys)]));
  return new Map(rows.map((r) => [r.key, r]));
}

export async function ozgByIds(db: Db, ids: string[]): Promise<Map<string, OzgLeistung>> {
  const unique = [...new Set(ids.filter(Boolean))];
  if (unique.length === 0) return new Map();
  const rows = await db.select().from(ozgLeistungen).where(inArray(ozgLeistungen.ozgId, unique));
  return new Map(rows.map((r) => [r.ozgId, r]));
}

export interface KeyUse { key: string; uuid: string; content: Record<string, unknown>; status: string }

/** The Leistungen (as the caller may see them) that refer to each of the keys. */
export async function leistungenUsingKeys(db: Db, keys: string[], visibility: Visibility): Promise<KeyUse[]> {
  if (keys.length === 0) return [];
  const visible = visibleWhere(leistungen, visibility);
  const rows = rowsOf<{ key: string; uuid: string; content: Record<string, unknown>; status: string }>(await db.execute(sql`
    SELECT k AS key, leistungen.uuid, leistungen.content, leistungen.status FROM leistungen, unnest(leistungen.leika_keys) k
    WHERE k IN (SELECT jsonb_array_elements_text(${JSON.stringify([...new Set(keys)])}::jsonb)) ${visible ? sql`AND ${visible}` : sql``}
    ORDER BY leistungen.status = ${PUBLISHED} DESC, leistungen.seq LIMIT 500`));
  return rows;
}
