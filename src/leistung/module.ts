/** Types and rules of the LeiKa modules, shared by Leistung and Spezialisierung (XZuFi 2.2.0 shapes). */
import type { ErrorDetail } from '../shared/errors';
import { collectText, type Text } from '../shared/text';

export interface Link { uri: string; titel?: string; beschreibung?: string; languageCode?: string; positionDarstellung?: number }

export interface ModulText {
  leikaTextmodul: string;
  abweichendeBezeichnung?: Text[];
  /** Absent for a module that holds only links. */
  inhalt?: Text[];
  weiterfuehrenderLink?: Link[];
  positionDarstellung?: number;
}

export interface Dauer { dauer: number; einheit: string; dauerBis?: number; einheitBis?: string }
export interface Stichtag { von?: string; bis?: string }
/** A Frist (with typ) or a Bearbeitungsdauer (without): a duration or a fixed day. */
export interface Frist { typ?: string; dauer?: Dauer; stichtag?: Stichtag; beschreibung?: Text[] }
export interface Betrag { value: number; currencyCode: string }
export interface Kosten {
  typ?: string;
  fix?: { betrag: Betrag };
  frei?: { beschreibungKostenfreiheit?: Text[] };
  variabel?: { betragUntergrenze?: Betrag; betragObergrenze?: Betrag; beschreibungVariabilitaet?: Text[] };
  beschreibung?: Text[];
  vorkasse?: boolean;
  linkKostenbildung?: string;
}
export interface Dokument { typ?: { code?: string; nichtGelisteterWert?: string }; bezeichnung?: Text[]; beschreibung?: Text[]; referenzFormularID?: Array<{ id: string }>; angabeSignatur?: string }
export interface BegriffImKontext { begriff: string; languageCode: string; typ?: string }

export interface LeistungModules {
  modulText?: ModulText[];
  modulTextIndividuell?: Array<{ inhalt?: Text[]; weiterfuehrenderLink?: Link[] }>;
  modulFrist?: { frist?: Frist[]; beschreibung?: Text[]; weiterfuehrenderLink?: Link[] };
  modulKosten?: { kosten?: Kosten[]; beschreibung?: Text[]; weiterfuehrenderLink?: Link[] };
  modulBearbeitungsdauer?: { bearbeitungsdauer?: Frist[]; beschreibung?: Text[]; weiterfuehrenderLink?: Link[] };
  modulDokument?: { dokumentEingehend?: Dokument[]; dokumentAusgehend?: Dokument[]; beschreibung?: Text[]; weiterfuehrenderLink?: Link[] };
  modulBegriffImKontext?: Array<{ begriffImKontext?: BegriffImKontext[] }>;
  modulAuskunftshinweis?: { inhalt?: Text[]; weiterfuehrenderLink?: Link[] };
  modulUrsprungsportal?: Array<{ uri: string; titel?: string; languageCode: string }>;
}



function dauerProblems(d: Dauer | undefined, path: string): ErrorDetail[] {
  if (!d || d.dauerBis === undefined) return [];
  if ((d.einheitBis ?? d.einheit) === d.einheit && d.dauerBis < d.dauer) return [{ path: `${path}/dauerBis`, message: 'must not be below dauer' }];
  return [];
}

/** Each LeiKa text module at most once; cost ranges in order; duration ranges in order. */
export function moduleProblems(doc: LeistungModules): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  (doc.modulText ?? []).forEach((m, i) => {
    if (seen.has(m.leikaTextmodul)) {
      details.push({ path: `/modulText/${i}/leikaTextmodul`, message: `text module ${m.leikaTextmodul} appears twice (first at /modulText/${seen.get(m.leikaTextmodul)})` });
    } else seen.set(m.leikaTextmodul, i);
    if (!m.inhalt && !m.weiterfuehrenderLink?.length) details.push({ path: `/modulText/${i}`, message: 'needs a text (inhalt) or at least one link' });
  });
  (doc.modulKosten?.kosten ?? []).forEach((k, i) => {
    const v = k.variabel;
    if (v?.betragUntergrenze && v.betragObergrenze && v.betragUntergrenze.value > v.betragObergrenze.value) {
      details.push({ path: `/modulKosten/kosten/${i}/variabel/betragObergrenze`, message: 'must not be below betragUntergrenze' });
    }
  });
  (doc.modulFrist?.frist ?? []).forEach((f, i) => details.push(...dauerProblems(f.dauer, `/modulFrist/frist/${i}/dauer`)));
  (doc.modulBearbeitungsdauer?.bearbeitungsdauer ?? []).forEach((f, i) => details.push(...dauerProblems(f.dauer, `/modulBearbeitungsdauer/bearbeitungsdauer/${i}/dauer`)));

  return details;
}

/** Every Begriff im Kontext of the document, from all its modules. */
export function begriffe(doc: LeistungModules): BegriffImKontext[] {
  return (doc.modulBegriffImKontext ?? []).flatMap((m) => m.begriffImKontext ?? []);
}

export function moduleSearchText(doc: LeistungModules): string {
  return collectText([doc.modulText, begriffe(doc), doc.modulKosten, doc.modulFrist, doc.modulDokument]).join(' ');
}

/** The name to show: module 03 (bürgernahe Bezeichnung) if present, else 02. */
export function bezeichnungModule(doc: LeistungModules): ModulText | undefined {
  return doc.modulText?.find((m) => m.leikaTextmodul === '03') ?? doc.modulText?.find((m) => m.leikaTextmodul === '02');
}
