/** The edit form of each object type (see forms.ts for the field kinds). */
import { codelists } from '../shared/codelists';
import { TEXT_MODULES, type Field, type Option } from './forms';

const opts = (pairs: Array<[string, string]>): Option[] => pairs.map(([value, label]) => ({ value, label }));
const UNITS = opts([['TAG', 'Tag(e)'], ['WERKTAG', 'Werktag(e)'], ['ARBEITSTAG', 'Arbeitstag(e)'], ['WOCHE', 'Woche(n)'], ['MONAT', 'Monat(e)'], ['JAHR', 'Jahr(e)'], ['STUNDE', 'Stunde(n)']]);
const NIVEAUS = opts([['00', '00 keines'], ['10', '10 niedrig'], ['15', '15 substanziell (Basisregistrierung)'], ['20', '20 substanziell'], ['30', '30 hoch'], ['40', '40 hoch (qualifiziert)']]);
const DAYS = opts([['mo', 'Montag'], ['di', 'Dienstag'], ['mi', 'Mittwoch'], ['do', 'Donnerstag'], ['fr', 'Freitag'], ['sa', 'Samstag'], ['so', 'Sonntag']]);
const KANAELE = codelists.erreichbarkeit.codes.map((c) => ({ value: c.code, label: `${c.code} ${c.de ?? ''}` }));
const ANSCHRIFTTYPEN = codelists.anschrifttyp.codes.map((c) => ({ value: c.code, label: c.de ?? c.code }));
const ARS_HINT = '12-stelliger Amtlicher Regionalschlüssel je Zeile, z. B. 066360013013 (Wanfried) oder 060000000000 (Hessen)';

/** Amounts of a Kosten row are in euro unless the stored row says otherwise; a kind without an amount has none. */
function euroAmounts(row: Record<string, unknown>): void {
  for (const key of ['betrag', 'betragUntergrenze', 'betragObergrenze']) {
    const amount = row[key] as { value?: number; currency?: string } | undefined;
    if (amount && amount.value !== undefined) amount.currency ??= 'EUR';
    else delete row[key];
  }
  if (row.art === 'frei') { delete row.betrag; delete row.betragUntergrenze; delete row.betragObergrenze; }
  if (row.art === 'fix') { delete row.betragUntergrenze; delete row.betragObergrenze; }
  if (row.art === 'variabel') delete row.betrag;
}

/** Modules whose text a Spezialisierung may add for its place. */
export const LOCAL_MODULES = TEXT_MODULES.filter((m) => ['06', '08', '09', '11', '14', '16', '22', '23'].includes(m.value));

export const FORMS: Record<string, Field[]> = {
  Leistung: [
    { kind: 'string', path: 'referenzLeiKa', label: 'LeiKa-Schlüssel', hint: '14 Ziffern, z. B. 99102013104000', pattern: '\\d{14}', inputmode: 'numeric' },
    { kind: 'modules', path: 'modulText', label: 'Textmodule', codes: TEXT_MODULES },
    { kind: 'list', path: 'modulBegriffImKontext', key: 'begriff', extra: { languageCode: 'de' }, label: 'Begriffe im Kontext (Synonyme)', hint: 'je Zeile ein Begriff' },
    { kind: 'multiselect', path: 'typisierung', label: 'Typisierung', options: opts([['1', '1 Bund'], ['2', '2 Bund/Land (Regelung Bund, Vollzug Land)'], ['2/3', '2/3 Bund/Land/Kommune'], ['3', '3 Land'], ['4', '4 Land/Kommune (Regelung Land, Vollzug Kommune)'], ['5', '5 Kommune']]) },
    { kind: 'rows', path: 'modulKosten.kosten', label: 'Kosten', columns: [
      { key: 'art', label: 'Art', kind: 'select', options: opts([['fix', 'fester Betrag'], ['variabel', 'von – bis'], ['frei', 'gebührenfrei']]) },
      { key: 'betrag', path: 'betrag.value', label: 'Betrag in €', kind: 'number' },
      { key: 'von', path: 'betragUntergrenze.value', label: 'von €', kind: 'number' },
      { key: 'bis', path: 'betragObergrenze.value', label: 'bis €', kind: 'number' },
      { key: 'beschreibung', label: 'Beschreibung', kind: 'text' },
    ], fill: euroAmounts },
    { kind: 'texts', path: 'modulKosten.beschreibung', label: 'Kosten – Beschreibung', html: true },
    { kind: 'rows', path: 'modulFrist.frist', label: 'Fristen', columns: [
      { key: 'dauer', path: 'dauer.dauer', label: 'Dauer', kind: 'number' },
      { key: 'einheit', path: 'dauer.einheit', label: 'Einheit', kind: 'select', options: UNITS },
      { key: 'beschreibung', label: 'Beschreibung', kind: 'text' },
    ] },
    { kind: 'texts', path: 'modulFrist.beschreibung', label: 'Fristen – Beschreibung', html: true },
    { kind: 'number', path: 'modulBearbeitungsdauer.bearbeitungsdauer.dauer', label: 'Bearbeitungsdauer', min: 0 },
    { kind: 'number', path: 'modulBearbeitungsdauer.bearbeitungsdauer.dauerBis', label: 'Bearbeitungsdauer bis', min: 0 },
    { kind: 'select', path: 'modulBearbeitungsdauer.bearbeitungsdauer.einheit', label: 'Einheit der Bearbeitungsdauer', options: [{ value: '', label: '–' }, ...UNITS] },
    { kind: 'texts', path: 'modulBearbeitungsdauer.beschreibung', label: 'Bearbeitungsdauer – Beschreibung', html: true },
    { kind: 'list', path: 'gueltigkeitGebietID', label: 'Gültigkeitsgebiet', hint: ARS_HINT },
  ],
  Spezialisierung: [
    { kind: 'list', path: 'gebietID', label: 'Gebiet', hint: ARS_HINT },
    { kind: 'modules', path: 'modulText', label: 'Eigener Inhalt', codes: LOCAL_MODULES },
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
    { kind: 'rows', path: 'oeffnungszeiten.zeiten', label: 'Öffnungszeiten', spare: 3, columns: [
      { key: 'tag', label: 'Tag', kind: 'select', options: DAYS }, { key: 'von', label: 'von (hh:mm)' }, { key: 'bis', label: 'bis (hh:mm)' },
    ] },
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
    { kind: 'list', path: 'leistungIds', label: 'Leistungen (IDs)', hint: 'je Zeile die ID einer Leistung' },
    { kind: 'list', path: 'gueltigkeitGebietID', label: 'Gültigkeitsgebiet', hint: ARS_HINT },
  ],
  Zustaendigkeit: [
    { kind: 'string', path: 'leistungId', label: 'Leistung (ID)', required: true },
    { kind: 'string', path: 'organisationseinheitId', label: 'Organisationseinheit (ID)', hint: 'entweder Organisationseinheit oder Onlinedienst' },
    { kind: 'string', path: 'onlinedienstId', label: 'Onlinedienst (ID)' },
    { kind: 'string', path: 'gebietID', label: 'Gebiet (ARS)', hint: ARS_HINT, pattern: '\\d{12}', inputmode: 'numeric', required: true },
    { kind: 'select', path: 'rolle', label: 'Rolle', options: opts([['01', '01 zuständige Stelle'], ['02', '02 Ansprechpunkt'], ['03', '03 ergänzende Stelle']]) },
  ],
  Kategorie: [
    { kind: 'texts', path: 'bezeichnung', label: 'Bezeichnung', required: true },
    { kind: 'texts', path: 'beschreibung', label: 'Beschreibung' },
  ],
};
