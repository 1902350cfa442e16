/**
 * Queries behind the citizen portal and the answer API: ranked search over published
 * Leistungen, who is responsible where, local texts, places, Lebenslagen, sitemap, click counts.
 * Only published objects (status veroeffentlicht) are ever returned.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './client';
import { PUBLISHED, rowsOf, type StoredObject } from './objectStore';
import { FEED_BOUND } from './feedBound';
import type { ChangePosition } from './syndicationStore';

type Row = Record<string, unknown>;

/** The row as Drizzle would return it, from a raw `SELECT t.*` (snake_case → the fields the app reads). */
function storedOf(r: Row): StoredObject {
  return {
    uuid: String(r.uuid), seq: Number(r.seq), schemeAgencyId: String(r.scheme_agency_id), xzufiId: String(r.xzufi_id),
    tenantId: (r.tenant_id as string | null) ?? null, status: r.status, version: Number(r.version),
    createdAt: new Date(r.created_at as string), createdBy: String(r.created_by), changedAt: new Date(r.changed_at as string), changedBy: String(r.changed_by),
    content: r.content as Record<string, unknown>, ars: (r.ars as string[]) ?? [],
    publishedVersion: r.published_version === null ? null : Number(r.published_version),
    publishedAt: r.published_at ? new Date(r.published_at as string) : null, publishedBy: (r.published_by as string | null) ?? null,
    freigabe: r.freigabe ?? null, leikaKey: r.leika_key ?? null, statusComment: (r.status_comment as string | null) ?? null,
  } as unknown as StoredObject;
}

/** The columns the portal reads of an object row: never the search vectors, which are as large as the texts. */
const ROW = ['uuid', 'seq', 'scheme_agency_id', 'xzufi_id', 'tenant_id', 'status', 'version', 'created_at', 'created_by', 'changed_at', 'changed_by', 'content', 'ars', 'published_version', 'published_at', 'published_by', 'freigabe', 'status_comment'];
const cols = (alias: string) => sql.raw(ROW.map((c) => `${alias}.${c}`).join(', '));
/** The territory given as canonical ARS keys contains the place (or is unrestricted). */
const covers = (column: string, place: string) => sql`(cardinality(${sql.raw(column)}) = 0 OR EXISTS (SELECT 1 FROM unnest(${sql.raw(column)}) AS g(key) WHERE ${place} LIKE g.key || '%'))`;

// ---------------------------------------------------------------- the portal's read model (src/portal/readModel.ts)

