/**
 * A synthetic but realistic Landesredaktion data set as XZuFi objects, for benchmarks and load
 * tests: Leistungen with full text modules, Organisationseinheiten in real Gemeinden, Onlinedienste
 * and Zuständigkeiten linking them. Deterministic for a given seed.
 */
import type { XzufiObject } from '../src/xzufi/objects';
import type { Ident } from '../src/xzufi/spec';
import { prng, WORDS } from './generate-dataset';

export interface DatasetSize { leistungen: number; organisationseinheiten: number; onlinedienste: number; zustaendigkeiten: number }

export const SIZES: Record<string, DatasetSize> = {
  small: { leistungen: 300, organisationseinheiten: 500, onlinedienste: 200, zustaendigkeiten: 1500 },
  /** Hessen's order of magnitude (3,600 Leistungen, 3,200 Onlinedienste, 11,250 Organisationseinheiten). */
  hessen: { leistungen: 3600, organisationseinheiten: 11250, onlinedienste: 3200, zustaendigkeiten: 30000 },
};

const SENTENCE = 'Sie können die Leistung bei der zuständigen Stelle beantragen. Bitte bringen Sie die erforderlichen Unterlagen mit. Die Bearbeitung dauert in der Regel einige Wochen.';

export function generateDataset(size: DatasetSize, gemeinden: string[], agency = 'S06000', seed = 1): { leistungen: XzufiObject[]; organisationseinheiten: XzufiObject[]; onlinedienste: XzufiObject[]; zustaendigkeiten: XzufiObject[] } {
  const rand = prng(seed);
  const pick = <T>(list: T[]): T => list[Math.floor(rand() * list.length)]!;
  const id = (prefix: string, n: number): Ident => ({ schemeAgencyID: agency, id: `${prefix}-${String(n).padStart(6, '0')}` });
  const de = (value: string) => [{ languageCode: 'de', value }];
  const title = () => `${pick(WORDS)} ${pick(WORDS)}`;
  const html = (paragraphs: number) => Array.from({ length: paragraphs }, () => `<p>${SENTENCE} ${pick(WORDS)} und ${pick(WORDS)}.</p>`).join('');

  const leistungen: XzufiObject[] = Array.from({ length: size.leistungen }, (_, i) => {
    const gruppe = String(100 + (i % 800)).padStart(3, '0');
    const kennung = String(1 + Math.floor(i / 800)).padStart(3, '0');
    const name = title();
    return {
      klasse: 'Leistung', id: id('L', i),
      content: {
        referenzLeiKa: `99${gruppe}${kennung}001000`,
        modulText: [
          { leikaTextmodul: '02', inhalt: de(`${name} Ausstellung`) },
          { leikaTextmodul: '03', inhalt: de(`${name} beantragen`) },
          { leikaTextmodul: '05', inhalt: de(SENTENCE) },
          { leikaTextmodul: '06', inhalt: de(html(6)) },
          { leikaTextmodul: '08', inhalt: de(`<ul>${Array.from({ length: 4 }, () => `<li>${pick(WORDS)}</li>`).join('')}</ul>`) },
          { leikaTextmodul: '07', inhalt: de('<p>§ 1 Musterverordnung</p>'), weiterfuehrenderLink: [{ uri: 'https://www.gesetze-im-internet.de/', titel: 'Gesetze im Internet' }] },
        ],
        modulKosten: { kosten: [{ art: 'fix', betrag: { value: Math.round(rand() * 10000) / 100, currency: 'EUR' } }] },
        modulFrist: { beschreibung: de('Keine Frist.') },
        modulBearbeitungsdauer: { bearbeitungsdauer: { dauer: 1 + Math.floor(rand() * 6), einheit: 'WOCHE' } },
        gueltigkeitGebietID: ['060000000000'],
      },
    };
  });

  const organisationseinheiten: XzufiObject[] = Array.from({ length: size.organisationseinheiten }, (_, i) => {
    const ars = pick(gemeinden);
    return {
      klasse: 'Organisationseinheit', id: id('OE', i),
      content: {
        name: de(`${pick(['Bürgerbüro', 'Ordnungsamt', 'Standesamt', 'Bauamt', 'Steueramt'])} ${i}`),
        anschrift: [{ typ: '002', strasse: 'Marktplatz', hausnummer: String(1 + (i % 40)), postleitzahl: String(34000 + (i % 2000)).padStart(5, '0'), ort: 'Musterstadt', ars }],
        kommunikation: [{ kanal: '01', kennung: `amt${i}@kommune.example` }, { kanal: '02', kennung: `+49 6${String(i).padStart(6, '0')}` }],
        oeffnungszeiten: { zeiten: [{ tag: 'mo', von: '08:00', bis: '12:00' }, { tag: 'do', von: '14:00', bis: '18:00' }] },
      },
    };
  });

  const onlinedienste: XzufiObject[] = Array.from({ length: size.onlinedienste }, (_, i) => ({
    klasse: 'Onlinedienst', id: id('OD', i),
    content: {
      bezeichnung: de(`${title()} online`),
      link: [{ typ: '01', link: `https://portal.example/dienst/${i}`, languageCode: 'de' }],
      vertrauensniveau: pick(['10', '20', '30']),
      ozgReifegrad: Math.floor(rand() * 5),
      leistungIds: [leistungen[i % leistungen.length]!.id],
      gueltigkeitGebietID: ['060000000000'],
    },
  }));

  const seen = new Set<string>();
  const zustaendigkeiten: XzufiObject[] = [];
  for (let i = 0; zustaendigkeiten.length < size.zustaendigkeiten && i < size.zustaendigkeiten * 3; i++) {
    const oe = pick(organisationseinheiten);
    const l = pick(leistungen);
    const ars = (oe.content.anschrift as Array<{ ars: string }>)[0]!.ars;
    const key = `${l.id.id}|${oe.id.id}|${ars}`;
    if (seen.has(key)) continue;
    seen.add(key);
    zustaendigkeiten.push({
      klasse: 'Zustaendigkeit', id: id('Z', zustaendigkeiten.length),
      content: { leistungId: l.id, organisationseinheitId: oe.id, gebietID: ars, rolle: '01' },
    });
  }
  return { leistungen, organisationseinheiten, onlinedienste, zustaendigkeiten };
}
