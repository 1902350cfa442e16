/**
 * Edit forms of the editor workspace, declared per object type: which fields a form shows, how
 * they render (view model for templates/partials/field.hbs) and how a posted form becomes the
 * content again. Fields a form does not show are kept from the stored content, so nothing is lost
 * that another system (or the JSON API) wrote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sanitizeHtml from 'sanitize-html';
import { ALLOWED_TAGS } from '../xzufi/textRules';
import { labelIn } from './formLabels';
import { explicitValue, type Choice, type PickTarget } from './pickers';

type Content = Record<string, unknown>;
type Texts = Array<{ languageCode: string; value: string }>;

export interface Option { value: string; label: string }

export type Field =
  | { kind: 'texts'; path: string; label: string; html?: boolean; hint?: string; required?: boolean }
  | { kind: 'string'; path: string; label: string; hint?: string; pattern?: string; required?: boolean; inputmode?: 'numeric' }
  | { kind: 'number'; path: string; label: string; hint?: string; min?: number; max?: number }
  | { kind: 'select'; path: string; label: string; options: Option[]; hint?: string; required?: boolean }
  | { kind: 'multiselect'; path: string; label: string; options: Option[]; hint?: string }
  | { kind: 'list'; path: string; label: string; hint?: string; /** each line one value; with `key`, objects `{[key]: line, ...extra}` */ key?: string; extra?: Record<string, string> }
  | { kind: 'rows'; path: string; label: string; hint?: string; columns: Array<{ key: string; label: string; kind?: 'string' | 'number' | 'select' | 'text'; options?: Option[]; path?: string }>; spare?: number;
      /** The stored row as the form's columns see it (e.g. Kosten: the choice fix/frei/variabel as one column). */
      view?: (row: Record<string, unknown>) => Record<string, unknown>;
      /** Completes a row after the form's values are set, in the stored shape again (e.g. the currency of an amount). */
      fill?: (row: Record<string, unknown>) => void;
      /** The stored rows as the form's rows, when one form row stands for several stored ones (opening hours: Mo–Fr as one row). */
      group?: { view(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>>; fill(rows: Array<Record<string, unknown>>): Array<Record<string, unknown>> } }
  /** Begriffe im Kontext: one per line, kept in the first BegriffImKontext module. */
  | { kind: 'begriffe'; path: string; label: string; hint?: string }
  | { kind: 'modules'; path: string; label: string; codes: Option[] }
  /** One related object or Gebiet, picked by name, PLZ, key or id (see pickers.ts). */
  | { kind: 'ref'; path: string; label: string; target: PickTarget; hint?: string; required?: boolean }
  /** Several, one per line ("Label (value)"). */
  | { kind: 'refs'; path: string; label: string; target: PickTarget; hint?: string };

/** A picker's state after a search step: what was typed and what it could mean. */
export interface PickState { text?: string; choices?: Choice[]; ambiguous?: Array<{ text: string; choices: Choice[] }> }
export interface RenderContext { labels?: Map<string, string>; picks?: Map<string, PickState>; lang?: 'de' | 'en'; /** Empty rows added by "Zeile hinzufügen", per field id. */ extraRows?: Map<string, number> }

/** What an editor may type into a picker, per target. */
const HOW: Record<'de' | 'en', Record<PickTarget, string>> = {
  de: {
    Leistung: 'Name, LeiKa-Schlüssel oder ID eintippen; Vorschläge erscheinen beim Tippen, sonst nach dem Speichern zur Auswahl.',
    Organisationseinheit: 'Name der Stelle oder ID eintippen; Vorschläge erscheinen beim Tippen, sonst nach dem Speichern zur Auswahl.',
    Onlinedienst: 'Name des Onlinedienstes oder ID eintippen; Vorschläge erscheinen beim Tippen, sonst nach dem Speichern zur Auswahl.',
    Kategorie: 'Name der Kategorie oder Lebenslage eintippen, je Zeile eine; Vorschläge erscheinen beim Tippen.',
    Gebiet: 'Ort, PLZ, Kreis oder 12-stelligen Regionalschlüssel eintippen; je Zeile ein Gebiet. „alle Gemeinden im …“ nimmt jede Gemeinde eines Kreises.',
    LeiKa: 'Bezeichnung oder Schlüssel aus dem LeiKa-Katalog eintippen; je Zeile ein Schlüssel, der erste ist der eigene.',
  },
  en: {
    Leistung: 'Type a name, LeiKa key or id; suggestions appear as you type, otherwise a choice after saving.',
    Organisationseinheit: 'Type the office name or id; suggestions appear as you type, otherwise a choice after saving.',
    Onlinedienst: 'Type the online service name or id; suggestions appear as you type, otherwise a choice after saving.',
    Kategorie: 'Type the name of a category or life situation, one per line; suggestions appear as you type.',
    Gebiet: 'Type a place, PLZ, Kreis or 12-digit ARS; one area per line. “all municipalities of …” takes every municipality of a Kreis.',
    LeiKa: 'Type a name or key of the LeiKa catalogue; one key per line, the first is the own one.',
  },
};
export const labelKey = (target: PickTarget, value: string) => `${target}|${value}`;

/** LeiKa text modules with their names: fixtures/leistungstextmodulleika.csv, a copy of the compiled code list (ASCII spellings restored to umlauts). */
export const TEXT_MODULES: Option[] = readFileSync(join(__dirname, '..', '..', 'fixtures', 'leistungstextmodulleika.csv'), 'utf8')
  .split('\n').slice(1).filter(Boolean).map((line) => { const [code, name] = line.split(';'); return { value: code!, label: `${code} ${name!.replace(/ae/g, 'ä').replace(/oe(?!r)/g, 'ö').replace(/ue/g, 'ü')}` }; });

/** The value at a dotted path of a document (`modulKosten.kosten`). */
export const get = (doc: Content, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o && typeof o === 'object' ? step(o as Content, k) : undefined), doc);

