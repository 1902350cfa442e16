/** Helpers for the multilingual text shapes shared by all object types. */
import type { ErrorDetail } from './errors';

export interface Text { languageCode: 'de' | 'en'; value: string }

export function isTextList(value: unknown): value is Text[] {
  return Array.isArray(value) && value.length > 0 && value.every((v) => v && typeof v === 'object' && 'languageCode' in v && 'value' in v);
}

/** The text in the wanted language, else German, else the first one. */
export function pick(texts: Text[] | undefined, lang: 'de' | 'en' = 'de'): string | undefined {
  if (!texts || texts.length === 0) return undefined;
  return (texts.find((t) => t.languageCode === lang) ?? texts.find((t) => t.languageCode === 'de') ?? texts[0])!.value;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Plain text of an HTML fragment, for search vectors and short answers. */
export function stripHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every string value found in a document, HTML stripped: the raw material for search vectors. */
export function collectText(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(stripHtml(value));
  else if (Array.isArray(value)) for (const v of value) collectText(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) if (k === 'value' || k === 'begriff' || k === 'titel' || k === 'beschreibung' || typeof v === 'object') collectText(v, out);
  }
  return out;
}

/** Rules that hold for every document: one text per language, date ranges in order. */
export function commonDocumentProblems(value: unknown, path = ''): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  if (isTextList(value)) {
    const seen = new Set<string>();
    value.forEach((t, i) => {
      if (seen.has(t.languageCode)) details.push({ path: `${path}/${i}/languageCode`, message: `language ${t.languageCode} appears twice` });
      seen.add(t.languageCode);
    });
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => details.push(...commonDocumentProblems(v, `${path}/${i}`)));
  } else if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    for (const [from, to] of [['beginn', 'ende'], ['von', 'bis']] as const) {
      if (typeof o[from] === 'string' && typeof o[to] === 'string' && (o[from] as string) > (o[to] as string)) {
        details.push({ path: `${path}/${to}`, message: `must not be before ${from}` });
      }
    }
    for (const [k, v] of Object.entries(o)) details.push(...commonDocumentProblems(v, `${path}/${k}`));
  }
  return details;
}
