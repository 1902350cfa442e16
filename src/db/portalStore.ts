/**
 * Queries behind the citizen portal and the answer API: ranked search over published
 * Leistungen, who is responsible where, local texts, places, Lebenslagen, sitemap, click counts.
 * Only published objects (status veroeffentlicht) are ever returned.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { PUBLISHED, rowsOf, type StoredObject } from './objectStore';

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
    freigabe: r.freigabe ?? null, leikaKey: r.leika_key ?? null,
  } as unknown as StoredObject;
}

/** The columns the portal reads of an object row: never the search vectors, which are as large as the texts. */
const ROW = ['uuid', 'seq', 'scheme_agency_id', 'xzufi_id', 'tenant_id', 'status', 'version', 'created_at', 'created_by', 'changed_at', 'changed_by', 'content', 'ars', 'published_version', 'published_at', 'published_by', 'freigabe'];
const cols = (alias: string) => sql.raw(ROW.map((c) => `${alias}.${c}`).join(', '));
/** The same, with only the parts of the content a result list shows (a Leistung is ~7 KB of JSON, its name a few bytes). */
const summaryCols = (alias: string, content: string) => sql.raw(ROW.map((c) => (c === 'content' ? `${content} AS content` : `${alias}.${c}`)).join(', '));
const LEISTUNG_SUMMARY = `jsonb_build_object('referenzLeiKa', l.content->'referenzLeiKa', 'modulText', jsonb_path_query_array(l.content, '$.modulText[*] ? (@.leikaTextmodul == "02" || @.leikaTextmodul == "03" || @.leikaTextmodul == "24" || @.leikaTextmodul == "05" || @.leikaTextmodul == "06")'))`;
const PARTY_SUMMARY = (a: string) => `jsonb_strip_nulls(jsonb_build_object('name', ${a}.content->'name', 'bezeichnung', ${a}.content->'bezeichnung', 'ozgReifegrad', ${a}.content->'ozgReifegrad', 'vertrauensniveau', ${a}.content->'vertrauensniveau', 'link', ${a}.content->'link', 'anschrift', ${a}.content->'anschrift', 'kommunikation', ${a}.content->'kommunikation'))`;

/** The territory given as canonical ARS keys contains the place (or is unrestricted). */
const covers = (column: string, place: string) => sql`(cardinality(${sql.raw(column)}) = 0 OR EXISTS (SELECT 1 FROM unnest(${sql.raw(column)}) AS g(key) WHERE ${place} LIKE g.key || '%'))`;

export interface SearchHit { row: StoredObject; rank: number }

/** Beyond this many matches in texts only, the total is given as "more than". */
export const COUNT_CAP = 500;

/**
 * Published Leistungen matching the tsquery (German config), valid at the place if given: those
 * whose name or synonyms match first, ranked by that small vector; then those matching only in
 * their texts, in the order they were created. Neither part reads more rows than the page needs
 * (a frequent word matches half of all Leistungen: ranking or counting all of them by their whole
 * text was the cost of a search), and the count stops at COUNT_CAP text-only matches.
 */
