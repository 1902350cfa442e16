/**
 * Grows the demo (fixtures/demo/hessen.json) with the catalogue Leistungen of scripts/demo/katalog.ts:
 * each becomes a Leistung with the catalogue's key, name, Typisierung and Rechtsgrundlage and the
 * project's texts; online services of Reifegrad 0–4 (for the Land, or one per Gemeinde); and
 * Zuständigkeiten in the five demo Gemeinden (Wanfried, Eschwege, Frankenberg, Marburg, Kassel) or
 * their Kreise. Generated entries carry ids starting `L-K-`, `OD-K-`, `Z-K-`, `OE-K-` and are
 * replaced on every run; everything else in the file is hand-written and kept.
 *
 *   npm run build:demo
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { leikaFixture } from '../src/reference/fixtures';
import { KATALOG, type KatalogEintrag, type Stelle } from './demo/katalog';

type C = Record<string, unknown>;
interface Item { tenant: string; content: C }
interface Demo { tenants: Array<Record<string, unknown>>; [section: string]: unknown }

const FILE = join(__dirname, '..', 'fixtures', 'demo', 'hessen.json');
const GENERATED = /^(L|OD|Z|OE)-K-/;
const LAND = '060000000000';
const de = (value: string) => [{ languageCode: 'de', value }];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Gemeinde { short: string; name: string; ars: string; tenant: string; plz: string; ort: string; kreis: string; offices: Record<Exclude<Stelle, 'kreis' | 'land'>, string> }

/** The five demo Gemeinden and the offices that do each kind of task there. */
const GEMEINDEN: Gemeinde[] = [
  { short: 'WAN', name: 'Wanfried', ars: '066360013013', tenant: 'kommune-wanfried', plz: '37281', ort: 'Wanfried', kreis: 'OE-K-KREIS-WMK',
    offices: { buergerbuero: 'OE-WANFRIED-BUERGERBUERO', standesamt: 'OE-WANFRIED-STANDESAMT', ordnungsamt: 'OE-WANFRIED', bauamt: 'OE-WANFRIED', steueramt: 'OE-WANFRIED' } },
  { short: 'ESW', name: 'Eschwege', ars: '066360003003', tenant: 'kommune-eschwege', plz: '37269', ort: 'Eschwege', kreis: 'OE-K-KREIS-WMK',
    offices: { buergerbuero: 'OE-K-ESCHWEGE-BUERGERBUERO', standesamt: 'OE-K-ESCHWEGE-RATHAUS', ordnungsamt: 'OE-K-ESCHWEGE-RATHAUS', bauamt: 'OE-K-ESCHWEGE-RATHAUS', steueramt: 'OE-K-ESCHWEGE-RATHAUS' } },
  { short: 'FKB', name: 'Frankenberg (Eder)', ars: '066350011011', tenant: 'kommune-frankenberg', plz: '35066', ort: 'Frankenberg (Eder)', kreis: 'OE-K-KREIS-WAF',
    offices: { buergerbuero: 'OE-FRANKENBERG-BUERGERBUERO', standesamt: 'OE-K-FRANKENBERG-RATHAUS', ordnungsamt: 'OE-K-FRANKENBERG-RATHAUS', bauamt: 'OE-K-FRANKENBERG-RATHAUS', steueramt: 'OE-K-FRANKENBERG-RATHAUS' } },
  { short: 'MR', name: 'Marburg', ars: '065340014014', tenant: 'kommune-marburg', plz: '35037', ort: 'Marburg', kreis: 'OE-KREIS-MR-BID',
    offices: { buergerbuero: 'OE-MARBURG-BUERGERSERVICE', standesamt: 'OE-K-MARBURG-STANDESAMT', ordnungsamt: 'OE-MARBURG-ORDNUNGSAMT', bauamt: 'OE-K-MARBURG-BAUAMT', steueramt: 'OE-MARBURG-STEUERAMT' } },
  { short: 'KS', name: 'Kassel', ars: '066110000000', tenant: 'kommune-kassel', plz: '34117', ort: 'Kassel', kreis: 'OE-K-KASSEL-RATHAUS',
    offices: { buergerbuero: 'OE-K-KASSEL-BUERGERAMT', standesamt: 'OE-K-KASSEL-RATHAUS', ordnungsamt: 'OE-K-KASSEL-ORDNUNGSAMT', bauamt: 'OE-K-KASSEL-RATHAUS', steueramt: 'OE-K-KASSEL-RATHAUS' } },
];

