/** Types and rules of the LeiKa modules, shared by Leistung and Spezialisierung. */
import type { ErrorDetail } from '../shared/errors';
import { collectText, type Text } from '../shared/text';

export interface ModulText {
  leikaTextmodul: string;
  abweichendeBezeichnung?: Text[];
  inhalt: Text[];
  weiterfuehrenderLink?: Array<{ uri: string; titel: string; beschreibung?: string; languageCode?: string; positionDarstellung?: number }>;
  positionDarstellung?: number;
}

export interface LeistungModules {
  modulText?: ModulText[];
  modulFrist?: Record<string, unknown>;
  modulKosten?: { kosten?: Array<{ art: string; betragUntergrenze?: { value: number }; betragObergrenze?: { value: number } }>; beschreibung?: Text[] };
  modulBearbeitungsdauer?: { bearbeitungsdauer?: { dauer: number; einheit: string; dauerBis?: number; einheitBis?: string }; beschreibung?: Text[] };
  modulDokument?: Record<string, unknown>;
  modulBegriffImKontext?: Array<{ begriff: string; typ?: string; languageCode: string }>;
}

/** Each text module at most once; cost ranges in order; a Bearbeitungsdauer range in one unit in order. */
export function moduleProblems(doc: LeistungModules): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  (doc.modulText ?? []).forEach((m, i) => {
    if (seen.has(m.leikaTextmodul)) {
      details.push({ path: `/modulText/${i}/leikaTextmodul`, message: `text module ${m.leikaTextmodul} appears twice (first at /modulText/${seen.get(m.leikaTextmodul)})` });
    } else seen.set(m.leikaTextmodul, i);
  });
  (doc.modulKosten?.kosten ?? []).forEach((k, i) => {
    if (k.betragUntergrenze && k.betragObergrenze && k.betragUntergrenze.value > k.betragObergrenze.value) {
      details.push({ path: `/modulKosten/kosten/${i}/betragObergrenze`, message: 'must not be below betragUntergrenze' });
    }
  });
  const d = doc.modulBearbeitungsdauer?.bearbeitungsdauer;
  if (d?.dauerBis !== undefined && (d.einheitBis ?? d.einheit) === d.einheit && d.dauerBis < d.dauer) {
    details.push({ path: '/modulBearbeitungsdauer/bearbeitungsdauer/dauerBis', message: 'must not be below dauer' });
  }
  return details;
}

export function moduleSearchText(doc: LeistungModules): string {
  return collectText([doc.modulText, doc.modulBegriffImKontext, doc.modulKosten, doc.modulFrist, doc.modulDokument]).join(' ');
}

/** The name to show: module 03 (bürgernahe Bezeichnung) if present, else 02. */
export function bezeichnungModule(doc: LeistungModules): ModulText | undefined {
  return doc.modulText?.find((m) => m.leikaTextmodul === '03') ?? doc.modulText?.find((m) => m.leikaTextmodul === '02');
}
