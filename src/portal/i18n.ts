/** UI texts of the portal and the editor workspace: German, with an English translation. */

export type Lang = 'de' | 'en';

const de = {
  siteName: 'Verwaltungsportal Hessen',
  skipLink: 'Zum Inhalt springen',
  language: 'English',
  searchLabel: 'Was möchten Sie erledigen?',
  searchHint: 'z. B. Hund anmelden, Personalausweis, Wohngeld',
  placeLabel: 'Ort, PLZ oder Regionalschlüssel',
  placeHint: 'z. B. Wanfried oder 37281',
  searchButton: 'Suchen',
  lebenslagen: 'Lebenslagen',
  leistungenCount: '{n} Leistungen',
  results: '{n} Ergebnisse für „{q}“',
  result1: '1 Ergebnis für „{q}“',
  resultsAt: 'in {place}',
  noResults: 'Keine Leistung gefunden. Versuchen Sie andere oder weniger Wörter.',
  relaxed: 'Keine Leistung enthält alle Wörter; gezeigt werden Leistungen mit einigen davon.',
  placeUnknown: 'Den Ort „{place}“ kennen wir nicht. Gezeigt werden Leistungen ohne Ortsbezug.',
  placeChoose: 'Welchen Ort meinen Sie?',
  responsible: 'Zuständig',
  onlineService: 'Online-Dienst',
  noPlace: 'Geben Sie einen Ort an, um die zuständige Stelle zu sehen.',
  notResponsible: 'Für diesen Ort ist keine zuständige Stelle hinterlegt.',
  beschreibung: 'Beschreibung',
  onlineDienst: 'Online-Dienst',
  zustaendigeStelle: 'Ansprechpartner / Zuständige Stelle',
  unterlagen: 'Erforderliche Unterlagen',
  formulare: 'Formulare',
  voraussetzungen: 'Voraussetzungen',
  rechtsgrundlagen: 'Rechtsgrundlage(n)',
  rechtsbehelf: 'Rechtsbehelf',
  verfahrensablauf: 'Verfahrensablauf',
  fristen: 'Fristen',
  bearbeitungsdauer: 'Bearbeitungsdauer',
  kosten: 'Kosten',
  hinweise: 'Hinweise',
  weiterfuehrend: 'Weiterführende Informationen',
  gueltigkeitsgebiet: 'Gültigkeitsgebiet',
  fachlicheFreigabe: 'Fachliche Freigabe',
  stichwoerter: 'Stichwörter',
  localText: 'Ergänzung von {tenant}',
  startOnline: 'Online beantragen: {name}',
  reifegrad: 'Reifegrad {n} von 4',
  vertrauensniveau: 'Vertrauensniveau: {v}',
  openingHours: 'Öffnungszeiten',
  address: 'Anschrift',
  contact: 'Kontakt',
  freigegebenAm: 'Fachlich freigegeben am {date} durch {by}',
  print: 'Drucken',
  printView: 'Druckansicht',
  back: 'Zurück zur Suche',
  freeOfCharge: 'gebührenfrei',
  serviceFor: 'Für {place}',
  changePlace: 'Ort ändern',
  notFoundTitle: 'Seite nicht gefunden',
  notFoundText: 'Diese Leistung gibt es nicht oder sie ist nicht veröffentlicht.',
  alleLeistungen: 'Alle Leistungen dieser Lebenslage',
  days: { mo: 'Montag', di: 'Dienstag', mi: 'Mittwoch', do: 'Donnerstag', fr: 'Freitag', sa: 'Samstag', so: 'Sonntag' } as Record<string, string>,
  units: { JAHR: 'Jahr(e)', MONAT: 'Monat(e)', WOCHE: 'Woche(n)', TAG: 'Tag(e)', WERKTAG: 'Werktag(e)', ARBEITSTAG: 'Arbeitstag(e)', STUNDE: 'Stunde(n)', MINUTE: 'Minute(n)', SEKUNDE: 'Sekunde(n)' } as Record<string, string>,
  niveaus: { '00': 'keines', '10': 'niedrig', '15': 'substanziell (Basisregistrierung)', '20': 'substanziell', '30': 'hoch', '40': 'hoch (qualifiziert)' } as Record<string, string>,
};