/** Hits carry a summary content: identity, LeiKa key and the text modules 02, 03, 24, 05 and 06. */
export async function searchLeistungen(db: Db, tsquery: string, opts: { place?: string; limit: number; offset?: number }): Promise<{ hits: SearchHit[]; total: number; capped: boolean }> {
  const placeFilter = opts.place ? sql`AND ${covers('l.ars', opts.place)}` : sql``;
  const q = sql`to_tsquery('german', ${tsquery})`;
  const offset = opts.offset ?? 0;
  const titles = rowsOf<{ uuid: string; rank: number }>(await db.execute(sql`
    SELECT l.uuid, ts_rank(l.search_title, ${q}) AS rank FROM leistungen l
    WHERE l.status = ${PUBLISHED} AND l.search_title @@ ${q} ${placeFilter}
    ORDER BY rank DESC, l.seq LIMIT ${COUNT_CAP}`));
  const page: Array<{ uuid: string; inTitle: boolean }> = titles.slice(offset, offset + opts.limit).map((t) => ({ uuid: t.uuid, inTitle: true }));
  if (page.length < opts.limit) {
    const textOnly = rowsOf<{ uuid: string }>(await db.execute(sql`
      SELECT l.uuid FROM leistungen l
      WHERE l.status = ${PUBLISHED} AND l.search @@ ${q} AND NOT (l.search_title @@ ${q}) ${placeFilter}
      ORDER BY l.seq LIMIT ${opts.limit - page.length} OFFSET ${Math.max(0, offset - titles.length)}`));
    page.push(...textOnly.map((t) => ({ uuid: t.uuid, inTitle: false })));
  }
  const [counted] = rowsOf<{ n: number }>(await db.execute(sql`
    SELECT count(*)::int AS n FROM (SELECT 1 FROM leistungen l
      WHERE l.status = ${PUBLISHED} AND l.search @@ ${q} AND NOT (l.search_title @@ ${q}) ${placeFilter} LIMIT ${COUNT_CAP}) m`));
  if (page.length === 0) return { hits: [], total: titles.length + counted!.n, capped: counted!.n >= COUNT_CAP };
  const rows = rowsOf<Row>(await db.execute(sql`
    SELECT ${summaryCols('l', LEISTUNG_SUMMARY)}, ts_rank(l.search, ${q}) AS rank FROM leistungen l WHERE l.uuid = ANY(${sql.param(page.map((p) => p.uuid))}::uuid[])`));
  const byUuid = new Map(rows.map((r) => [String(r.uuid), r]));
  // Title hits keep their order; text-only hits on this page are ordered by their whole-text rank.
  const hits = page.map((p) => ({ p, r: byUuid.get(p.uuid)! })).filter((x) => x.r);
  const head = hits.filter((x) => x.p.inTitle);
  const tail = hits.filter((x) => !x.p.inTitle).sort((a, b) => Number(b.r.rank) - Number(a.r.rank));
  return {
    hits: [...head, ...tail].map((x) => ({ row: storedOf(x.r), rank: Number(x.r.rank) + (x.p.inTitle ? 1 : 0) })),
    total: titles.length + counted!.n,
    capped: counted!.n >= COUNT_CAP,
  };
}

export async function publishedLeistung(db: Db, uuid: string): Promise<StoredObject | undefined> {
  const rows = rowsOf<Row>(await db.execute(sql`SELECT ${cols('l')} FROM leistungen l WHERE uuid = ${uuid} AND status = ${PUBLISHED}`));
  return rows[0] ? storedOf(rows[0]) : undefined;
}

export interface Responsible {
  leistungUuid: string;
  /** Offices by Zuständigkeit, the most specific territory first. */
  stellen: StoredObject[];
  /** Online services for this place: by Zuständigkeit or linked to the Leistung with a territory covering the place. */
  onlinedienste: StoredObject[];
}

