/** The edit form of each object type (see forms.ts for the field kinds). */
import { codelists } from '../shared/codelists';
import { TEXT_MODULES, type Field, type Option } from './forms';
import { hoursFill, hoursView } from './openingHours';

const opts = (pairs: Array<[string, string]>): Option[] => pairs.map(([value, label]) => ({ value, label }));
const UNITS = opts([['TAG', 'Tag(e)'], ['WERKTAG', 'Werktag(e)'], ['ARBEITSTAG', 'Arbeitstag(e)'], ['WOCHE', 'Woche(n)'], ['MONAT', 'Monat(e)'], ['JAHR', 'Jahr(e)'], ['STUNDE', 'Stunde(n)']]);
const NIVEAUS = opts([['00', '00 keines'], ['10', '10 niedrig'], ['15', '15 substanziell (Basisregistrierung)'], ['20', '20 substanziell'], ['30', '30 hoch'], ['40', '40 hoch (qualifiziert)']]);
const DAYS = opts([['mo', 'Montag'], ['di', 'Dienstag'], ['mi', 'Mittwoch'], ['do', 'Donnerstag'], ['fr', 'Freitag'], ['sa', 'Samstag'], ['so', 'Sonntag']]);
const KANAELE = codelists.erreichbarkeit.codes.map((c) => ({ value: c.code, label: `${c.code} ${c.de ?? ''}` }));
const ANSCHRIFTTYPEN = codelists.anschrifttyp.codes.map((c) => ({ value: c.code, label: c.de ?? c.code }));

/** A Kosten row as the form shows it: the choice fix / variabel / frei as one column `art`, amounts flat. */
function kostenView(row: Record<string, unknown>): Record<string, unknown> {
  const { fix, variabel, frei, ...rest } = row as Record<string, Record<string, { value?: number }> | undefined>;
  void frei;
  return {
    ...rest,
    art: fix ? 'fix' : variabel ? 'variabel' : 'frei',
    ...(fix?.betrag ? { betrag: fix.betrag.value } : {}),
    ...(variabel?.betragUntergrenze ? { von: variabel.betragUntergrenze.value } : {}),
    ...(variabel?.betragObergrenze ? { bis: variabel.betragObergrenze.value } : {}),
  };
}

/** Back to the stored shape: amounts in euro, exactly one of fix, variabel, frei. */
function kostenFill(row: Record<string, unknown>): void {
  const euro = (v: unknown) => (typeof v === 'number' && !Number.isNaN(v) ? { value: v, currencyCode: 'EUR' } : undefined);
  const { art, betrag, von, bis } = row;
  for (const key of ['art', 'betrag', 'von', 'bis', 'fix', 'variabel', 'frei']) delete row[key];
  if (art === 'fix' && euro(betrag)) row.fix = { betrag: euro(betrag) };
  else if (art === 'variabel' && (euro(von) || euro(bis))) row.variabel = { ...(euro(von) ? { betragUntergrenze: euro(von) } : {}), ...(euro(bis) ? { betragObergrenze: euro(bis) } : {}) };
  else row.frei = {};
}

/** Links of a text module (XZuFi hangs links on modules: 07 Rechtsgrundlagen, 14 Formulare, 15 Weiterführende Informationen). */
const moduleLinks = (code: string, label: string): Field => ({
  kind: 'rows', path: `modulText[${code}].weiterfuehrenderLink`, label, columns: [{ key: 'uri', label: 'URL (https)' }, { key: 'titel', label: 'Titel' }],
  fill: (row) => { row.languageCode ??= 'de'; },
});
/** Documents the applicant brings or receives: name, description, and a code of the Dokumenttyp list if known. */
const documents = (path: string, label: string): Field => ({
  kind: 'rows', path, label, columns: [
    { key: 'bezeichnung', label: 'Bezeichnung', kind: 'text' }, { key: 'beschreibung', label: 'Beschreibung', kind: 'text' },
    { key: 'typ', path: 'typ.code', label: 'Dokumenttyp (Code, 3 Ziffern)' },
  ],
});
const KOSTEN_ROWS: Field = { kind: 'rows', path: 'modulKosten.kosten', label: 'Kosten', columns: [
  { key: 'art', label: 'Art', kind: 'select', options: opts([['fix', 'fester Betrag'], ['variabel', 'von – bis'], ['frei', 'gebührenfrei']]) },
  { key: 'betrag', label: 'Betrag in €', kind: 'number' },
  { key: 'von', label: 'von €', kind: 'number' },
  { key: 'bis', label: 'bis €', kind: 'number' },
  { key: 'beschreibung', label: 'Beschreibung', kind: 'text' },
], view: kostenView, fill: kostenFill };

