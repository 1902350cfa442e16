/**
 * What the OZG dashboard (src/ozg/report.ts) computes from, in five queries: the OZG-Leistungen,
 * the published Leistungen that implement one (by their LeiKa keys), the published online
 * services for them, the published Zuständigkeiten for them, and the Gemeinden and Kreise of the
 * area with their population.
 */
import { sql } from 'drizzle-orm';
import type { Db } from './client';
import { PUBLISHED, rowsOf } from './objectStore';

export interface OzgBasis {
  ozg: Array<{ id: string; name: string; lebenslage: string; themenfeld: string; typisierungen: string[] }>;
  leistungen: Array<{ uuid: string; name: string; ozgIds: string[] }>;
  dienste: Array<{ uuid: string; reifegrad: number; ars: string[]; leistungen: string[] }>;
  zustaendigkeiten: Array<{ leistung: string; dienst: string | null; gebiet: string }>;
  gemeinden: Array<{ schluessel: string; ars: string; name: string; bevoelkerung: number | null }>;
  kreise: Array<{ schluessel: string; ars: string; name: string }>;
}

const NAME = `coalesce(
  jsonb_path_query_first(content, '$.modulText[*] ? (@.leikaTextmodul == "03").inhalt[*] ? (@.languageCode == "de").value') #>> '{}',
  jsonb_path_query_first(content, '$.modulText[*] ? (@.leikaTextmodul == "02").inhalt[*] ? (@.languageCode == "de").value') #>> '{}', '')`;

/** `prefix`: canonical ARS prefix of the area (the Land, a Kreis, a Gemeinde). */
export async function loadOzgBasis(db: Db, prefix: string): Promise<OzgBasis> {
  const like = `${prefix}%`;
  const [ozg, leistungen, gemeinden, kreise] = await Promise.all([
    db.execute(sql`
      SELECT o.ozg_id AS id, o.name, o.lebenslage, o.themenfeld,
        coalesce((SELECT array_agg(DISTINCT trim(t)) FROM leika_eintraege e, unnest(string_to_array(e.typisierung, ',')) t WHERE e.ozg_id = o.ozg_id AND trim(t) <> ''), '{}') AS typisierungen
      FROM ozg_leistungen o ORDER BY o.themenfeld, o.name`),
    db.execute(sql.raw(`
      SELECT l.uuid, ${NAME.replace(/content/g, 'l.content')} AS name, array_agg(DISTINCT e.ozg_id) AS ozg_ids
      FROM leistungen l JOIN LATERAL unnest(l.leika_keys) k(key) ON true JOIN leika_eintraege e ON e.key = k.key AND e.ozg_id IS NOT NULL
      WHERE l.status = '${PUBLISHED}' GROUP BY l.uuid, l.content`)),
    db.execute(sql`
      SELECT schluessel, ars, name, bevoelkerung FROM gebiete
      WHERE schluessel LIKE ${like} AND (ebene IN ('gemeinde', 'kreisfreie_stadt') OR bevoelkerung IS NOT NULL) AND ebene <> 'ortsteil'
      ORDER BY schluessel`),
    db.execute(sql`SELECT schluessel, ars, name FROM gebiete WHERE ebene IN ('kreis', 'kreisfreie_stadt') AND (schluessel LIKE ${like} OR ${prefix} LIKE schluessel || '%') ORDER BY schluessel`),
  ]);
  const leistungRows = rowsOf<{ uuid: string; name: string; ozg_ids: string[] }>(leistungen);
  const uuids = JSON.stringify(leistungRows.map((l) => l.uuid));
  const [dienste, zustaendigkeiten] = await Promise.all([
    db.execute(sql`
      SELECT d.uuid, coalesce(d.reifegrad, 0) AS reifegrad, d.ars, array_agg(ol.leistung_uuid) AS leistungen
      FROM onlinedienste d JOIN onlinedienst_leistungen ol ON ol.onlinedienst_uuid = d.uuid
      WHERE d.status = ${PUBLISHED} AND ol.leistung_uuid IN (SELECT (jsonb_array_elements_text(${uuids}::jsonb))::uuid)
      GROUP BY d.uuid`),
    db.execute(sql`
      SELECT z.leistung_uuid AS leistung, z.onlinedienst_uuid AS dienst, g.schluessel AS gebiet
      FROM zustaendigkeiten z JOIN gebiete g ON g.ars = z.gebiet_ars
      WHERE z.status = ${PUBLISHED} AND z.leistung_uuid IN (SELECT (jsonb_array_elements_text(${uuids}::jsonb))::uuid)`),
  ]);
  // Online services named only by Zuständigkeiten (not linked to the Leistung themselves) count too.
  const extraDienste = rowsOf<{ dienst: string | null }>(zustaendigkeiten).map((z) => z.dienst).filter((d): d is string => d !== null);
  const dienstRows = rowsOf<{ uuid: string; reifegrad: number; ars: string[]; leistungen: string[] }>(dienste);
  const known = new Set(dienstRows.map((d) => d.uuid));
  const missing = [...new Set(extraDienste.filter((d) => !known.has(d)))];
  if (missing.length > 0) {
    const more = rowsOf<{ uuid: string; reifegrad: number; ars: string[] }>(await db.execute(sql`
      SELECT uuid, coalesce(reifegrad, 0) AS reifegrad, ars FROM onlinedienste
      WHERE status = ${PUBLISHED} AND uuid IN (SELECT (jsonb_array_elements_text(${JSON.stringify(missing)}::jsonb))::uuid)`));
    for (const d of more) dienstRows.push({ ...d, leistungen: [] });
  }
  return {
    ozg: rowsOf<OzgBasis['ozg'][number]>(ozg),
    leistungen: leistungRows.map((l) => ({ uuid: l.uuid, name: l.name, ozgIds: l.ozg_ids })),
    dienste: dienstRows.map((d) => ({ ...d, reifegrad: Number(d.reifegrad) })),
    zustaendigkeiten: rowsOf<OzgBasis['zustaendigkeiten'][number]>(zustaendigkeiten),
    gemeinden: rowsOf<{ schluessel: string; ars: string; name: string; bevoelkerung: number | null }>(gemeinden).map((g) => ({ ...g, bevoelkerung: g.bevoelkerung === null ? null : Number(g.bevoelkerung) })),
    kreise: rowsOf<OzgBasis['kreise'][number]>(kreise),
  };
}