/** Who is responsible for each Leistung at the place (canonical ARS). */
export async function responsibleAt(db: Db, leistungUuids: string[], place: string, opts: { summary?: boolean } = {}): Promise<Map<string, Responsible>> {
  // A result list shows names only: with `summary` the contents hold name, bezeichnung, links, levels, address and contacts.
  const stelleCols = opts.summary ? summaryCols('o', PARTY_SUMMARY('o')) : cols('o');
  const dienstCols = opts.summary ? summaryCols('d', PARTY_SUMMARY('d')) : cols('d');
  const out = new Map<string, Responsible>(leistungUuids.map((u) => [u, { leistungUuid: u, stellen: [], onlinedienste: [] }]));
  if (leistungUuids.length === 0) return out;
  const ids = sql.param(leistungUuids);
  // Two steps each, so that offices and services are read by their primary key: joined in one
  // query, the planner scanned every published service to test its territory (8 of 9 ms).
  const officePairs = rowsOf<{ leistung: string; oe: string; specificity: number }>(await db.execute(sql`
    SELECT z.leistung_uuid AS leistung, z.organisationseinheit_uuid AS oe,
      (SELECT max(length(g.key)) FROM unnest(z.ars) AS g(key) WHERE ${place} LIKE g.key || '%') AS specificity
    FROM zustaendigkeiten z
    WHERE z.leistung_uuid = ANY(${ids}::uuid[]) AND z.status = ${PUBLISHED} AND z.organisationseinheit_uuid IS NOT NULL
      AND EXISTS (SELECT 1 FROM unnest(z.ars) AS g(key) WHERE ${place} LIKE g.key || '%')`));
  const offices = officePairs.length === 0 ? [] : rowsOf<Row>(await db.execute(sql`
    SELECT ${stelleCols} FROM organisationseinheiten o WHERE o.uuid = ANY(${sql.param([...new Set(officePairs.map((p) => p.oe))])}::uuid[]) AND o.status = ${PUBLISHED}`));
  const officeByUuid = new Map(offices.map((r) => [String(r.uuid), r]));
  // Per Leistung each office once, at its most specific Zuständigkeit; most specific first.
  const best = new Map<string, { leistung: string; office: Row; specificity: number }>();
  for (const p of officePairs) {
    const office = officeByUuid.get(p.oe);
    const key = `${p.leistung}|${p.oe}`;
    if (office && (best.get(key)?.specificity ?? -1) < Number(p.specificity)) best.set(key, { leistung: p.leistung, office, specificity: Number(p.specificity) });
  }
  for (const b of [...best.values()].sort((a, c) => c.specificity - a.specificity || Number(a.office.seq) - Number(c.office.seq))) {
    out.get(b.leistung)!.stellen.push(storedOf(b.office));
  }
  const servicePairs = rowsOf<{ leistung: string; dienst: string }>(await db.execute(sql`
    SELECT z.leistung_uuid AS leistung, z.onlinedienst_uuid AS dienst FROM zustaendigkeiten z
      WHERE z.leistung_uuid = ANY(${ids}::uuid[]) AND z.status = ${PUBLISHED} AND z.onlinedienst_uuid IS NOT NULL
        AND EXISTS (SELECT 1 FROM unnest(z.ars) AS g(key) WHERE ${place} LIKE g.key || '%')
    UNION
    SELECT ol.leistung_uuid, ol.onlinedienst_uuid FROM onlinedienst_leistungen ol WHERE ol.leistung_uuid = ANY(${ids}::uuid[])`));
  const services = servicePairs.length === 0 ? [] : rowsOf<Row>(await db.execute(sql`
    SELECT ${dienstCols} FROM onlinedienste d
    WHERE d.uuid = ANY(${sql.param([...new Set(servicePairs.map((p) => p.dienst))])}::uuid[]) AND d.status = ${PUBLISHED} AND ${covers('d.ars', place)}`));
  const serviceByUuid = new Map(services.map((r) => [String(r.uuid), r]));
  // Most specific first: a municipality's own service before a state-wide one.
  const depth = (r: Row) => Math.max(0, ...((r.ars as string[]) ?? []).map((k) => k.length));
  const level = (r: Row) => Number((r.content as Row | undefined)?.ozgReifegrad ?? 0);
  const found = servicePairs.map((p) => ({ p, d: serviceByUuid.get(p.dienst) })).filter((x): x is { p: { leistung: string; dienst: string }; d: Row } => x.d !== undefined);
  for (const { p, d } of found.sort((a, b) => depth(b.d) - depth(a.d) || level(b.d) - level(a.d))) out.get(p.leistung)!.onlinedienste.push(storedOf(d));
  return out;
}

/** The published local texts of the Leistung whose territory contains the place, most specific first. */
export async function localisationsAt(db: Db, leistungUuid: string, place: string): Promise<StoredObject[]> {
  const rows = rowsOf<Row>(await db.execute(sql`
    SELECT ${cols('s')}, (SELECT max(length(g.key)) FROM unnest(s.ars) AS g(key) WHERE ${place} LIKE g.key || '%') AS specificity
    FROM spezialisierungen s
    WHERE s.leistung_uuid = ${leistungUuid} AND s.status = ${PUBLISHED}
      AND EXISTS (SELECT 1 FROM unnest(s.ars) AS g(key) WHERE ${place} LIKE g.key || '%')
    ORDER BY specificity DESC`));
  return rows.map(storedOf);
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
