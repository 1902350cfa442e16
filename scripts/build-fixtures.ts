/**
 * Derives the project's fixtures from ../shared: Gebiete and code lists from the genericode lists,
 * the reference data (LeiKa, OZG-Leistungen, PLZ, Gemeinde statistics) in build-reference.ts.
 * Run when a new version arrives: `npm run build:fixtures [-- sharedDir]`. Output is committed
 * (fixtures/*.tsv, fixtures/codelists.json) so the project stands alone.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { canonicalArs, padArs } from '../src/gebiet/ars';
import { buildReference } from './build-reference';

type Row = Record<string, string | undefined>;

const sharedDir = process.argv[2] ?? join(__dirname, '..', '..', 'shared');
const listDir = join(sharedDir, 'xzufi', 'codelists');
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, isArray: (n) => n === 'Row' || n === 'Value', parseTagValue: false });

function readList(file: string): { rows: Row[]; uri: string; version: string } {
  const doc = parser.parse(readFileSync(join(listDir, file), 'utf8'));
  const list = doc.CodeList;
  const rows = (list.SimpleCodeList.Row as Array<{ Value: Array<{ '@ColumnRef': string; SimpleValue?: unknown }> }>).map((row) => {
    const out: Row = {};
    for (const v of row.Value) out[v['@ColumnRef']] = v.SimpleValue === undefined ? undefined : String(v.SimpleValue);
    return out;
  });
  return { rows, uri: String(list.Identification.CanonicalUri), version: String(list.Identification.Version) };
}

const rs = readList('destatis.rs_2026-04-30.gc.xml');
const kreise = readList('destatis.kreis_2026-01-31.gc.xml');
const bezirke = readList('destatis.bezirk_2019-07-31.gc.xml');
const laender = readList('destatis.bundesland_2010-04-01.gc.xml');

interface Gebiet { ars: string; name: string; ebene: string; hinweis: string }
const byArs = new Map<string, Gebiet>();
// The most general level wins when two lists name the same territory (kreisfreie Stadt = Kreis = Gemeinde).
function add(key: string, name: string, ebene: string, hinweis = '') {
  const ars = padArs(key);
  if (!byArs.has(ars)) byArs.set(ars, { ars, name, ebene, hinweis });
}
for (const r of laender.rows) add(r.SCHLUESSEL!, r.Bezeichnung!, 'bundesland');
for (const r of bezirke.rows) add(r.SCHLUESSEL!, r.Bezeichnung!, 'regierungsbezirk', r.Hinweis ?? '');
for (const r of kreise.rows) add(r.SCHLUESSEL!, r.Bezeichnung!, 'kreis', r.Hinweis ?? '');
for (const r of rs.rows) {
  const known = byArs.get(r.SCHLUESSEL!);
  if (known?.ebene === 'kreis') known.ebene = 'kreisfreie_stadt';
  else add(r.SCHLUESSEL!, r.Bezeichnung!, r.Hinweis ? 'ortsteil' : 'gemeinde', r.Hinweis ?? '');
}

const header = `# Gebiete derived from ${rs.uri}_${rs.version}, ${kreise.uri}_${kreise.version}, ${bezirke.uri}_${bezirke.version}, ${laender.uri}_${laender.version}\n# ars\tschluessel\tebene\tname\thinweis\n`;
const lines = [...byArs.values()]
  .sort((a, b) => a.ars.localeCompare(b.ars))
  .map((g) => [g.ars, canonicalArs(g.ars), g.ebene, g.name, g.hinweis].join('\t'));
writeFileSync(join(__dirname, '..', 'fixtures', 'gebiete.tsv'), header + lines.join('\n') + '\n');

const anschrifttyp = readList('xzufi.anschrifttyp_2.0.gc.xml');
const erreichbarkeit = readList('xoev.erreichbarkeit_3.gc.xml');
const codelists = {
  anschrifttyp: { listURI: anschrifttyp.uri, listVersionID: anschrifttyp.version, codes: anschrifttyp.rows.map((r) => ({ code: r.code, de: r['description-de-DE'], en: r['description-en-GB'] })) },
  erreichbarkeit: { listURI: erreichbarkeit.uri, listVersionID: erreichbarkeit.version, codes: erreichbarkeit.rows.map((r) => ({ code: r.code, de: r.Beschreibung, uriScheme: r['IANA.URI-Scheme'] ?? null })) },
};
writeFileSync(join(__dirname, '..', 'fixtures', 'codelists.json'), JSON.stringify(codelists, null, 2) + '\n');
// The LeiKa text module list is used as it is (the editor's module names).
writeFileSync(join(__dirname, '..', 'fixtures', 'leistungstextmodulleika.csv'), readFileSync(join(listDir, 'leistungstextmodulleika.compiled.csv'), 'utf8'));
console.log(`gebiete: ${byArs.size}, anschrifttyp: ${anschrifttyp.rows.length}, erreichbarkeit: ${erreichbarkeit.rows.length}`);

// Gemeinden in the sense of the statistics: Gemeinden, kreisfreie Städte and the city states (Berlin, Hamburg).
const gemeinden = [...byArs.values()].filter((g) => g.ebene === 'gemeinde' || g.ebene === 'kreisfreie_stadt' || g.ebene === 'bundesland').map((g) => ({ ars: g.ars, name: g.name }));
console.log('reference data:', JSON.stringify(buildReference(sharedDir, gemeinden)));
