/**
 * Reference-data fixtures from ../shared/leika and ../shared/gebiete (see their SOURCES.md):
 * the LeiKa catalogue, the OZG-Umsetzungskatalog, PLZ ↔ Gemeinde and the Gemeinde statistics,
 * keyed by this project's ARS list. Each fixture names its source and licence in its header;
 * rows that cannot be matched to a current ARS are counted (and named in the header), not fatal.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', 'fixtures');

function readTsv(file: string): Array<Record<string, string>> {
  const [head, ...lines] = readFileSync(file, 'utf8').normalize('NFC').split('\n').filter((l) => l.trim() !== '');
  const columns = head!.split('\t');
  return lines.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [columns[i]!, v.trim()])));
}

const clean = (v: string | undefined) => (v ?? '').replace(/[\t\r\n]+/g, ' ').trim();

function write(outDir: string, name: string, header: string[], columns: string[], rows: string[][]): void {
  const text = [...header.map((h) => `# ${h}`), `# ${columns.join('\t')}`, ...rows.map((r) => r.join('\t'))].join('\n') + '\n';
  writeFileSync(join(outDir, name), text);
}

/** The 8-digit AGS of a Gemeinde's 12-digit ARS: Land, Bezirk, Kreis and the Gemeinde's own three digits. */
export const agsOfArs = (ars: string) => `${ars.slice(0, 5)}${ars.slice(9, 12)}`;

export interface ReferenceCounts { leika: number; ozg: number; plz: number; plzUnmatched: number; gemeinden: number; gemeindenUnmatched: number }

/**
 * Statistics rows whose ARS no longer exists, matched by name to a current Gemeinde of the same
 * Land that has no row of its own — a Gemeinde that changed Kreis keeps its name (Hanau, kreisfrei
 * since 2026: 064350014014 → 064150000000). Only unique names are matched.
 */
function renamedByName(gv: Array<Record<string, string>>, gemeinden: Array<{ ars: string; name: string }>): Map<string, string> {
  const withRow = new Set(gv.map((r) => r.ars!));
  const byName = new Map<string, string[]>();
  for (const g of gemeinden) {
    if (withRow.has(g.ars)) continue;
    const key = `${g.ars.slice(0, 2)}|${g.name}`;
    byName.set(key, [...(byName.get(key) ?? []), g.ars]);
  }
  const moved = new Map<string, string>();
  for (const r of gv) {
    if (gemeinden.some((g) => g.ars === r.ars)) continue;
    const candidates = byName.get(`${r.ars!.slice(0, 2)}|${r.name}`) ?? [];
    if (candidates.length === 1) moved.set(r.ars!, candidates[0]!);
  }
  return moved;
}