/** `modulText[14]`: the element of the array `modulText` whose `leikaTextmodul` is 14 (text modules are keyed by code). */
const SELECTOR = /^(\w+)\[(\w+)\]$/;
function step(o: Content, key: string, create = false): unknown {
  const sel = SELECTOR.exec(key);
  if (!sel) return o[key];
  if (!Array.isArray(o[sel[1]!])) {
    if (!create) return undefined;
    o[sel[1]!] = [];
  }
  const list = o[sel[1]!] as Content[];
  let found = list.find((x) => x && x.leikaTextmodul === sel[2]);
  if (!found && create) list.push(found = { leikaTextmodul: sel[2] });
  return found;
}
function set(doc: Content, path: string, value: unknown): void {
  const keys = path.split('.');
  if (keys.some((k) => SELECTOR.test(k))) return setSelected(doc, keys, value);
  let o = doc;
  for (const k of keys.slice(0, -1)) {
    if (!o[k] || typeof o[k] !== 'object') o[k] = {};
    o = o[k] as Content;
  }
  if (value === undefined || (Array.isArray(value) && value.length === 0)) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  // Drop objects left empty (a module without content is no module).
  for (let depth = keys.length - 1; depth > 0; depth--) {
    const parent = keys.slice(0, depth - 1).reduce<Content>((x, k) => x[k] as Content, doc);
    const key = keys[depth - 1]!;
    const child = parent[key];
    if (child && typeof child === 'object' && !Array.isArray(child) && Object.keys(child).length === 0) delete parent[key];
  }
}

/** Through a selected text module: the module is made when a value comes, and dropped when only its code is left. */
function setSelected(doc: Content, keys: string[], value: unknown): void {
  const empty = value === undefined || (Array.isArray(value) && value.length === 0);
  let o = doc;
  const trail: Array<{ list: Content[]; item: Content }> = [];
  for (const k of keys.slice(0, -1)) {
    const sel = SELECTOR.exec(k);
    const next = (empty ? step(o, k) : step(o, k, true)) as Content | undefined;
    if (!next) return;
    if (sel) trail.push({ list: o[sel[1]!] as Content[], item: next });
    else if (!o[k]) o[k] = next;
    o = next;
  }
  if (empty) delete o[keys.at(-1)!];
  else o[keys.at(-1)!] = value;
  for (const { list, item } of trail.reverse()) {
    if (Object.keys(item).every((k) => k === 'leikaTextmodul')) list.splice(list.indexOf(item), 1);
  }
}

/**
 * Error paths as the form's fields name them: a link of a text module (`/modulText/2/weiterfuehrenderLink/0/uri`)
 * belongs to that module's link rows (`/modulText[14]/weiterfuehrenderLink/0/uri`).
 */
export function selectorPaths<T extends { path: string }>(doc: Content, errors: T[]): T[] {
  const modules = (doc.modulText as Content[] | undefined) ?? [];
  return errors.map((e) => {
    const m = /^\/modulText\/(\d+)(\/weiterfuehrenderLink(?:\/.*)?)$/.exec(e.path);
    const code = m ? modules[Number(m[1])]?.leikaTextmodul : undefined;
    return m && typeof code === 'string' ? { ...e, path: `/modulText[${code}]${m[2]}` } : e;
  });
}

