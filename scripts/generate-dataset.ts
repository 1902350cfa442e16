/**
 * Deterministic synthetic data at state or federal scale, loaded straight into the database (bulk
 * INSERTs of stored rows, no API round trips): `npm run dataset -- --scale hessen|bund [--db <url>] [--data-dir <dir>]`.
 *
 * Hessen: 3,600 Leistungen with 12 text modules (~6 KB of text each), 3,200 Onlinedienste,
 * 11,250 Organisationseinheiten, ~60,000 Zuständigkeiten and ~5,000 Spezialisierungen over the
 * Hessian Gemeinden. Bund: ten times that over every Gemeinde of Germany. Everything is published.
 * Used by `npm run bench`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getTableName, sql } from 'drizzle-orm';
import type { Database } from '../src/db/client';
import { rowsOf } from '../src/db/objectStore';
import { onlinedienstLeistungen, type ObjectTable } from '../src/db/schema';
import { canonicalArs } from '../src/gebiet/ars';
import { OBJECT_TYPES } from '../src/objectTypes';
import type { ObjectType } from '../src/shared/objectType';

export interface Scale { leistungen: number; onlinedienste: number; organisationseinheiten: number; zustaendigkeiten: number; spezialisierungen: number; land: string | null }

export const SCALES: Record<string, Scale> = {
  hessen: { leistungen: 3600, onlinedienste: 3200, organisationseinheiten: 11250, zustaendigkeiten: 60000, spezialisierungen: 5000, land: '06' },
  bund: { leistungen: 36000, onlinedienste: 32000, organisationseinheiten: 112500, zustaendigkeiten: 600000, spezialisierungen: 50000, land: null },
  /** A tenth of Hessen: the reference of the delta measurement in a default run. */
  zehntel: { leistungen: 360, onlinedienste: 320, organisationseinheiten: 1125, zustaendigkeiten: 6000, spezialisierungen: 500, land: '06' },
};

/** mulberry32: small, fast, deterministic. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const WORDS = ['Antrag', 'Bescheinigung', 'Genehmigung', 'Erlaubnis', 'Anzeige', 'Ausweis', 'Förderung', 'Zuschuss', 'Eintragung', 'Auskunft',
  'Gewerbe', 'Wohnung', 'Fahrzeug', 'Hund', 'Baum', 'Veranstaltung', 'Kita', 'Schule', 'Steuer', 'Gebühr', 'Wasser', 'Abfall', 'Straße', 'Bauvorhaben',
  'Führerschein', 'Urkunde', 'Rente', 'Pflege', 'Jagd', 'Fischerei', 'Denkmal', 'Spielhalle', 'Gaststätte', 'Markt', 'Sondernutzung', 'Parkausweis'];
const SENTENCES = [
  'Sie können die Leistung bei der zuständigen Stelle schriftlich, persönlich oder online beantragen.',
  'Bitte bringen Sie die erforderlichen Unterlagen vollständig mit, damit wir Ihren Antrag zügig bearbeiten können.',
  'Die Bearbeitung dauert in der Regel einige Wochen; in dringenden Fällen sprechen Sie uns bitte an.',
  'Für Menschen mit Behinderung gibt es Erleichterungen; die Stelle berät Sie gern zu Ihren Möglichkeiten.',
  'Gegen die Entscheidung können Sie innerhalb eines Monats nach Bekanntgabe Widerspruch einlegen.',
  'Die Gebühren richten sich nach der Verwaltungskostenordnung und werden bei Antragstellung fällig.',
];
const MODULES = ['02', '03', '24', '05', '06', '07', '08', '09', '11', '14', '16', '25'];

/**
 * The LeiKa catalogue's keys with their Typisierung (fixtures/leika.tsv): the data set's Leistungen
 * carry real keys (the first 4,813 of them; synthetic keys beyond, Verrichtung 999), so that the OZG figures and
 * the quality gate see what they would in a real installation.
 */
