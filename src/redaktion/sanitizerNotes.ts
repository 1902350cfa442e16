/**
 * What the server's HTML cleaning (forms.ts cleanHtml: the PVOG tags, links with http(s), mailto
 * or tel) would remove from a posted text, said before anything is saved: the form comes back
 * with the cleaned text and a note per field, and the editor saves again once content with it.
 * Only real losses count — tags, attributes and link targets — not spelling differences of the
 * same markup (`<br>` / `<br />`, entities).
 */
import type { Lang } from '../portal/i18n';
import { ALLOWED_TAGS } from '../xzufi/textRules';
import { labelIn } from './formLabels';
import { name, type Field } from './forms';

export interface Reduction { id: string; label: string; removed: string[] }

const ALLOWED = new Set(ALLOWED_TAGS);

/** The markup of one HTML text that cleaning drops, in words. */
export function removedMarkup(html: string, lang: Lang): string[] {
  const out = new Set<string>();
  for (const m of html.matchAll(/<\s*([a-zA-Z][\w:-]*)([^>]*)>/g)) {
    const tag = m[1]!.toLowerCase();
    if (!ALLOWED.has(tag)) out.add(`<${tag}>`);
    for (const a of (m[2] ?? '').matchAll(/([a-zA-Z_:][\w:.-]*)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?/g)) {
      const attr = a[1]!.toLowerCase();
      if (ALLOWED.has(tag) && !(tag === 'a' && attr === 'href')) out.add(lang === 'en' ? `attribute ${attr}` : `Attribut ${attr}`);
      if (tag === 'a' && attr === 'href') {
        const target = (a[2] ?? '').replace(/^["']|["']$/g, '').trim().toLowerCase();
        if (target && !/^(https?:|mailto:|tel:)/.test(target)) out.add(lang === 'en' ? `link target ${target.split(':')[0]}:` : `Linkziel ${target.split(':')[0]}:`);
      }
    }
  }
  if (/<!--/.test(html)) out.add(lang === 'en' ? 'comments' : 'Kommentare');
  return [...out];
}

/** The HTML fields of a posted form whose text cleaning would change, with what it removes. */
export function htmlReductions(fields: Field[], body: Record<string, unknown>, lang: Lang): Reduction[] {
  const out: Reduction[] = [];
  const check = (id: string, label: string) => {
    const raw = body[id];
    if (typeof raw !== 'string' || !raw.includes('<')) return;
    const removed = removedMarkup(raw, lang);
    if (removed.length) out.push({ id, label, removed });
  };
  const language = (l: string) => (l === 'de' ? (lang === 'en' ? 'German' : 'Deutsch') : 'English');
  for (const f of fields) {
    if (f.kind === 'texts' && f.html) for (const l of ['de', 'en']) check(name(f.path, l), `${labelIn(lang, f.label)} (${language(l)})`);
    if (f.kind === 'modules') for (const c of f.codes) for (const l of ['de', 'en']) check(name(f.path, c.value, l), `${c.label} (${language(l)})`);
  }
  return out;
}