export const name = (path: string, ...parts: Array<string | number>) => [path.replace(/[.[\]]+/g, '_').replace(/_$/, ''), ...parts].join('__');

const cleanHtml = (html: string) => sanitizeHtml(html, { allowedTags: ALLOWED_TAGS, allowedAttributes: { a: ['href'] }, allowedSchemes: ['https', 'http', 'mailto', 'tel'] }).trim();
const textOf = (texts: Texts | undefined, lang: string) => texts?.find((t) => t.languageCode === lang)?.value ?? '';

/** A rows field's rows as the form shows them (each viewed, or grouped). */
function formRows(field: Extract<Field, { kind: 'rows' }>, doc: Content): Content[] {
  const stored = (get(doc, field.path) as Content[] | undefined) ?? [];
  const rows = field.group ? field.group.view(structuredClone(stored)) : stored;
  return rows.map((r) => (field.view ? field.view(r) : r));
}

/** View model of one field with its current value (and error messages by path). */
const ALWAYS_OPEN_MODULES = new Set(['02', '06']);

export function renderField(field: Field, doc: Content, errors: Map<string, string>, ctx: RenderContext = {}): Record<string, unknown> {
  const err = (p: string) => errors.get(`/${p.replace(/\./g, '/')}`) ?? [...errors].find(([k]) => k.startsWith(`/${p.replace(/\./g, '/')}/`))?.[1];
  const base = { ...field, label: labelIn(ctx.lang, field.label)!, hint: labelIn(ctx.lang, 'hint' in field ? field.hint : undefined), id: name(field.path), error: err(field.path), [`is_${field.kind}`]: true };
  switch (field.kind) {
    case 'texts': {
      const texts = get(doc, field.path) as Texts | undefined;
      return { ...base, langs: ['de', 'en'].map((lang) => ({ lang, id: name(field.path, lang), value: textOf(texts, lang), label: lang === 'de' ? 'Deutsch' : 'English' })) };
    }
    case 'string': case 'number': case 'select': {
      const value = get(doc, field.path);
      return { ...base, value: value === undefined ? '' : String(value), options: field.kind === 'select' ? field.options.map((o) => ({ ...o, selected: o.value === String(value ?? '') })) : undefined };
    }
    case 'multiselect': {
      const value = (get(doc, field.path) as string[] | undefined) ?? [];
      return { ...base, options: field.options.map((o, i) => ({ ...o, id: name(field.path, i), checked: value.includes(o.value) })) };
    }
    case 'list': {
      const value = (get(doc, field.path) as unknown[] | undefined) ?? [];
      return { ...base, value: value.map((v) => (field.key ? (v as Content)[field.key] : v)).join('\n') };
    }
    case 'begriffe': {
      const modules = (get(doc, field.path) as Array<{ begriffImKontext?: Array<{ begriff: string }> }> | undefined) ?? [];
      return { ...base, is_list: true, value: modules.flatMap((m) => m.begriffImKontext ?? []).map((b) => b.begriff).join('\n') };
    }
    case 'rows': {
      const rows = formRows(field, doc);
      const all = [...rows, ...Array.from({ length: (field.spare ?? 1) + (ctx.extraRows?.get(base.id) ?? 0) }, () => ({}))];
      const en = ctx.lang === 'en';
      return {
        ...base,
        columns: field.columns.map((c) => ({ ...c, label: labelIn(ctx.lang, c.label) })),
        addAction: `zeile:${base.id}`, addLabel: en ? `Add a row: ${base.label}` : `Zeile hinzufügen: ${base.label}`,
        rowActionsLabel: en ? 'Row' : 'Zeile',
        rows: all.map((row, i) => ({
          index: i + 1, stored: i < rows.length,
          removeId: name(field.path, i, 'entfernen'), removeLabel: en ? `Remove row ${i + 1}` : `Zeile ${i + 1} entfernen`,
          // Grouped rows keep their own order (opening hours by day): nothing to move.
          upAction: i > 0 && i < rows.length && !field.group ? `hoch:${base.id}:${i}` : undefined, upLabel: en ? `Move row ${i + 1} up` : `Zeile ${i + 1} nach oben`,
          cells: field.columns.map((c) => {
            const raw = get(row, c.path ?? c.key);
            const value = c.kind === 'text' ? textOf(raw as Texts | undefined, 'de') : raw === undefined ? '' : String(raw);
            return { ...c, id: name(field.path, i, c.key), value, [`is_${c.kind ?? 'string'}`]: true, options: c.options?.map((o) => ({ ...o, selected: o.value === value })), label: `${labelIn(ctx.lang, c.label)} (${i + 1})` };
          }),
        })),
      };
    }
    case 'ref': {
      const value = String(get(doc, field.path) ?? '');
      const pick = ctx.picks?.get(base.id);
      const valueLabel = value ? ctx.labels?.get(labelKey(field.target, value)) ?? value : '';
      const lang = ctx.lang ?? 'de';
      return {
        ...base, value, valueLabel, text: pick?.text ?? valueLabel, choices: pick?.choices?.map((c, i) => ({ ...c, id: `${base.id}__wahl__${i}` })), picker: field.target.toLowerCase(),
        pickerHow: HOW[lang][field.target], choiceLegend: lang === 'en' ? 'Which one do you mean?' : 'Welchen Eintrag meinen Sie?',
      };
    }
    case 'refs': {
      const values = ((get(doc, field.path) as unknown[] | undefined) ?? []).map(String);
      const pick = ctx.picks?.get(base.id);
      const lines = pick?.text ?? values.map((v) => { const l = ctx.labels?.get(labelKey(field.target, v)); return l ? (l.endsWith(`(${v})`) ? l : `${l} (${v})`) : v; }).join('\n');
      return {
        ...base, is_refs: true, value: lines, picker: field.target.toLowerCase(),
        pickerHow: HOW[ctx.lang ?? 'de'][field.target], choiceLegend: ctx.lang === 'en' ? 'Which one do you mean' : 'Welchen Eintrag meinen Sie',
        ambiguous: pick?.ambiguous?.map((a, k) => ({ text: a.text, key: k, choices: a.choices.map((c, i) => ({ ...c, id: `${base.id}__wahl__${k}__${i}`, name: `${base.id}__wahl__${k}` })) })),
      };
    }
    case 'modules': {
      const modules = (get(doc, field.path) as Array<{ leikaTextmodul: string; inhalt: Texts }> | undefined) ?? [];
      return {
        ...base,
        modules: field.codes.map((code) => {
          const m = modules.find((x) => x.leikaTextmodul === code.value);
          return {
            // Filled modules are open, and always the name (02) and the full text (06) every Leistung needs.
            code: code.value, label: code.label, open: Boolean(m) || ALWAYS_OPEN_MODULES.has(code.value),
            langs: ['de', 'en'].map((lang) => ({ lang, id: name(field.path, code.value, lang), value: textOf(m?.inhalt, lang), label: `${code.label} – ${lang === 'de' ? 'Deutsch' : 'English'}` })),
          };
        }),
      };
    }
  }
}

