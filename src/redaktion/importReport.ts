/**
 * An import's report (src/syndication/importer.ts ImportReport) in the workspace's words: status,
 * counts per Klasse, and each problem with the object it concerns and where in the file it is.
 */
import type { Lang } from '../portal/i18n';
import type { ImportProblem, ImportReport } from '../syndication/importer';
import { editorMessage } from './messages';

type Words = [string, string];
const pick = (w: Words, lang: Lang) => w[lang === 'en' ? 1 : 0];

const JOB_STATUS: Record<string, Words> = {
  queued: ['wartet', 'queued'], running: ['läuft', 'running'], done: ['abgeschlossen', 'finished'],
  rejected: ['abgelehnt', 'refused'], failed: ['fehlgeschlagen', 'failed'],
};
const REPORT_STATUS: Record<ImportReport['status'], Words> = {
  applied: ['Alles übernommen.', 'Everything was taken in.'],
  partially_applied: ['Teilweise übernommen: die fehlerhaften Objekte wurden übersprungen, die übrigen gespeichert.', 'Partly taken in: the faulty objects were skipped, the others stored.'],
  rejected: ['Nichts übernommen: die Datei enthält Fehler, und im Modus „alles oder nichts“ wird dann nichts gespeichert.', 'Nothing was taken in: the file has errors, and in “all or nothing” mode nothing is stored then.'],
};
const KLASSE: Record<string, Words> = {
  Leistung: ['Leistungen', 'Services'], Organisationseinheit: ['Organisationseinheiten', 'Offices'], Onlinedienst: ['Onlinedienste', 'Online services'],
  Zustaendigkeit: ['Zuständigkeiten', 'Responsibilities'], Spezialisierung: ['Spezialisierungen', 'Localisations'], Kategorie: ['Kategorien', 'Categories'],
};
const ONE: Record<string, Words> = {
  Leistung: ['Leistung', 'Service'], Organisationseinheit: ['Organisationseinheit', 'Office'], Onlinedienst: ['Onlinedienst', 'Online service'],
  Zustaendigkeit: ['Zuständigkeit', 'Responsibility'], Spezialisierung: ['Spezialisierung', 'Localisation'], Kategorie: ['Kategorie', 'Category'],
};
/** Why a whole file was refused, by the error's code. */
const REFUSAL: Record<string, Words> = {
  xml_malformed: ['Die Datei ist kein wohlgeformtes XML.', 'The file is not well-formed XML.'],
  xml_not_utf8: ['Die Datei ist nicht in UTF-8 kodiert.', 'The file is not encoded in UTF-8.'],
  xzufi_schema_invalid: ['Die Datei entspricht nicht dem XZuFi-2.2.0-Schema.', 'The file does not follow the XZuFi 2.2.0 schema.'],
  body_too_large: ['Die Datei ist zu groß.', 'The file is too large.'],
  bad_request: ['Die Datei konnte nicht gelesen werden (leer oder kein gültiges gzip).', 'The file could not be read (empty or not valid gzip).'],
  unsupported_media_type: ['Bitte das Formular mit einer Datei absenden.', 'Send the form with a file.'],
  internal_error: ['Der Import ist fehlgeschlagen; der Fehler wurde protokolliert.', 'The import failed; the error has been logged.'],
  interrupted: ['Der Import wurde nicht beendet (die Instanz hat angehalten); bitte die Datei erneut hochladen.', 'The import did not finish (the instance stopped); upload the file again.'],
};

export const jobStatusLabel = (status: string, lang: Lang) => (JOB_STATUS[status] ? pick(JOB_STATUS[status]!, lang) : status);

/** The refusal in the editor's words, with the technical message after it (integrators search for it). */
export function refusalText(code: string, message: string, lang: Lang): string {
  const words = REFUSAL[code];
  return words ? `${pick(words, lang)} (${message})` : message;
}

function problemRow(p: ImportProblem, lang: Lang) {
  const where = [
    p.index !== undefined ? `${lang === 'en' ? 'object' : 'Objekt'} ${p.index + 1}` : '',
    p.line ? `${lang === 'en' ? 'line' : 'Zeile'} ${p.line}${p.column ? `, ${lang === 'en' ? 'column' : 'Spalte'} ${p.column}` : ''}` : '',
  ].filter(Boolean).join(', ');
  return {
    klasse: p.klasse ? pick(ONE[p.klasse] ?? [p.klasse, p.klasse], lang) : '',
    id: p.id ?? '', path: p.path ?? '', where,
    message: editorMessage({ path: p.path ?? '/', message: p.message }, lang).message,
  };
}

export function importReportView(report: ImportReport, lang: Lang) {
  const counts = Object.entries(report.counts)
    .filter(([, c]) => Object.values(c).some((n) => n > 0))
    .map(([klasse, c]) => ({ klasse: pick(KLASSE[klasse] ?? [klasse, klasse], lang), ...c }));
  return {
    status: report.status, statusText: pick(REPORT_STATUS[report.status], lang), ok: report.status === 'applied',
    mode: report.mode === 'partial' ? (lang === 'en' ? 'partial (faulty objects skipped)' : 'teilweise (fehlerhafte Objekte überspringen)') : (lang === 'en' ? 'all or nothing' : 'alles oder nichts'),
    target: report.target === 'draft' ? (lang === 'en' ? 'as working versions' : 'als Entwürfe') : (lang === 'en' ? 'published' : 'veröffentlicht'),
    sender: report.message.sender ?? '', nachricht: report.message.nachrichtUUID ?? '', objects: report.message.objects,
    seconds: (report.durationMs / 1000).toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE', { maximumFractionDigits: 1 }),
    counts, errors: report.errors.map((p) => problemRow(p, lang)), warnings: report.warnings.map((p) => problemRow(p, lang)), truncated: report.truncated,
  };
}