/** The Kreise (and the kreisfreie Stadt Kassel, which does their tasks itself) with their Gebiet. */
const KREISE: Array<{ office: string; ars: string; tenant: string }> = [
  { office: 'OE-K-KREIS-WMK', ars: '066360000000', tenant: 'landkreis-werra-meissner' },
  { office: 'OE-K-KREIS-WAF', ars: '066350000000', tenant: 'landkreis-waldeck-frankenberg' },
  { office: 'OE-KREIS-MR-BID', ars: '065340000000', tenant: 'landkreis-marburg-biedenkopf' },
  { office: 'OE-K-KASSEL-RATHAUS', ars: '066110000000', tenant: 'kommune-kassel' },
];
const LAND_OFFICE = 'OE-K-HAVS';

const TENANTS = [
  { id: 'kommune-eschwege', name: 'Kreisstadt Eschwege', kind: 'kommune', ars: '066360003003' },
  { id: 'kommune-kassel', name: 'Stadt Kassel', kind: 'kommune', ars: '066110000000' },
  { id: 'landkreis-werra-meissner', name: 'Werra-Meißner-Kreis', kind: 'landkreis', ars: '066360000000' },
  { id: 'landkreis-waldeck-frankenberg', name: 'Landkreis Waldeck-Frankenberg', kind: 'landkreis', ars: '066350000000' },
];

function office(id: string, tenant: string, name: string, strasse: string, plz: string, ort: string, ars: string, phone: string, mail: string, parent?: string): Item {
  return {
    tenant,
    content: {
      xzufiId: id, name: de(name), ...(parent ? { uebergeordneteOrganisationseinheitId: `ref:${parent}` } : {}),
      anschrift: [{ typ: '002', strasse, hausnummer: '1', postleitzahl: plz, ort, ars }],
      kommunikation: [{ kanal: '02', kennung: phone }, { kanal: '01', kennung: mail }],
      oeffnungszeiten: { zeiten: ['mo', 'di', 'mi', 'do', 'fr'].flatMap((tag) => [{ tag, von: '08:00', bis: '12:00' }, ...(tag === 'do' ? [{ tag, von: '14:00', bis: '18:00' }] : [])]) },
    },
  };
}

const OFFICES: Item[] = [
  office('OE-K-ESCHWEGE-RATHAUS', 'kommune-eschwege', 'Stadtverwaltung Eschwege', 'Obermarkt', '37269', 'Eschwege', '066360003003', '+49 5651 000-0', 'rathaus@eschwege.example'),
  office('OE-K-ESCHWEGE-BUERGERBUERO', 'kommune-eschwege', 'Bürgerbüro Eschwege', 'Obermarkt', '37269', 'Eschwege', '066360003003', '+49 5651 000-100', 'buergerbuero@eschwege.example', 'OE-K-ESCHWEGE-RATHAUS'),
  office('OE-K-FRANKENBERG-RATHAUS', 'kommune-frankenberg', 'Stadtverwaltung Frankenberg (Eder)', 'Obermarkt', '35066', 'Frankenberg (Eder)', '066350011011', '+49 6451 000-0', 'rathaus@frankenberg.example'),
  office('OE-K-MARBURG-STANDESAMT', 'kommune-marburg', 'Standesamt Marburg', 'Markt', '35037', 'Marburg', '065340014014', '+49 6421 000-300', 'standesamt@marburg.example'),
  office('OE-K-MARBURG-BAUAMT', 'kommune-marburg', 'Fachdienst Bauordnung Marburg', 'Barfüßerstraße', '35037', 'Marburg', '065340014014', '+49 6421 000-600', 'bauordnung@marburg.example'),
  office('OE-K-KASSEL-RATHAUS', 'kommune-kassel', 'Stadtverwaltung Kassel', 'Obere Königsstraße', '34117', 'Kassel', '066110000000', '+49 561 000-0', 'rathaus@kassel.example'),
  office('OE-K-KASSEL-BUERGERAMT', 'kommune-kassel', 'Bürgeramt Kassel', 'Obere Königsstraße', '34117', 'Kassel', '066110000000', '+49 561 000-115', 'buergeramt@kassel.example', 'OE-K-KASSEL-RATHAUS'),
  office('OE-K-KASSEL-ORDNUNGSAMT', 'kommune-kassel', 'Ordnungsamt Kassel', 'Kurt-Schumacher-Straße', '34117', 'Kassel', '066110000000', '+49 561 000-320', 'ordnungsamt@kassel.example', 'OE-K-KASSEL-RATHAUS'),
  office('OE-K-KREIS-WMK', 'landkreis-werra-meissner', 'Kreisverwaltung Werra-Meißner-Kreis', 'Schlossplatz', '37269', 'Eschwege', '066360003003', '+49 5651 000-500', 'kreisverwaltung@werra-meissner.example'),
  office('OE-K-KREIS-WAF', 'landkreis-waldeck-frankenberg', 'Kreisverwaltung Waldeck-Frankenberg', 'Südring', '34497', 'Korbach', '066350015015', '+49 5631 000-0', 'kreisverwaltung@waldeck-frankenberg.example'),
  office(LAND_OFFICE, 'landesredaktion', 'Hessisches Amt für Versorgung und Soziales', 'Ludwig-Erhard-Straße', '65185', 'Wiesbaden', '064140000000', '+49 611 000-0', 'poststelle@havs.example'),
];