/**
 * The row actions of a posted form (buttons `aktion=zeile:<field>` and `aktion=hoch:<field>:<i>`):
 * applied to the content without saving, so that rows can be added and reordered without JavaScript.
 */
export function rowAction(fields: Field[], doc: Content, body: Record<string, unknown>): { extraRows: Map<string, number> } | undefined {
  const action = body.aktion;
  if (typeof action !== 'string') return undefined;
  const add = /^zeile:([\w]+)$/.exec(action);
  const up = /^hoch:([\w]+):(\d{1,3})$/.exec(action);
  const field = fields.find((f) => f.kind === 'rows' && name(f.path) === (add?.[1] ?? up?.[1]));
  if (!field) return undefined;
  if (up && field.kind === 'rows') {
    const rows = field.group ? formRows(field, doc) : get(doc, field.path) as Content[] | undefined;
    const i = Number(up[2]);
    if (rows && i > 0 && i < rows.length) [rows[i - 1], rows[i]] = [rows[i]!, rows[i - 1]!];
    if (rows && field.group) set(doc, field.path, field.group.fill(rows));
  }
  if (!add || field.kind !== 'rows') return { extraRows: new Map() };
  // The empty rows the form had stay, and one more.
  let posted = 0;
  while (posted < 200 && field.columns.some((c) => body[name(field.path, posted, c.key)] !== undefined)) posted++;
  const kept = formRows(field, doc).length;
  return { extraRows: new Map([[add[1]!, Math.max(0, posted - kept + 1 - (field.spare ?? 1))]]) };
}

