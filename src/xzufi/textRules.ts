/**
 * The PVOG Sammlerdienst's rules for texts, applied to decoded objects before they are stored:
 * languageCode de or en, HTML only from the allowed tags (anything else is reduced, with a
 * warning), and characters from String.Latin.
 */
import sanitizeHtml from 'sanitize-html';
import { repairLink, repairText } from './textRepair';

export const ALLOWED_TAGS = ['p', 'br', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'b', 'strong', 'i', 'em', 'sup', 'sub', 'ul', 'ol', 'li', 'a'];
const LANGUAGES = ['de', 'en'];

export interface TextProblem { path: string; message: string; severity: 'error' | 'warning' }

/**
 * Approximation of DIN SPEC 91379 String.Latin (the XÖV character set of XZuFi 2.2 data): Latin
 * letters with their diacritics, combining marks, common punctuation and the euro sign. Greek,
 * Cyrillic, CJK, emoji and control characters are outside.
 */
const STRING_LATIN = /^[\t\n\r\u0020-\u007E\u00A0-\u024F\u0259\u02B0-\u02FF\u0300-\u036F\u1E00-\u1EFF\u2010-\u2027\u2030-\u205E\u20AC\u2122]*$/u;

function firstForeignChar(value: string): string | undefined {
  if (STRING_LATIN.test(value)) return undefined;
  for (const ch of value) if (!STRING_LATIN.test(ch)) return ch;
  return undefined;
}

const TAG = /<\/?([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*\/?>/g;

/** True when the fragment holds a tag or an attribute outside the allowed set. */
function needsReduction(html: string): boolean {
  for (const m of html.matchAll(TAG)) {
    const tag = m[1]!.toLowerCase();
    if (!ALLOWED_TAGS.includes(tag)) return true;
    const attrs = [...(m[2] ?? '').matchAll(/([^\s=]+)\s*(?:=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?/g)].map((a) => a[1]!.toLowerCase());
    if (attrs.some((a) => !(tag === 'a' && a === 'href'))) return true;
  }
  return /<!--|<!\[CDATA\[/.test(html);
}

export function reduceHtml(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https', 'mailto', 'tel'],
    disallowedTagsMode: 'discard',
  });
}

/** Which text fields carry HTML: the content of the text modules and descriptions. */
const HTML_KEYS = new Set(['inhalt', 'beschreibung']);

/**
 * Checks every string of the content in place; HTML is reduced where needed (the returned
 * problems say where). Paths are JSON pointers into the content.
 */
export function applyTextRules(content: Record<string, unknown>): TextProblem[] {
  return checkTexts(content, true);
}

/** The same rules without changing anything: HTML outside the allowed tags is an error. */
export function textRuleProblems(content: Record<string, unknown>): TextProblem[] {
  return checkTexts(structuredClone(content), false);
}

/** Fields holding links: repaired on import (repairLink), like the texts (repairText). */
const LINK_KEYS = new Set(['uri', 'link', 'linkKostenbildung']);
/** Kept as another system sent them, or not text at all: no rules apply. */
const SKIPPED_KEYS = new Set(['unmodelled', 'idAttribute', 'sprachversion']);

function checkTexts(content: Record<string, unknown>, reduce: boolean): TextProblem[] {
  const problems: TextProblem[] = [];
  const visit = (input: unknown, path: string, htmlField: boolean, key?: string): unknown => {
    let value = input;
    if (typeof value === 'string' && reduce) {
      // An import repairs what nobody sees and says where.
      const { value: repaired, repairs } = repairText(value);
      for (const r of repairs) problems.push({ path, message: r, severity: 'warning' });
      value = repaired;
      if (key !== undefined && LINK_KEYS.has(key)) {
        const link = repairLink(value as string);
        if ('error' in link) problems.push({ path, message: link.error, severity: 'error' });
        else {
          if (link.repaired) problems.push({ path, message: link.repaired, severity: 'warning' });
          value = link.value;
        }
      }
    }
    if (typeof value === 'string') {
      const foreign = firstForeignChar(value);
      if (foreign !== undefined) {
        const cp = foreign.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
        problems.push({ path, message: `character "${foreign}" (U+${cp}) is not in String.Latin`, severity: 'error' });
      }
      if (htmlField && needsReduction(value)) {
        if (!reduce) {
          problems.push({ path, message: `HTML may only use the tags ${ALLOWED_TAGS.join(', ')} (a with href only)`, severity: 'error' });
          return value;
        }
        problems.push({ path, message: `HTML reduced to the allowed tags (${ALLOWED_TAGS.join(', ')}, a href)`, severity: 'warning' });
        return reduceHtml(value);
      }
      return value;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => { value[i] = visit(v, `${path}/${i}`, htmlField, key); });
      return value;
    }
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.languageCode === 'string' && !LANGUAGES.includes(o.languageCode)) {
        problems.push({ path: `${path}/languageCode`, message: `languageCode ${o.languageCode} is not accepted; use de or en`, severity: 'error' });
      }
      for (const [k, v] of Object.entries(o)) {
        if (SKIPPED_KEYS.has(k)) continue;
        const html = htmlField || HTML_KEYS.has(k);
        o[k] = visit(v, `${path}/${k}`, html && (k === 'value' || HTML_KEYS.has(k) || Array.isArray(v)), k);
      }
      return o;
    }
    return value;
  };
  visit(content, '', false);
  return problems;
}