export function catalogueKeys(): Array<{ key: string; typisierung: string }> {
  return readFileSync(join(__dirname, '..', 'fixtures', 'leika.tsv'), 'utf8').split('\n')
    .filter((l) => /^\d{14}\t/.test(l)).map((l) => l.split('\t'))
    .map(([key, , typisierung]) => ({ key: key!, typisierung: typisierung!.split(',')[0]!.trim() }));
}

function uuidFrom(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(rand() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

interface Row { uuid: string; xzufiId: string; content: Record<string, unknown> }

export interface Generated { leistungen: Row[]; organisationseinheiten: Row[]; onlinedienste: Row[]; zustaendigkeiten: Row[]; spezialisierungen: Row[] }

/** The rows of a scale, the same for the same seed and Gemeinden. */
export function generateRows(scale: Scale, gemeinden: string[], landArs: string, seed = 2026, catalogue = catalogueKeys()): Generated {
  const rand = prng(seed);
  // A key from the catalogue in a spread order (every 7th, wrapping: 4,813 is not a multiple of 7).
  const real = (i: number) => (i < catalogue.length ? catalogue[(i * 7) % catalogue.length] : undefined);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!;
  const de = (value: string) => [{ languageCode: 'de', value }];
  const paragraph = (n: number) => Array.from({ length: n }, () => pick(SENTENCES)).join(' ');
  // A Land's data set: every Leistung valid in that Land. The Bund's (no land): each Land's share
  // of Leistungen valid in it, in turn, and their Zuständigkeiten, local texts and online
  // services at its Gemeinden — a place finds its own Land's Leistungen, as on a real portal.
  const lands = scale.land ? [landArs] : [...new Set(gemeinden.map((g) => g.slice(0, 2)))].sort().map((l) => l.padEnd(12, '0'));
  const gemeindenOf = new Map(lands.map((l) => [l, scale.land ? gemeinden : gemeinden.filter((g) => g.startsWith(l.slice(0, 2)))]));
  const landOf = (i: number) => lands[i % lands.length]!;
  const landOfRow = new Map<string, string>();

  const leistungen: Row[] = Array.from({ length: scale.leistungen }, (_, i) => {
    const name = `${pick(WORDS)} ${pick(WORDS)}`;
    const entry = real(i);
    // Beyond the catalogue: Verrichtung 999, which no catalogue key has (an installation's own Stammtexte are unique per key).
    const key = entry?.key ?? `99${String(100 + (i % 800)).padStart(3, '0')}${String(1 + Math.floor(i / 800)).padStart(3, '0')}999000`;
    const typisierung = entry?.typisierung || pick(['1', '3', '4', '5']);
    const modulText = MODULES.map((code) => ({
      leikaTextmodul: code,
      inhalt: de(code === '02' ? `${name} Ausstellung ${i}` : code === '03' ? `${name} beantragen` : code === '24' ? paragraph(1) : `<p>${paragraph(4)}</p><ul><li>${pick(WORDS)}</li><li>${pick(WORDS)}</li></ul>`),
    }));
    return {
      uuid: uuidFrom(rand), xzufiId: `L-${String(i).padStart(6, '0')}`,
      content: {
        referenzLeiKa: [key], typisierung: [typisierung], modulText,
        modulKosten: { kosten: [{ fix: { betrag: { value: Math.round(rand() * 10000) / 100, currencyCode: 'EUR' } } }] },
        modulFrist: { beschreibung: de('Innerhalb eines Monats.') },
        modulBearbeitungsdauer: { bearbeitungsdauer: [{ dauer: { dauer: 1 + Math.floor(rand() * 6), einheit: 'WOCHE' } }] },
        modulBegriffImKontext: [{ begriffImKontext: [{ begriff: pick(WORDS), languageCode: 'de' }, { begriff: pick(WORDS), languageCode: 'de' }] }],
        gueltigkeitGebietID: [landOf(i)],
      },
    };
  });

  leistungen.forEach((l, i) => landOfRow.set(l.uuid, landOf(i)));

  const oeByGemeinde = new Map<string, string[]>();
  const organisationseinheiten: Row[] = Array.from({ length: scale.organisationseinheiten }, (_, i) => {
    const ars = gemeinden[i % gemeinden.length]!;
    const uuid = uuidFrom(rand);
    oeByGemeinde.set(ars, [...(oeByGemeinde.get(ars) ?? []), uuid]);
    return {
      uuid, xzufiId: `OE-${String(i).padStart(6, '0')}`,
      content: {
        name: de(`${pick(['Bürgerbüro', 'Ordnungsamt', 'Bauamt', 'Standesamt', 'Steueramt', 'Sozialamt'])} ${i}`),
        anschrift: [{ typ: '002', strasse: `${pick(WORDS)}straße`, hausnummer: String(1 + Math.floor(rand() * 99)), postleitzahl: String(10000 + Math.floor(rand() * 89999)), ort: `Ort ${ars}`, ars }],
        kommunikation: [{ kanal: '01', kennung: `amt${i}@gemeinde.example` }, { kanal: '02', kennung: `+49 6000 ${i}` }],
        oeffnungszeiten: { zeiten: ['mo', 'di', 'mi', 'do', 'fr'].map((tag) => ({ tag, von: '08:00', bis: '12:00' })) },
      },
    };
  });

  const onlinedienste: Row[] = Array.from({ length: scale.onlinedienste }, (_, i) => {
    const uuid = uuidFrom(rand);
    const bezeichnung = de(`${pick(WORDS)} online ${i}`);
    const vertrauensniveau = pick(['10', '20', '30']);
    const ozgReifegrad = Math.floor(rand() * 5);
    const leistung = leistungen[Math.floor(rand() * leistungen.length)]!;
    const land = landOfRow.get(leistung.uuid)!;
    return {
      uuid, xzufiId: `OD-${String(i).padStart(6, '0')}`,
      content: {
        bezeichnung, link: [{ typ: '01', link: `https://dienste.example/${i}`, titel: 'Zum Dienst', languageCode: 'de' }],
        vertrauensniveau, ozgReifegrad, leistungIds: [leistung.uuid],
        gueltigkeitGebietID: [rand() < 0.3 ? land : pick(gemeindenOf.get(land)!)],
      },
    };
  });

  const seen = new Set<string>();
  const zustaendigkeiten: Row[] = [];
  for (let i = 0; zustaendigkeiten.length < scale.zustaendigkeiten && i < scale.zustaendigkeiten * 3; i++) {
    const l = leistungen[Math.floor(rand() * leistungen.length)]!;
    const ars = pick(gemeindenOf.get(landOfRow.get(l.uuid)!)!);
    const oes = oeByGemeinde.get(ars);
    if (!oes || seen.has(`${l.uuid}|${ars}`)) continue;
    seen.add(`${l.uuid}|${ars}`);
    zustaendigkeiten.push({ uuid: uuidFrom(rand), xzufiId: `Z-${String(zustaendigkeiten.length).padStart(7, '0')}`, content: { leistungId: l.uuid, organisationseinheitId: pick(oes), gebietID: ars, rolle: '01' } });
  }

  const localSeen = new Set<string>();
  const spezialisierungen: Row[] = [];
  for (let i = 0; spezialisierungen.length < scale.spezialisierungen && i < scale.spezialisierungen * 3; i++) {
    const l = leistungen[Math.floor(rand() * leistungen.length)]!;
    const ars = pick(gemeindenOf.get(landOfRow.get(l.uuid)!)!);
    if (localSeen.has(`${l.uuid}|${ars}`)) continue;
    localSeen.add(`${l.uuid}|${ars}`);
    spezialisierungen.push({ uuid: uuidFrom(rand), xzufiId: `S-${String(spezialisierungen.length).padStart(6, '0')}`, content: { leistungId: l.uuid, gebietID: [ars], basisVersion: 1, modulText: [{ leikaTextmodul: '16', inhalt: de(`<p>Vor Ort: ${paragraph(2)}</p>`) }] } });
  }
  return { leistungen, organisationseinheiten, onlinedienste, zustaendigkeiten, spezialisierungen };
}

const typeOf = (name: string) => OBJECT_TYPES.find((t) => t.name === name) as ObjectType;

/** Stored rows, published, in batches of 500 per INSERT. */
async function insertRows(database: Database, type: ObjectType, rows: Row[], agency: string): Promise<void> {
  const table = type.table as ObjectTable;
  for (let i = 0; i < rows.length; i += 500) {
    const values = [];
    for (const r of rows.slice(i, i + 500)) {
      const content = structuredClone(r.content);
      if (type.name !== 'Spezialisierung') await type.prepare?.({ db: database.db }, content);
      values.push({
        ...type.columns(content), uuid: r.uuid, schemeAgencyId: agency, xzufiId: r.xzufiId, tenantId: null, content,
        search: type.searchText ? sql`to_tsvector('german', ${type.searchText(content)})` : sql`''::tsvector`, ars: [...new Set(type.ars(content).map(canonicalArs))],
        status: 'veroeffentlicht' as const, publishedVersion: 1, publishedAt: new Date(), publishedBy: 'dataset', createdBy: 'dataset', changedBy: 'dataset',
      });
    }
    await database.db.insert(table as never).values(values as never);
  }
}

export interface LoadResult { scale: string; rows: Record<string, number>; ms: number }

/** Generates the scale and stores it; the Gebiete must be loaded (prepareDatabase). */
export async function loadDataset(database: Database, scaleName: string, agency = 'S06000'): Promise<LoadResult> {
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const started = Date.now();
  const gemeinden = rowsOf<{ ars: string }>(await database.db.execute(sql`SELECT ars FROM gebiete WHERE ebene IN ('gemeinde', 'kreisfreie_stadt') AND ${scale.land ? sql`ars LIKE ${scale.land + '%'}` : sql`true`} ORDER BY ars`)).map((r) => r.ars);
  const landArs = scale.land ? scale.land.padEnd(12, '0') : '060000000000';
  const data = generateRows(scale, gemeinden, landArs);
  await insertRows(database, typeOf('Leistung'), data.leistungen, agency);
  await insertRows(database, typeOf('Organisationseinheit'), data.organisationseinheiten, agency);
  await insertRows(database, typeOf('Onlinedienst'), data.onlinedienste, agency);
  const links = data.onlinedienste.flatMap((o) => (o.content.leistungIds as string[]).map((leistungUuid) => ({ onlinedienstUuid: o.uuid, leistungUuid })));
  for (let i = 0; i < links.length; i += 2000) await database.db.insert(onlinedienstLeistungen).values(links.slice(i, i + 2000)).onConflictDoNothing();
  await insertRows(database, typeOf('Zustaendigkeit'), data.zustaendigkeiten, agency);
  await insertRows(database, typeOf('Spezialisierung'), data.spezialisierungen, agency);
  for (const t of OBJECT_TYPES) await database.db.execute(sql`ANALYZE ${sql.raw(getTableName(t.table))}`);
  return {
    scale: scaleName, ms: Date.now() - started,
    rows: { leistungen: data.leistungen.length, organisationseinheiten: data.organisationseinheiten.length, onlinedienste: data.onlinedienste.length, zustaendigkeiten: data.zustaendigkeiten.length, spezialisierungen: data.spezialisierungen.length },
  };
}

async function main(): Promise<void> {
  const { openDatabase } = await import('../src/db/client');
  const { prepareDatabase } = await import('../src/bootstrap');
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i >= 0 ? process.argv[i + 1] : undefined; };
  const url = arg('db') ?? process.env.DATABASE_URL;
  const database = url ? await openDatabase({ kind: 'postgres', url }) : await openDatabase({ kind: 'pglite', dataDir: arg('data-dir') ?? './data-dataset' });
  try {
    await prepareDatabase(database, { demoData: false, schemeAgencyId: 'S06000' });
    const result = await loadDataset(database, arg('scale') ?? 'hessen');
    console.log(JSON.stringify(result));
  } finally {
    await database.close();
  }
}

if (require.main === module) main().catch((err) => { console.error(err); process.exit(1); });