/** The object tables the portal shows. */
export type PortalTable = 'leistungen' | 'spezialisierungen' | 'organisationseinheiten' | 'onlinedienste' | 'zustaendigkeiten';
export const PORTAL_TABLES: PortalTable[] = ['leistungen', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten'];

/**
 * Runs fn in one read-only repeatable-read snapshot, with the position in the change order up to
 * which that snapshot holds every change (changes of older transactions are all visible in it;
 * later ones are read from the delta feed afterwards, some perhaps twice).
 */
export async function inSnapshot<T>(db: Db, fn: (tx: Db, upTo: ChangePosition) => Promise<T>, bound: SQL = FEED_BOUND): Promise<T> {
  return db.transaction(async (tx) => {
    const [row] = rowsOf<{ xid: string }>(await tx.execute(sql`SELECT ${bound}::text AS xid`));
    return fn(tx as unknown as Db, { xid: row!.xid, seq: 0 });
  }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/**
 * Where the change order stands (the sequence every change takes its number from), and whether
 * another session of this database is inside a statement or a writing transaction. When the
 * sequence has not moved since a look at the feed that saw no such session, the feed holds
 * nothing new: a writer takes its number inside a statement (backend_xmin is set while it runs)
 * and keeps a transaction id until it ends. A cheap question, asked before the feed query.
 */
export async function feedState(db: Db): Promise<{ position: string; writing: boolean }> {
  const [row] = rowsOf<{ position: string; writing: boolean }>(await db.execute(sql`
    SELECT (SELECT last_value::text || ':' || is_called::text FROM xzufi_change_seq) AS position,
      EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
        AND (backend_xid IS NOT NULL OR backend_xmin IS NOT NULL)) AS writing`));
  return row!;
}

/** What the read model keeps of a published Leistung: the search vector as text and the texts of a result list. */
export interface LeistungIndexRow { uuid: string; seq: number; xzufiId: string; keys: string[]; vector: string; summary: Record<string, unknown> }
export interface ZustaendigkeitIndexRow { uuid: string; seq: number; leistung: string; keys: string[]; oe: string | null; od: string | null }
export interface SpezialisierungIndexRow { uuid: string; seq: number; leistung: string; keys: string[]; tenantId: string | null }
/** What a search result shows of an object (its name, for a service its maturity and trust level): `content` holds just that. */
export interface ObjectLabel { uuid: string; content: Record<string, unknown> }
export interface OnlinedienstIndexRow { uuid: string; seq: number; keys: string[]; reifegrad: number; leistungen: string[]; label: ObjectLabel }
export interface OrganisationseinheitIndexRow { uuid: string; seq: number; label: ObjectLabel }
export interface IndexRows {
  leistungen: LeistungIndexRow; zustaendigkeiten: ZustaendigkeitIndexRow; spezialisierungen: SpezialisierungIndexRow;
  onlinedienste: OnlinedienstIndexRow; organisationseinheiten: OrganisationseinheitIndexRow;
}

/** What a result list shows: the LeiKa key and the modules 02, 03 (names), 24, 05, 06 (sources of the teaser). */
const LEISTUNG_SUMMARY = `jsonb_build_object('referenzLeiKa', t.content->'referenzLeiKa', 'modulText', jsonb_path_query_array(t.content, '$.modulText[*] ? (@.leikaTextmodul == "02" || @.leikaTextmodul == "03" || @.leikaTextmodul == "24" || @.leikaTextmodul == "05" || @.leikaTextmodul == "06")'))`;

/** Each row as one JSON array (PGlite decodes every column of a row on its own; the initial load reads 80,000 rows at Hessen scale). */
const INDEX_COLUMNS: Record<PortalTable, string> = {
  leistungen: `t.uuid, t.seq, t.xzufi_id, t.ars, t.search::text, ${LEISTUNG_SUMMARY}`,
  zustaendigkeiten: 't.uuid, t.seq, t.leistung_uuid, t.ars, t.organisationseinheit_uuid, t.onlinedienst_uuid',
  spezialisierungen: 't.uuid, t.seq, t.leistung_uuid, t.ars, t.tenant_id',
  onlinedienste: `t.uuid, t.seq, t.ars, coalesce((t.content->>'ozgReifegrad')::int, 0),
    coalesce((SELECT array_agg(ol.leistung_uuid) FROM onlinedienst_leistungen ol WHERE ol.onlinedienst_uuid = t.uuid), '{}'),
    jsonb_strip_nulls(jsonb_build_object('bezeichnung', t.content->'bezeichnung', 'ozgReifegrad', t.content->'ozgReifegrad', 'vertrauensniveau', t.content->'vertrauensniveau'))`,
  organisationseinheiten: `t.uuid, t.seq, jsonb_strip_nulls(jsonb_build_object('name', t.content->'name'))`,
};

const FROM_ARRAY: { [T in PortalTable]: (r: unknown[]) => IndexRows[T] } = {
  leistungen: (r) => ({ uuid: r[0] as string, seq: r[1] as number, xzufiId: r[2] as string, keys: r[3] as string[], vector: r[4] as string, summary: r[5] as Record<string, unknown> }),
  zustaendigkeiten: (r) => ({ uuid: r[0] as string, seq: r[1] as number, leistung: r[2] as string, keys: r[3] as string[], oe: r[4] as string | null, od: r[5] as string | null }),
  spezialisierungen: (r) => ({ uuid: r[0] as string, seq: r[1] as number, leistung: r[2] as string, keys: r[3] as string[], tenantId: r[4] as string | null }),
  onlinedienste: (r) => ({ uuid: r[0] as string, seq: r[1] as number, keys: r[2] as string[], reifegrad: r[3] as number, leistungen: r[4] as string[], label: { uuid: r[0] as string, content: r[5] as Record<string, unknown> } }),
  organisationseinheiten: (r) => ({ uuid: r[0] as string, seq: r[1] as number, label: { uuid: r[0] as string, content: r[2] as Record<string, unknown> } }),
};

/**
 * The read model's rows of published objects: a page in insertion order (initial load), or the
 * given objects if they are published (after a change).
 */
export async function portalIndexRows<T extends PortalTable>(db: Db, table: T, which: { afterSeq: number; limit: number } | { uuids: string[] }): Promise<Array<IndexRows[T]>> {
  if ('uuids' in which && which.uuids.length === 0) return [];
  const where = 'uuids' in which ? sql`t.uuid = ANY(${sql.param(which.uuids)}::uuid[])` : sql`t.seq > ${which.afterSeq}`;
  const tail = 'uuids' in which ? sql`` : sql`ORDER BY t.seq LIMIT ${which.limit}`;
  const result = await db.execute(sql`SELECT json_build_array(${sql.raw(INDEX_COLUMNS[table])}) AS r FROM ${sql.raw(table)} t
    WHERE t.status = ${PUBLISHED} AND ${where} ${tail}`);
  return rowsOf<{ r: unknown[] }>(result).map(({ r }) => FROM_ARRAY[table](r));
}

/** Whole published rows (the portal's object cache): content and envelope, never the search vectors. */
export async function publishedRows(db: Db, table: PortalTable, uuids: string[]): Promise<StoredObject[]> {
  if (uuids.length === 0) return [];
  const rows = rowsOf<Row>(await db.execute(sql`SELECT ${cols('t')} FROM ${sql.raw(table)} t WHERE t.uuid = ANY(${sql.param(uuids)}::uuid[]) AND t.status = ${PUBLISHED}`));
  return rows.map(storedOf);
}

/**
 * How the German configuration reads each word as a prefix query: its lexemes (`Führerscheine` →
 * `fuhrerschein`), none for a stop word. Words are letters and digits only.
 */
export async function lexemesOfWords(db: Db, words: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (words.length === 0) return out;
  const rows = rowsOf<{ w: string; q: string }>(await db.execute(sql`
    SELECT w, to_tsquery('german', quote_literal(w) || ':*')::text AS q FROM unnest(${sql.param(words)}::text[]) AS w`));
  for (const r of rows) out.set(r.w, [...r.q.matchAll(/'((?:[^']|'')*)':\*/g)].map((m) => m[1]!.replace(/''/g, "'")));
  return out;
}

/** ARS of published addresses with this postcode, the most frequent first. */
export async function arsByPostcode(db: Db, plz: string): Promise<string[]> {
  const rows = rowsOf<{ ars: string }>(await db.execute(sql`
    SELECT a->>'ars' AS ars, count(*) AS n FROM organisationseinheiten o, jsonb_array_elements(o.content->'anschrift') a
    WHERE o.status = ${PUBLISHED} AND a->>'postleitzahl' = ${plz} AND a->>'ars' IS NOT NULL
    GROUP BY 1 ORDER BY n DESC, 1`));
  return rows.map((r) => r.ars);
}

export async function publishedKategorien(db: Db): Promise<Array<StoredObject & { leistungen: number }>> {
  const rows = rowsOf<Row>(await db.execute(sql`
    SELECT ${cols('k')}, (SELECT count(*) FROM leistung_kategorien lk JOIN leistungen l ON l.uuid = lk.leistung_uuid
                 WHERE lk.kategorie_uuid = k.uuid AND l.status = ${PUBLISHED}) AS leistungen
    FROM kategorien k WHERE k.status = ${PUBLISHED} AND k.parent_uuid IS NULL ORDER BY k.seq`));
  return rows.map((r) => Object.assign(storedOf(r), { leistungen: Number(r.leistungen) }));
}

export async function leistungenOfKategorie(db: Db, kategorieUuid: string, place?: string): Promise<StoredObject[]> {
  const placeFilter = place ? sql`AND ${covers('l.ars', place)}` : sql``;
  const rows = rowsOf<Row>(await db.execute(sql`
    SELECT ${cols('l')} FROM leistungen l JOIN leistung_kategorien lk ON lk.leistung_uuid = l.uuid
    WHERE lk.kategorie_uuid = ${kategorieUuid} AND l.status = ${PUBLISHED} ${placeFilter} ORDER BY l.seq`));
  return rows.map(storedOf);
}

export async function publishedKategorie(db: Db, uuid: string): Promise<StoredObject | undefined> {
  const rows = rowsOf<Row>(await db.execute(sql`SELECT ${cols('k')} FROM kategorien k WHERE uuid = ${uuid} AND status = ${PUBLISHED}`));
  return rows[0] ? storedOf(rows[0]) : undefined;
}

/** Every published Leistung for the sitemap: id and last change. */
export async function sitemapEntries(db: Db): Promise<Array<{ uuid: string; changedAt: Date }>> {
  const rows = rowsOf<Row>(await db.execute(sql`SELECT uuid, coalesce(published_at, changed_at) AS at FROM leistungen WHERE status = ${PUBLISHED} ORDER BY seq`));
  return rows.map((r) => ({ uuid: String(r.uuid), changedAt: new Date(r.at as string) }));
}

export async function publishedOnlinedienst(db: Db, uuid: string): Promise<StoredObject | undefined> {
  const rows = rowsOf<Row>(await db.execute(sql`SELECT ${cols('d')} FROM onlinedienste d WHERE uuid = ${uuid} AND status = ${PUBLISHED}`));
  return rows[0] ? storedOf(rows[0]) : undefined;
}

/** One more click on the Onlinedienst today (Europe/Berlin). */
export async function recordClick(db: Db, onlinedienstUuid: string): Promise<void> {
  await db.execute(sql`
    INSERT INTO onlinedienst_clicks (onlinedienst_uuid, day, clicks) VALUES (${onlinedienstUuid}, (now() AT TIME ZONE 'Europe/Berlin')::date, 1)
    ON CONFLICT (onlinedienst_uuid, day) DO UPDATE SET clicks = onlinedienst_clicks.clicks + 1`);
}

const lands = new WeakMap<object, { value: string; until: number }>();

/** The Land of this installation (two digits), from its Landesredaktion tenant; '' if none. Remembered for a minute. */
export async function landPrefix(db: Db): Promise<string> {
  const known = lands.get(db);
  if (known && known.until > Date.now()) return known.value;
  const rows = rowsOf<{ ars: string | null }>(await db.execute(sql`SELECT ars FROM tenants WHERE kind = 'landesredaktion' AND ars IS NOT NULL ORDER BY created_at LIMIT 1`));
  const value = rows[0]?.ars ? rows[0].ars.slice(0, 2) : '';
  lands.set(db, { value, until: Date.now() + 60_000 });
  return value;
}