export type Messages = typeof de;

const en: Messages = {
  siteName: 'Administration portal of Hesse',
  skipLink: 'Skip to content',
  language: 'Deutsch',
  searchLabel: 'What would you like to do?',
  searchHint: 'e.g. register a dog, identity card, housing benefit',
  placeLabel: 'Town, postcode or regional key',
  placeHint: 'e.g. Wanfried or 37281',
  searchButton: 'Search',
  lebenslagen: 'Life situations',
  leistungenCount: '{n} services',
  results: '{n} results for “{q}”',
  result1: '1 result for “{q}”',
  resultsAt: 'in {place}',
  noResults: 'No service found. Try other or fewer words.',
  relaxed: 'No service contains all words; showing services with some of them.',
  placeUnknown: 'We do not know the place “{place}”. Showing services without a place.',
  placeChoose: 'Which place do you mean?',
  responsible: 'Responsible',
  onlineService: 'Online service',
  noPlace: 'Enter a place to see the responsible office.',
  notResponsible: 'No responsible office is recorded for this place.',
  beschreibung: 'Description',
  onlineDienst: 'Online service',
  zustaendigeStelle: 'Contact / responsible office',
  unterlagen: 'Required documents',
  formulare: 'Forms',
  voraussetzungen: 'Requirements',
  rechtsgrundlagen: 'Legal basis',
  rechtsbehelf: 'Legal remedy',
  verfahrensablauf: 'Procedure',
  fristen: 'Deadlines',
  bearbeitungsdauer: 'Processing time',
  kosten: 'Fees',
  hinweise: 'Notes',
  weiterfuehrend: 'Further information',
  gueltigkeitsgebiet: 'Area of validity',
  fachlicheFreigabe: 'Approval by the ministry',
  stichwoerter: 'Keywords',
  localText: 'Addition by {tenant}',
  startOnline: 'Apply online: {name}',
  reifegrad: 'Maturity level {n} of 4',
  vertrauensniveau: 'Level of assurance: {v}',
  openingHours: 'Opening hours',
  address: 'Address',
  contact: 'Contact',
  freigegebenAm: 'Approved on {date} by {by}',
  print: 'Print',
  printView: 'Print view',
  back: 'Back to search',
  freeOfCharge: 'free of charge',
  serviceFor: 'For {place}',
  changePlace: 'Change place',
  notFoundTitle: 'Page not found',
  notFoundText: 'This service does not exist or is not published.',
  alleLeistungen: 'All services of this life situation',
  days: { mo: 'Monday', di: 'Tuesday', mi: 'Wednesday', do: 'Thursday', fr: 'Friday', sa: 'Saturday', so: 'Sunday' },
  units: { JAHR: 'year(s)', MONAT: 'month(s)', WOCHE: 'week(s)', TAG: 'day(s)', WERKTAG: 'working day(s)', ARBEITSTAG: 'working day(s)', STUNDE: 'hour(s)', MINUTE: 'minute(s)', SEKUNDE: 'second(s)' },
  niveaus: { '00': 'none', '10': 'low', '15': 'substantial (basic registration)', '20': 'substantial', '30': 'high', '40': 'high (qualified)' },
};

export const MESSAGES: Record<Lang, Messages> = { de, en };

export const langOf = (value: unknown): Lang => (value === 'en' ? 'en' : 'de');

/** A message with `{name}` placeholders filled in. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  if (!template.includes('{')) return template;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? `{${k}}`));
}

export interface LocalText { value: string; lang: Lang }

type Texts = Array<{ languageCode: string; value: string }>;

/** Which of the texts a reader gets: the one in their language, else the German one, else the first. */
export function localizedEntry<T extends Texts[number]>(texts: T[] | undefined, lang: Lang): T | undefined {
  if (!texts || texts.length === 0) return undefined;
  return texts.find((t) => t.languageCode === lang) ?? texts.find((t) => t.languageCode === 'de') ?? texts[0]!;
}

/** The text in the reader's language, else German; with the language it is in (for `lang` attributes). */
export function localized(texts: Texts | undefined, lang: Lang): LocalText | undefined {
  const hit = localizedEntry(texts, lang);
  return hit ? { value: hit.value, lang: langOf(hit.languageCode) } : undefined;
}