/** "Gesetz X [http://…], Gesetz Y" → a list of the laws, linked where the catalogue gives an address. */
function rechtsgrundlage(text: string | null): string | undefined {
  if (!text) return undefined;
  const parts = text.split(/\],\s*/).map((p) => p.trim()).filter(Boolean).slice(0, 4);
  const items = parts.map((p) => {
    const m = /^(.*?)\s*\[(https?:\/\/[^\]\s]+)\]?$/.exec(p);
    if (!m) return `<li>${esc(p.replace(/\]$/, ''))}</li>`;
    return `<li><a href="${m[2]!.replace(/^http:/, 'https:')}">${esc(m[1]!)}</a></li>`;
  });
  return `<ul>${items.join('')}</ul>`;
}

function kosten(e: KatalogEintrag): C {
  const text = e.kostenText ? { beschreibung: de(e.kostenText) } : {};
  if (e.kosten === 'frei') return { ...text, frei: {} };
  if (typeof e.kosten === 'number') return { ...text, fix: { betrag: { value: e.kosten, currencyCode: 'EUR' } } };
  const [von, bis] = e.kosten;
  return { ...text, variabel: { betragUntergrenze: { value: von, currencyCode: 'EUR' }, betragObergrenze: { value: bis, currencyCode: 'EUR' } } };
}

function dauer(d: NonNullable<KatalogEintrag['dauer']>): C {
  return d.length === 2 ? { dauer: d[0], einheit: d[1] } : { dauer: d[0], dauerBis: d[1], einheit: d[2], einheitBis: d[2] };
}

function leistung(e: KatalogEintrag, catalogue: Map<string, { bezeichnung: string; typisierung: string; rechtsgrundlage: string | null }>): Item {
  const entry = catalogue.get(e.key);
  if (!entry) throw new Error(`${e.id}: key ${e.key} is not in the bundled catalogue`);
  const module = (code: string, html: string | undefined) => (html ? [{ leikaTextmodul: code, inhalt: de(html) }] : []);
  const law = rechtsgrundlage(entry.rechtsgrundlage);
  return {
    tenant: 'landesredaktion',
    content: {
      xzufiId: `L-K-${e.id}`, referenzLeiKa: [e.key],
      typisierung: entry.typisierung.split(',').map((t) => t.trim()).filter(Boolean),
      modulText: [
        ...module('02', entry.bezeichnung), ...module('03', e.titel), ...module('05', e.kurz),
        ...module('06', e.voll.map((p) => `<p>${esc(p)}</p>`).join('')),
        ...module('08', e.unterlagen ? `<ul>${e.unterlagen.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>` : undefined),
        ...module('09', e.voraussetzungen ? `<p>${esc(e.voraussetzungen)}</p>` : undefined),
        ...module('11', e.ablauf ? `<ul>${e.ablauf.map((u) => `<li>${esc(u)}</li>`).join('')}</ul>` : undefined),
        ...module('07', law),
      ],
      modulKosten: { kosten: [kosten(e)] },
      ...(e.frist ? { modulFrist: { beschreibung: de(e.frist) } } : {}),
      ...(e.dauer ? { modulBearbeitungsdauer: { bearbeitungsdauer: [{ dauer: dauer(e.dauer) }] } } : {}),
      modulBegriffImKontext: [{ begriffImKontext: e.begriffe.map((begriff) => ({ begriff, typ: '001', languageCode: 'de' })) }],
      kategorieIds: [`ref:${e.kategorie}`],
      gueltigkeitGebietID: [LAND],
    },
  };
}