/** `gemeinden`: every Gemeinde (and kreisfreie Stadt, city state) of the Gebiete fixture. */
export function buildReference(sharedDir: string, gemeinden: Array<{ ars: string; name: string }>, outDir = FIXTURES): ReferenceCounts {
  const gemeindeArs = gemeinden.map((g) => g.ars);
  const leikaSource = 'LeiKa (GK LeiKa) and OZG-Umsetzungskatalog (BMI), as contained in kdn-nrw/OZG-Datenbank-NRW (MIT licence, Copyright (c) 2020 Gert Hammes), commit d6dafea5e014b60455a5bd04d7ac26191379b998, data up to 2019-12-19';
  const katalog = readTsv(join(sharedDir, 'leika', 'leika-katalog.tsv'));
  const leika = katalog.filter((r) => /^\d{14}$/.test(r.leika_key ?? '')).sort((a, b) => a.leika_key!.localeCompare(b.leika_key!));
  write(outDir, 'leika.tsv', [`LeiKa catalogue: ${leika.length} keys. Source: ${leikaSource}.`, 'A snapshot: a key missing here is "not in the bundled catalogue", not invalid.'],
    ['key', 'bezeichnung', 'typisierung', 'ozg_id', 'rechtsgrundlage'],
    leika.map((r) => [r.leika_key!, clean(r.bezeichnung), clean(r.typisierung), clean(r.ozg_id), clean(r.rechtsgrundlage)]));

  const ozg = readTsv(join(sharedDir, 'leika', 'ozg-leistungen.tsv')).sort((a, b) => a.ozg_id!.localeCompare(b.ozg_id!));
  write(outDir, 'ozg-leistungen.tsv', [`OZG-Umsetzungskatalog: ${ozg.length} OZG-Leistungen with Lebenslage and Themenfeld. Source: ${leikaSource}.`],
    ['ozg_id', 'name', 'lebenslage', 'themenfeld'], ozg.map((r) => [r.ozg_id!, clean(r.ozg_leistung), clean(r.lebenslage), clean(r.themenfeld)]));

  const gvSource = readTsv(join(sharedDir, 'gebiete', 'gemeinden-gv.tsv'));
  const moved = renamedByName(gvSource, gemeinden);
  const arsByAgs = new Map(gemeindeArs.map((ars) => [agsOfArs(ars), ars]));
  for (const [old, ars] of moved) arsByAgs.set(agsOfArs(old), ars);
  const plzRows: string[][] = [];
  const plzMissing = new Set<string>();
  const seen = new Set<string>();
  const plzSource = readTsv(join(sharedDir, 'gebiete', 'plz-gemeinde.tsv'));
  for (const r of plzSource) {
    const ars = arsByAgs.get(r.ags!);
    if (!ars) { plzMissing.add(`${r.plz} ${r.ags}`); continue; }
    if (seen.has(`${r.plz}|${ars}`)) continue;
    seen.add(`${r.plz}|${ars}`);
    plzRows.push([r.plz!, ars, clean(r.ort)]);
  }
  plzRows.sort((a, b) => a[0]!.localeCompare(b[0]!) || a[1]!.localeCompare(b[1]!));
  write(outDir, 'plz.tsv', [
    `PLZ ↔ Gemeinde: ${plzRows.length} pairs. Source: suche-postleitzahl.org "zuordnung_plz_ort_landkreis.csv", derived from OpenStreetMap — © OpenStreetMap contributors, Open Database License (ODbL) 1.0; this table is a derived database under the ODbL. Stand: early 2021.`,
    `Not matched to a current ARS (Gemeinden merged since): ${plzMissing.size} of ${plzSource.length} pairs (PLZ AGS): ${[...plzMissing].sort().join(', ')}`,
  ], ['plz', 'ars', 'ort'], plzRows);

  const known = new Set(gemeindeArs);
  const current = (r: Record<string, string>) => moved.get(r.ars!) ?? r.ars!;
  const gv = gvSource.filter((r) => known.has(current(r))).map((r): Record<string, string> => ({ ...r, ars: current(r) }));
  const gvMissing = gvSource.filter((r) => !known.has(current(r))).map((r) => r.ars!);
  write(outDir, 'gemeinden.tsv', [
    `Gemeinden: area, population, PLZ of the seat and coordinates (WGS84) of ${gv.length} Gemeinden. Source: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys "AuszugGV4QAktuell" (around 2020/21), Datenlizenz Deutschland – Namensnennung – Version 2.0.`,
    `Matched by name to a Gemeinde that changed Kreis (old ARS → current): ${[...moved].map(([a, b]) => `${a} → ${b}`).join(', ') || 'none'}.`,
    `Not matched to a current ARS: ${gvMissing.length} of ${gvSource.length}: ${gvMissing.sort().join(', ')}`,
  ], ['ars', 'flaeche_km2', 'bevoelkerung', 'plz_verwaltungssitz', 'laengengrad', 'breitengrad'],
  gv.sort((a, b) => a.ars!.localeCompare(b.ars!)).map((r) => [r.ars!, r.flaeche_km2!, r.bevoelkerung!, r.plz_verwaltungssitz!, r.laengengrad!, r.breitengrad!]));

  return { leika: leika.length, ozg: ozg.length, plz: plzRows.length, plzUnmatched: plzMissing.size, gemeinden: gv.length, gemeindenUnmatched: gvMissing.length };
}