/** Modules whose text a Spezialisierung may add for its place. */
export const LOCAL_MODULES = TEXT_MODULES.filter((m) => ['06', '08', '09', '11', '14', '16', '22', '23'].includes(m.value));

export const FORMS: Record<string, Field[]> = {
  Leistung: [
    { kind: 'refs', path: 'referenzLeiKa', label: 'LeiKa-Schlüssel', target: 'LeiKa' },
    { kind: 'modules', path: 'modulText', label: 'Textmodule', codes: TEXT_MODULES },
    { kind: 'begriffe', path: 'modulBegriffImKontext', label: 'Begriffe im Kontext (Synonyme)', hint: 'je Zeile ein Begriff' },
    { kind: 'multiselect', path: 'typisierung', label: 'Typisierung', options: opts([['1', '1 Bund'], ['2', '2 Bund/Land (Regelung Bund, Vollzug Land)'], ['2/3', '2/3 Bund/Land/Kommune'], ['3', '3 Land'], ['4', '4 Land/Kommune (Regelung Land, Vollzug Kommune)'], ['5', '5 Kommune']]) },
    moduleLinks('14', 'Formulare (Links, Modul 14)'),
    moduleLinks('15', 'Weiterführende Links (Modul 15)'),
    moduleLinks('07', 'Rechtsgrundlagen (Links, Modul 07)'),
    KOSTEN_ROWS,
    { kind: 'texts', path: 'modulKosten.beschreibung', label: 'Kosten – Beschreibung', html: true },
    { kind: 'rows', path: 'modulFrist.frist', label: 'Fristen', columns: [
      { key: 'dauer', path: 'dauer.dauer', label: 'Dauer', kind: 'number' },
      { key: 'einheit', path: 'dauer.einheit', label: 'Einheit', kind: 'select', options: UNITS },
      { key: 'beschreibung', label: 'Beschreibung', kind: 'text' },
    ] },
    { kind: 'texts', path: 'modulFrist.beschreibung', label: 'Fristen – Beschreibung', html: true },
    { kind: 'rows', path: 'modulBearbeitungsdauer.bearbeitungsdauer', label: 'Bearbeitungsdauer', spare: 1, columns: [
      { key: 'dauer', path: 'dauer.dauer', label: 'Dauer', kind: 'number' },
      { key: 'dauerBis', path: 'dauer.dauerBis', label: 'bis', kind: 'number' },
      { key: 'einheit', path: 'dauer.einheit', label: 'Einheit', kind: 'select', options: UNITS },
      { key: 'beschreibung', label: 'Beschreibung', kind: 'text' },
    ] },
    { kind: 'texts', path: 'modulBearbeitungsdauer.beschreibung', label: 'Bearbeitungsdauer – Beschreibung', html: true },
    documents('modulDokument.dokumentEingehend', 'Dokumente, die einzureichen sind'),
    documents('modulDokument.dokumentAusgehend', 'Dokumente, die ausgestellt werden'),
    { kind: 'refs', path: 'kategorieIds', label: 'Kategorien und Lebenslagen', target: 'Kategorie' },
    { kind: 'refs', path: 'gueltigkeitGebietID', label: 'Gültigkeitsgebiet', target: 'Gebiet' },
  ],
  Spezialisierung: [
    { kind: 'refs', path: 'gebietID', label: 'Gebiet', target: 'Gebiet' },
    { kind: 'modules', path: 'modulText', label: 'Eigener Inhalt', codes: LOCAL_MODULES },
    moduleLinks('14', 'Formulare vor Ort (Links, Modul 14)'),
    { ...KOSTEN_ROWS, label: 'Kosten vor Ort (Beträge)' },
    { kind: 'texts', path: 'modulKosten.beschreibung', label: 'Kosten vor Ort', html: true },
    { kind: 'texts', path: 'modulBearbeitungsdauer.beschreibung', label: 'Bearbeitungsdauer vor Ort', html: true },
  ],
  Organisationseinheit: [
    { kind: 'texts', path: 'name', label: 'Name', required: true },
    { kind: 'texts', path: 'kurzbezeichnung', label: 'Kurzbezeichnung' },
    { kind: 'texts', path: 'beschreibung', label: 'Beschreibung', html: true },
    { kind: 'rows', path: 'anschrift', label: 'Anschriften', spare: 1, columns: [
      { key: 'typ', label: 'Typ', kind: 'select', options: ANSCHRIFTTYPEN },
      { key: 'strasse', label: 'Straße' }, { key: 'hausnummer', label: 'Hausnummer' },
      { key: 'postleitzahl', label: 'PLZ' }, { key: 'ort', label: 'Ort' }, { key: 'ars', label: 'ARS' },
    ] },
    { kind: 'rows', path: 'kommunikation', label: 'Kommunikation', columns: [
      { key: 'kanal', label: 'Kanal', kind: 'select', options: KANAELE }, { key: 'kennung', label: 'Kennung' }, { key: 'zusatz', label: 'Zusatz' },
    ] },
    { kind: 'rows', path: 'oeffnungszeiten.zeiten', label: 'Öffnungszeiten', spare: 1, hint: 'Tage mit gleichen Zeiten als Bereich, z. B. Montag bis Freitag 08:00–12:00; abweichende Tage als eigene Zeile.', columns: [
      { key: 'tag', label: 'Tag (von)', kind: 'select', options: DAYS }, { key: 'tagBis', label: 'bis Tag', kind: 'select', options: [{ value: '', label: '–' }, ...DAYS] },
      { key: 'von', label: 'von (hh:mm)' }, { key: 'bis', label: 'bis (hh:mm)' }, { key: 'hinweis', label: 'Hinweis' },
    ], group: { view: hoursView, fill: hoursFill } },
    { kind: 'texts', path: 'oeffnungszeiten.hinweis', label: 'Hinweis zu den Öffnungszeiten' },
  ],
  Onlinedienst: [
    { kind: 'texts', path: 'bezeichnung', label: 'Bezeichnung', required: true },
    { kind: 'texts', path: 'beschreibung', label: 'Beschreibung', html: true },
    { kind: 'rows', path: 'link', label: 'Links', spare: 1, columns: [
      { key: 'typ', label: 'Typ', kind: 'select', options: opts([['01', '01 Startseite des Dienstes'], ['02', '02 Information'], ['03', '03 Formular']]) },
      { key: 'link', label: 'URL (https)' }, { key: 'titel', label: 'Titel' },
    ] },
    { kind: 'number', path: 'ozgReifegrad', label: 'OZG-Reifegrad', hint: '0 bis 4', min: 0, max: 4 },
    { kind: 'select', path: 'vertrauensniveau', label: 'Vertrauensniveau', options: [{ value: '', label: '–' }, ...NIVEAUS] },
    { kind: 'refs', path: 'leistungIds', label: 'Leistungen', target: 'Leistung' },
    { kind: 'refs', path: 'gueltigkeitGebietID', label: 'Gültigkeitsgebiet', target: 'Gebiet' },
  ],
  Zustaendigkeit: [
    { kind: 'ref', path: 'leistungId', label: 'Leistung', target: 'Leistung', required: true },
    { kind: 'ref', path: 'organisationseinheitId', label: 'Organisationseinheit', target: 'Organisationseinheit', hint: 'Entweder eine Organisationseinheit oder ein Onlinedienst.' },
    { kind: 'ref', path: 'onlinedienstId', label: 'Onlinedienst', target: 'Onlinedienst' },
    { kind: 'ref', path: 'gebietID', label: 'Gebiet', target: 'Gebiet', required: true },
    { kind: 'select', path: 'rolle', label: 'Rolle', required: true, options: opts([['01', '01 zuständige Stelle'], ['02', '02 Ansprechpunkt'], ['03', '03 ergänzende Stelle']]) },
  ],
  Kategorie: [
    { kind: 'texts', path: 'bezeichnung', label: 'Bezeichnung', required: true },
    { kind: 'texts', path: 'beschreibung', label: 'Beschreibung' },
  ],
};