function onlinedienste(e: KatalogEintrag): Item[] {
  if (!e.online) return [];
  const { reifegrad, bereich, titel } = e.online;
  const base = (id: string, tenant: string, name: string, rg: number, gebiet: string, slug: string): Item => ({
    tenant,
    content: {
      xzufiId: id, bezeichnung: de(name), ozgReifegrad: rg, vertrauensniveau: rg >= 3 ? '20' : '10',
      link: [{ typ: '01', link: `https://onlinedienste.example/${slug}`, titel: name, languageCode: 'de' }],
      leistungIds: [`ref:L-K-${e.id}`], gueltigkeitGebietID: [gebiet],
    },
  });
  if (bereich === 'land') return [base(`OD-K-${e.id}`, 'landesredaktion', titel, reifegrad, LAND, e.id.toLowerCase())];
  // One per Gemeinde, not all equally far: the dashboard shows who is online and who is not.
  return GEMEINDEN.map((g, i) => base(`OD-K-${e.id}-${g.short}`, g.tenant, `${titel} (${g.name})`, Math.max(0, reifegrad - (i % 3)), g.ars, `${g.short.toLowerCase()}/${e.id.toLowerCase()}`));
}

function zustaendigkeiten(e: KatalogEintrag): Item[] {
  const z = (suffix: string, tenant: string, office: string, gebiet: string): Item => ({
    tenant, content: { xzufiId: `Z-K-${e.id}-${suffix}`, leistungId: `ref:L-K-${e.id}`, organisationseinheitId: `ref:${office}`, gebietID: gebiet, rolle: '01' },
  });
  if (e.stelle === 'land') return [z('LAND', 'landesredaktion', LAND_OFFICE, LAND)];
  if (e.stelle === 'kreis') return KREISE.map((k, i) => z(`KR${i + 1}`, k.tenant, k.office, k.ars));
  // A Zuständigkeit in four of the five Gemeinden: the to-do list of the fifth is not empty.
  return GEMEINDEN.filter((_, i) => (i + e.id.length) % 5 !== 0).map((g) => z(g.short, g.tenant, g.offices[e.stelle as Exclude<Stelle, 'kreis' | 'land'>], g.ars));
}

function main(): void {
  const demo = JSON.parse(readFileSync(FILE, 'utf8')) as Demo;
  const catalogue = new Map(leikaFixture().rows.map((r) => [r.key, r]));
  const keep = (section: string) => ((demo[section] as Item[] | undefined) ?? []).filter((i) => !GENERATED.test(String(i.content.xzufiId)));
  demo.tenants = [...demo.tenants.filter((t) => !TENANTS.some((n) => n.id === t.id)), ...TENANTS];
  demo.organisationseinheiten = [...keep('organisationseinheiten'), ...OFFICES];
  demo.leistungen = [...keep('leistungen'), ...KATALOG.map((e) => leistung(e, catalogue))];
  demo.onlinedienste = [...keep('onlinedienste'), ...KATALOG.flatMap(onlinedienste)];
  demo.zustaendigkeiten = [...keep('zustaendigkeiten'), ...KATALOG.flatMap(zustaendigkeiten)];
  writeFileSync(FILE, `${JSON.stringify(demo, null, 1)}\n`);
  const count = (s: string) => (demo[s] as unknown[]).length;
  console.log(`demo: ${count('leistungen')} Leistungen, ${count('onlinedienste')} Onlinedienste, ${count('organisationseinheiten')} Organisationseinheiten, ${count('zustaendigkeiten')} Zuständigkeiten, ${demo.tenants.length} tenants`);
}

main();