/** The content after applying a posted form to the stored one (fields not in the form stay). */
export function applyForm(fields: Field[], stored: Content, body: Record<string, unknown>): Content {
  const doc = structuredClone(stored);
  const str = (key: string) => (typeof body[key] === 'string' ? (body[key] as string).replace(/\r\n/g, '\n').trim() : '');
  for (const field of fields) {
    switch (field.kind) {
      case 'texts': {
        const texts = ['de', 'en'].map((lang) => ({ languageCode: lang, value: field.html ? cleanHtml(str(name(field.path, lang))) : str(name(field.path, lang)) })).filter((t) => t.value);
        set(doc, field.path, texts.length ? texts : undefined);
        break;
      }
      case 'string': case 'select': case 'ref': set(doc, field.path, str(name(field.path)) || undefined); break;
      case 'refs': {
        const lines = str(name(field.path)).split(/\n+/).map((l) => l.trim()).filter(Boolean);
        set(doc, field.path, [...new Set(lines.map((l) => explicitValue(field.target, l) ?? l))]);
        break;
      }
      case 'number': {
        const raw = str(name(field.path));
        set(doc, field.path, raw === '' ? undefined : Number(raw.replace(',', '.')));
        break;
      }
      case 'multiselect': {
        const picked = field.options.map((o, i) => (body[name(field.path, i)] !== undefined ? o.value : undefined)).filter((v): v is string => v !== undefined);
        set(doc, field.path, picked);
        break;
      }
      case 'list': {
        const lines = str(name(field.path)).split(/[\n,;]+/).map((l) => l.trim()).filter(Boolean);
        set(doc, field.path, field.key ? lines.map((l) => ({ [field.key!]: l, ...(field.extra ?? {}) })) : lines);
        break;
      }
      case 'begriffe': {
        const lines = str(name(field.path)).split(/[\n,;]+/).map((l) => l.trim()).filter(Boolean);
        const modules = (get(doc, field.path) as Content[] | undefined) ?? [];
        const first = { ...(modules[0] ?? {}), begriffImKontext: lines.map((begriff) => ({ begriff, languageCode: 'de' })) };
        set(doc, field.path, lines.length ? [first, ...modules.slice(1)] : modules.slice(1));
        break;
      }
      case 'rows': {
        // Rows keep what the form does not show (other languages, codes) from the stored row at their position.
        const stored = formRows(field, doc);
        const rows: Content[] = [];
        for (let i = 0; i < 200; i++) {
          const cells = field.columns.map((c) => [c, str(name(field.path, i, c.key))] as const);
          if (cells.every(([c]) => body[name(field.path, i, c.key)] === undefined)) break;
          if (cells.every(([, v]) => v === '') || body[name(field.path, i, 'entfernen')] !== undefined) continue;
          const row: Content = structuredClone(stored[i] ?? {});
          for (const [c, v] of cells) {
            if (c.kind === 'text') {
              const others = ((get(row, c.path ?? c.key) as Texts | undefined) ?? []).filter((t) => t.languageCode !== 'de');
              set(row, c.path ?? c.key, v === '' ? (others.length ? others : undefined) : [{ languageCode: 'de', value: v }, ...others]);
              continue;
            }
            set(row, c.path ?? c.key, v === '' ? undefined : c.kind === 'number' ? Number(v.replace(',', '.')) : v);
          }
          field.fill?.(row);
          rows.push(row);
        }
        set(doc, field.path, field.group ? field.group.fill(rows) : rows);
        break;
      }
      case 'modules': {
        // Modules the form does not show stay; a module without text stays while it has links (XZuFi allows link-only modules).
        const existing = (get(doc, field.path) as Array<Content & { leikaTextmodul: string }> | undefined) ?? [];
        const shown = new Set(field.codes.map((c) => c.value));
        const out: Content[] = existing.filter((m) => !shown.has(m.leikaTextmodul));
        for (const code of field.codes) {
          const inhalt = ['de', 'en'].map((lang) => ({ languageCode: lang, value: cleanHtml(str(name(field.path, code.value, lang))) })).filter((t) => t.value);
          const before = existing.find((m) => m.leikaTextmodul === code.value);
          if (inhalt.length) out.push({ ...(before ?? {}), leikaTextmodul: code.value, inhalt });
          else if (before && Object.keys(before).some((k) => k !== 'leikaTextmodul' && k !== 'inhalt')) {
            const { inhalt: _dropped, ...rest } = before;
            out.push(rest);
          }
        }
        out.sort((a, b) => String(a.leikaTextmodul).localeCompare(String(b.leikaTextmodul)));
        set(doc, field.path, out);
        break;
      }
    }
  }
  return doc;
}
