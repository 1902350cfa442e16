/**
 * OZG dashboard: Leistungen by Reifegrad of their best online service, coverage (in how many
 * Gemeinden a Zuständigkeit exists), missing Zuständigkeiten, CSV; and portal clicks on online
 * services. Figures are of published objects, for the caller's area or the whole Land.
 */
import { sql } from 'drizzle-orm';
import type { Principal } from '../auth/policy';
import type { Db } from '../db/client';
import { PUBLISHED, rowsOf } from '../db/objectStore';
import { landPrefix } from '../db/portalStore';
import { localized, type Lang } from '../portal/i18n';
import { leistungTitle } from '../portal/leistungPage';

export interface OzgRow { uuid: string; leika: string; name: string; reifegrad: number; covered: number; total: number; kommunal: boolean }
export interface OzgReport { area: string; byLevel: Array<{ level: number; count: number }>; rows: OzgRow[]; gemeinden: number; missing: OzgRow[]; chart: string }

/** Typisierungen whose Vollzug lies with the Kommunen: every Gemeinde needs a Zuständigkeit. */
const KOMMUNAL = ['2/3', '2/3a', '2/3b', '4', '4a', '4b', '5'];

export async function ozgReport(db: Db, area: string | undefined, lang: Lang): Promise<OzgReport> {
  const prefix = area ?? await landPrefix(db);
  const inArea = (column: string) => sql`(cardinality(${sql.raw(column)}) = 0 OR EXISTS (SELECT 1 FROM unnest(${sql.raw(column)}) g(key) WHERE g.key LIKE ${prefix + '%'} OR ${prefix} LIKE g.key || '%'))`;
  const gemeinden = Number(rowsOf<{ n: string }>(await db.execute(sql`SELECT count(*) AS n FROM gebiete WHERE ebene IN ('gemeinde', 'kreisfreie_stadt') AND schluessel LIKE ${prefix + '%'}`))[0]?.n ?? 0);
  const result = await db.execute(sql`
    SELECT l.uuid, l.leika_key, l.content,
      coalesce((SELECT max((d.content->>'ozgReifegrad')::int) FROM onlinedienste d
        WHERE d.status = ${PUBLISHED} AND ${inArea('d.ars')} AND (
          d.uuid IN (SELECT onlinedienst_uuid FROM onlinedienst_leistungen WHERE leistung_uuid = l.uuid)
          OR d.uuid IN (SELECT onlinedienst_uuid FROM zustaendigkeiten WHERE leistung_uuid = l.uuid AND status = ${PUBLISHED}))), 0) AS reifegrad,
      (SELECT count(DISTINCT g.ars) FROM zustaendigkeiten z JOIN gebiete g
          ON g.ebene IN ('gemeinde', 'kreisfreie_stadt') AND g.schluessel LIKE ${prefix + '%'}
         AND EXISTS (SELECT 1 FROM unnest(z.ars) k(key) WHERE g.schluessel LIKE k.key || '%')
        WHERE z.leistung_uuid = l.uuid AND z.status = ${PUBLISHED}) AS covered
    FROM leistungen l WHERE l.status = ${PUBLISHED} AND ${inArea('l.ars')} ORDER BY l.seq`);
  const rows: OzgRow[] = rowsOf<Record<string, unknown>>(result).map((r) => {
    const content = r.content as Record<string, unknown>;
    return {
      uuid: String(r.uuid), leika: String(r.leika_key ?? ''), name: leistungTitle(content, lang).value, reifegrad: Number(r.reifegrad),
      covered: Number(r.covered), total: gemeinden, kommunal: ((content.typisierung as string[] | undefined) ?? []).some((t) => KOMMUNAL.includes(t)),
    };
  });
  const byLevel = [0, 1, 2, 3, 4].map((level) => ({ level, count: rows.filter((r) => r.reifegrad === level).length }));
  return { area: prefix, byLevel, rows, gemeinden, missing: rows.filter((r) => r.kommunal && r.covered < r.total), chart: reifegradChart(byLevel, lang) };
}

/** A bar chart as inline SVG (no script): role img with title and description; the table beside it has the same figures. */
export function reifegradChart(byLevel: Array<{ level: number; count: number }>, lang: Lang): string {
  const width = 480;
  const barArea = 200;
  const max = Math.max(1, ...byLevel.map((b) => b.count));
  const bar = 64;
  const gap = 24;
  const title = lang === 'en' ? 'Services by OZG maturity level' : 'Leistungen nach OZG-Reifegrad';
  const desc = byLevel.map((b) => `${lang === 'en' ? 'Level' : 'Reifegrad'} ${b.level}: ${b.count}`).join(', ');
  const bars = byLevel.map((b, i) => {
    const h = Math.round((b.count / max) * barArea);
    const x = 40 + i * (bar + gap);
    const y = 20 + barArea - h;
    return `<rect x="${x}" y="${y}" width="${bar}" height="${h}" fill="#00508c"></rect>`
      + `<text x="${x + bar / 2}" y="${y - 4}" text-anchor="middle">${b.count}</text>`
      + `<text x="${x + bar / 2}" y="${20 + barArea + 18}" text-anchor="middle">${b.level}</text>`;
  }).join('');
  return `<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 ${width} ${barArea + 60}" width="${width}" height="${barArea + 60}" xmlns="http://www.w3.org/2000/svg">`
    + `<title id="chart-title">${title}</title><desc id="chart-desc">${desc}</desc>`
    + `<line x1="30" y1="${20 + barArea}" x2="${width - 10}" y2="${20 + barArea}" stroke="#1b1b1b"></line>${bars}`
    + `<text x="${width / 2}" y="${barArea + 56}" text-anchor="middle">${lang === 'en' ? 'maturity level' : 'Reifegrad'}</text></svg>`;
}

const csvCell = (v: string | number) => (/[;"\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

export function ozgCsv(report: OzgReport): string {
  const lines = [['leika', 'bezeichnung', 'reifegrad', 'gemeinden_mit_zustaendigkeit', 'gemeinden_gesamt', 'kommunaler_vollzug'].join(';')];
  for (const r of report.rows) lines.push([r.leika, r.name, r.reifegrad, r.covered, r.total, r.kommunal ? 'ja' : 'nein'].map(csvCell).join(';'));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface Usage { name: string; last7: number; last30: number }

/** Portal clicks on the online services the caller keeps (all of them for the Landesredaktion). */
export async function usageByDay(db: Db, actor: Principal, days: number): Promise<Usage[]> {
  const area = actor.area;
  const areaFilter = area ? sql`AND EXISTS (SELECT 1 FROM unnest(d.ars) g(key) WHERE g.key LIKE ${area + '%'})` : sql``;
  const rows = rowsOf<Record<string, unknown>>(await db.execute(sql`
    SELECT d.content, sum(c.clicks) FILTER (WHERE c.day > (now() AT TIME ZONE 'Europe/Berlin')::date - 7) AS last7, sum(c.clicks) AS last30
    FROM onlinedienst_clicks c JOIN onlinedienste d ON d.uuid = c.onlinedienst_uuid
    WHERE c.day > (now() AT TIME ZONE 'Europe/Berlin')::date - ${days}::int ${areaFilter}
    GROUP BY d.uuid, d.content ORDER BY last30 DESC LIMIT 20`));
  return rows.map((r) => ({ name: localized((r.content as Record<string, unknown>).bezeichnung as never, 'de')?.value ?? '', last7: Number(r.last7 ?? 0), last30: Number(r.last30 ?? 0) }));
}
