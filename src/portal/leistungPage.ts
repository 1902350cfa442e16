/**
 * The service page's texts as a portal shows them: the master text merged with the municipality's
 * own texts, in sections in the order of the Verwaltungsportal Hessen — the part of the page that
 * is the same at every place. The place's part (offices, online services) is placeParts.ts; both
 * are put together, and the master part kept rendered, in leistungFragments.ts.
 */
import sanitizeHtml from 'sanitize-html';
import type { StoredObject } from '../db/objectStore';
import type { Freigabe } from '../db/schema';
import { ALLOWED_TAGS } from '../xzufi/textRules';
import { begriffe as begriffeOf } from '../leistung/module';
import { format, langOf, localized, localizedEntry, type Lang, type LocalText, type Messages } from './i18n';

type Texts = Array<{ languageCode: string; value: string }>;
interface ModulText { leikaTextmodul: string; inhalt?: Texts; weiterfuehrenderLink?: Array<{ uri: string; titel?: string; languageCode?: string }> }
type Content = Record<string, unknown>;

/**
 * The portal shows the same texts again and again: conversions are remembered — per text entry
 * of an object (`.of`, kept as long as the entry lives: the read model's object cache holds the
 * objects of the pages people ask for), and by the text alone for the others (2,000, oldest out
 * first; a data set has tens of thousands of texts).
 */
function remembered(convert: (html: string) => string): ((html: string) => string) & { of(entry: { value: string }): string } {
  const memo = new Map<string, string>();
  const byEntry = new WeakMap<object, string>();
  const ofText = (html: string) => {
    const known = memo.get(html);
    if (known !== undefined) return known;
    const result = convert(html);
    if (memo.size >= 2000) memo.delete(memo.keys().next().value!);
    memo.set(html, result);
    return result;
  };
  return Object.assign(ofText, {
    of(entry: { value: string }) {
      let result = byEntry.get(entry);
      if (result === undefined) byEntry.set(entry, (result = convert(entry.value)));
      return result;
    },
  });
}

/** Stored HTML is already reduced to the PVOG tags; render it through the same filter once more. */
export const safeHtml = remembered((html) => sanitizeForPage(html));

/** Text without markup, entities decoded, whitespace collapsed. */
export const plainText = remembered((html) => sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
  .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/\s+/g, ' ').trim());

function sanitizeForPage(html: string): string {
  return sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS.filter((t) => !/^h[1-6]$/.test(t)),
    // Headings inside a text would break the page outline: they become paragraphs in bold.
    transformTags: Object.fromEntries(['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((h) => [h, 'strong'])),
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['https', 'http', 'mailto', 'tel'],
  });
}

export interface Block { html: string; lang: Lang; from?: string }
export interface Link { href: string; title: string; lang?: Lang }
export interface Section { id: string; title: string; blocks: Block[]; links: Link[]; items?: string[] }

const textOf = (c: Content, code: string): ModulText | undefined => ((c.modulText as ModulText[] | undefined) ?? []).find((m) => m.leikaTextmodul === code);

/** The display name: Leistungsbezeichnung II (03, citizen-friendly), else 02. */
export function leistungTitle(c: Content, lang: Lang): LocalText {
  return localized(textOf(c, '03')?.inhalt, lang) ?? localized(textOf(c, '02')?.inhalt, lang) ?? { value: '', lang: 'de' };
}

/**
 * The plain text a short answer is cut from — Teaser (24) or Kurztext (05), else the Volltext —
 * kept to 301 characters: every cut of at most 300 comes out the same as from the whole text.
 */
export function teaserSource(c: Content, lang: Lang): string | undefined {
  const t = localizedEntry((textOf(c, '24') ?? textOf(c, '05') ?? textOf(c, '06'))?.inhalt, lang);
  return t ? plainText.of(t).slice(0, 301) : undefined;
}

/** At most `max` (≤ 300) characters of the text, cut at a sentence or word end, with an ellipsis when cut. */
export function cutText(plain: string, max: number): string {
  if (plain.length <= max) return plain;
  const cut = plain.slice(0, max - 1);
  const end = Math.max(cut.lastIndexOf('. ') + 1, cut.lastIndexOf(' '));
  return `${cut.slice(0, end > max / 2 ? end : max - 1).trim()}…`;
}

/** A short answer for chatbots and result lists: plain text of at most `max` (≤ 300) characters. */
export function shortText(c: Content, lang: Lang, max = 300): string | undefined {
  const source = teaserSource(c, lang);
  return source === undefined ? undefined : cutText(source, max);
}

/** A Frist or Bearbeitungsdauer as a phrase: its duration, or its day(s). */
function period(f: { dauer?: Content; stichtag?: { von?: string; bis?: string } } | undefined, lang: Lang, m: Messages): string | undefined {
  if (!f) return undefined;
  if (f.dauer) return dauer(f.dauer as never, m);
  if (!f.stichtag) return undefined;
  const day = (v: string | undefined) => {
    if (!v) return undefined;
    const monthDay = /^--(\d\d)-(\d\d)$/.exec(v);
    if (monthDay) return lang === 'en' ? `${monthDay[2]}/${monthDay[1]} every year` : `${monthDay[2]}.${monthDay[1]}. jedes Jahres`;
    const date = new Date(v.length === 10 ? `${v}T12:00:00Z` : v);
    return Number.isNaN(date.getTime()) ? v : DAY[lang].format(date);
  };
  const [von, bis] = [day(f.stichtag.von), day(f.stichtag.bis)];
  return von && bis ? `${von} – ${bis}` : von ?? (bis ? `${lang === 'en' ? 'until' : 'bis'} ${bis}` : undefined);
}

function dauer(d: { dauer: number; einheit: string; dauerBis?: number; einheitBis?: string } | undefined, m: Messages): string | undefined {
  if (!d) return undefined;
  const unit = (u: string) => m.units[u] ?? u;
  if (d.dauerBis === undefined) return `${d.dauer} ${unit(d.einheit)}`;
  return (d.einheitBis ?? d.einheit) === d.einheit ? `${d.dauer}–${d.dauerBis} ${unit(d.einheit)}` : `${d.dauer} ${unit(d.einheit)} – ${d.dauerBis} ${unit(d.einheitBis!)}`;
}

// Formatters are built once: constructing one costs more than building the rest of a page.
const EURO: Record<Lang, Intl.NumberFormat> = { de: new Intl.NumberFormat('de-DE', { style: 'currency', currency: 'EUR' }), en: new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'EUR' }) };
const DAY: Record<Lang, Intl.DateTimeFormat> = { de: new Intl.DateTimeFormat('de-DE'), en: new Intl.DateTimeFormat('en-GB') };
const euro = (value: number, lang: Lang) => EURO[lang].format(value);

function kostenItems(c: Content, lang: Lang, m: Messages): string[] {
  const kosten = ((c.modulKosten as Content | undefined)?.kosten as Array<Content> | undefined) ?? [];
  return kosten.map((k) => {
    const entry = localizedEntry(k.beschreibung as Texts | undefined, lang);
    const variabel = k.variabel as { betragUntergrenze?: { value: number }; betragObergrenze?: { value: number } } | undefined;
    const amount = k.frei ? m.freeOfCharge
      : k.fix ? euro((k.fix as { betrag: { value: number } }).betrag.value, lang)
        : `${euro(variabel?.betragUntergrenze?.value ?? 0, lang)} – ${variabel?.betragObergrenze ? euro(variabel.betragObergrenze.value, lang) : '…'}`;
    return entry ? `${amount}: ${plainText.of(entry)}` : amount;
  });
}

/** Text modules by section, in the order of the Verwaltungsportal Hessen. */
const TEXT_SECTIONS: Array<{ id: string; key: keyof Messages; modules: string[] }> = [
  { id: 'beschreibung', key: 'beschreibung', modules: ['06'] },
  { id: 'unterlagen', key: 'unterlagen', modules: ['08'] },
  { id: 'formulare', key: 'formulare', modules: ['14'] },
  { id: 'voraussetzungen', key: 'voraussetzungen', modules: ['09'] },
  { id: 'rechtsgrundlagen', key: 'rechtsgrundlagen', modules: ['07'] },
  { id: 'rechtsbehelf', key: 'rechtsbehelf', modules: ['25'] },
  { id: 'verfahrensablauf', key: 'verfahrensablauf', modules: ['11'] },
];

export interface MasterInput {
  leistung: StoredObject;
  locals: Array<{ row: StoredObject; tenantName: string }>;
  gebietNames: string[];
  lang: Lang;
  messages: Messages;
}

/** What the JSON-LD says that depends on the texts alone (the rest is the place's and the address's). */
export interface MasterLd {
  name: string;
  description?: string;
  identifier?: { '@type': 'PropertyValue'; propertyID: 'LeiKa'; value: string };
  areaServed?: Array<{ '@type': 'AdministrativeArea'; name: string }>;
  keywords?: string;
}

/**
 * The part of a service page that is the same wherever it is read: the master text merged with
 * the local texts, in sections. Before the place's online services come `before` (the
 * description); the section of the responsible office ends with `stelleTexts`; `after` follows.
 */
export interface MasterPage {
  id: string;
  title: LocalText;
  teaser?: LocalText;
  before: Section[];
  stelleTexts: { blocks: Block[]; links: Link[] };
  after: Section[];
  ld: MasterLd;
}

/** A text module of the master text and then of each local text: the blocks in the reader's language and the links. */
function blocksFor(c: Content, locals: MasterInput['locals'], code: string, lang: Lang, m: Messages): { blocks: Block[]; links: Link[] } {
  const blocks: Block[] = [];
  const links: Link[] = [];
  addModule(blocks, links, c, code, lang, m, undefined);
  for (const local of locals) addModule(blocks, links, local.row.content, code, lang, m, local.tenantName);
  return { blocks, links };
}

function addModule(blocks: Block[], links: Link[], doc: Content, code: string, lang: Lang, m: Messages, from: string | undefined): void {
  const mod = textOf(doc, code);
  const t = localizedEntry(mod?.inhalt, lang);
  if (t) blocks.push(block(t, m, from));
  for (const l of mod?.weiterfuehrenderLink ?? []) links.push({ href: l.uri, title: l.titel ?? l.uri, lang: l.languageCode ? (l.languageCode === 'en' ? 'en' : 'de') : undefined });
}

function block(t: { value: string; languageCode: string }, m: Messages, from: string | undefined): Block {
  return { html: safeHtml.of(t), lang: langOf(t.languageCode), ...(from ? { from: format(m.localText, { tenant: from }) } : {}) };
}

/** The description of a module (Frist, Bearbeitungsdauer, Kosten) of the master text and of each local text. */
function moduleDescription(c: Content, locals: MasterInput['locals'], key: string, lang: Lang, m: Messages): Block[] {
  const out: Block[] = [];
  const add = (doc: Content, from: string | undefined) => {
    const t = localizedEntry(((doc[key] as Content | undefined)?.beschreibung as Texts | undefined), lang);
    if (t) out.push(block(t, m, from));
  };
  add(c, undefined);
  for (const l of locals) add(l.row.content, l.tenantName);
  return out;
}

const shown = (s: Section) => s.blocks.length > 0 || s.links.length > 0 || (s.items?.length ?? 0) > 0;

export function buildMasterPage(input: MasterInput): MasterPage {
  const { leistung, locals, lang, messages: m } = input;
  const c = leistung.content;
  const title = leistungTitle(c, lang);
  const before: Section[] = [];
  const after: Section[] = [];
  const push = (s: Section) => { if (shown(s)) after.push(s); };
  let beschreibung = blocksFor(c, locals, '06', lang, m);
  if (beschreibung.blocks.length === 0) beschreibung = blocksFor(c, locals, '05', lang, m);
  const first: Section = { id: 'beschreibung', title: m.beschreibung, ...beschreibung };
  if (shown(first)) before.push(first);
  const stelleParts = [blocksFor(c, locals, '22', lang, m), blocksFor(c, locals, '23', lang, m)];
  const stelleTexts = { blocks: stelleParts.flatMap((s) => s.blocks), links: stelleParts.flatMap((s) => s.links) };

  const dokumentModul = c.modulDokument as Content | undefined;
  const names = (list: unknown) => ((list as Content[] | undefined) ?? []).map((d) => localized(d.bezeichnung as Texts, lang)?.value ?? '').filter(Boolean);
  const eingehend = (dokumentModul?.dokumentEingehend as Content[] | undefined) ?? [];
  const ausgehend = (dokumentModul?.dokumentAusgehend as Content[] | undefined) ?? [];
  const namesForm = (d: Content) => ((d.referenzFormularID as unknown[] | undefined)?.length ?? 0) > 0;
  for (const s of TEXT_SECTIONS.slice(1)) {
    const { blocks, links } = blocksFor(c, locals, s.modules[0]!, lang, m);
    // Unterlagen: what the applicant submits; Formulare: documents that name a form (and the module's links).
    const items = s.id === 'unterlagen' ? names(eingehend.filter((d) => !namesForm(d)))
      : s.id === 'formulare' ? names([...eingehend, ...ausgehend].filter(namesForm))
        : undefined;
    const moduleLinks = s.id === 'formulare' ? ((dokumentModul?.weiterfuehrenderLink as Array<{ uri: string; titel?: string }> | undefined) ?? []).map((l) => ({ href: l.uri, title: l.titel ?? l.uri })) : [];
    push({ id: s.id, title: m[s.key] as string, blocks, links: [...links, ...moduleLinks], items });
  }
  const withText = (f: Content) => [period(f as never, lang, m), localized(f.beschreibung as Texts, lang)?.value].filter(Boolean).join(': ');
  const fristen = (((c.modulFrist as Content | undefined)?.frist as Content[] | undefined) ?? []).map(withText).filter(Boolean);
  push({ id: 'fristen', title: m.fristen, blocks: moduleDescription(c, locals, 'modulFrist', lang, m), links: [], items: fristen });
  const bd = (((c.modulBearbeitungsdauer as Content | undefined)?.bearbeitungsdauer as Content[] | undefined) ?? []).map(withText).filter(Boolean);
  push({ id: 'bearbeitungsdauer', title: m.bearbeitungsdauer, blocks: moduleDescription(c, locals, 'modulBearbeitungsdauer', lang, m), links: [], items: bd });
  push({ id: 'kosten', title: m.kosten, blocks: moduleDescription(c, locals, 'modulKosten', lang, m), links: [], items: kostenItems(c, lang, m) });
  const hinweise = blocksFor(c, locals, '16', lang, m);
  const weiter = blocksFor(c, locals, '15', lang, m);
  push({ id: 'hinweise', title: m.hinweise, blocks: [...hinweise.blocks, ...weiter.blocks], links: [...hinweise.links, ...weiter.links] });
  push({ id: 'gueltigkeitsgebiet', title: m.gueltigkeitsgebiet, blocks: [], links: [], items: input.gebietNames });
  const ff = c.modulFachlicheFreigabe as { fachlichFreigegebenAm: string; fachlichFreigegebenDurch: Texts } | undefined;
  const fg = leistung.freigabe as Freigabe | null;
  const freigabe = ff ? { date: ff.fachlichFreigegebenAm, by: localized(ff.fachlichFreigegebenDurch, lang)?.value ?? '' }
    : fg ? { date: fg.at.slice(0, 10), by: fg.tenantName ?? fg.by } : undefined;
  push({ id: 'fachliche-freigabe', title: m.fachlicheFreigabe, blocks: [], links: [], items: freigabe ? [format(m.freigegebenAm, { date: DAY[lang].format(new Date(freigabe.date)), by: freigabe.by })] : [] });
  const begriffe = begriffeOf(c).filter((b) => b.languageCode === lang || lang === 'de').map((b) => b.begriff);
  push({ id: 'stichwoerter', title: m.stichwoerter, blocks: [], links: [], items: begriffe });

  const teaser = localizedEntry((textOf(c, '24') ?? textOf(c, '05'))?.inhalt, lang);
  const description = shortText(c, lang);
  const leika = (c.referenzLeiKa as string[] | undefined)?.[0];
  return {
    id: leistung.uuid,
    title,
    teaser: teaser ? { value: plainText.of(teaser), lang: langOf(teaser.languageCode) } : undefined,
    before, stelleTexts, after,
    ld: {
      name: title.value,
      ...(description ? { description } : {}),
      ...(leika ? { identifier: { '@type': 'PropertyValue', propertyID: 'LeiKa', value: leika } } : {}),
      ...(input.gebietNames.length ? { areaServed: input.gebietNames.map((name) => ({ '@type': 'AdministrativeArea' as const, name })) } : {}),
      ...(begriffe.length ? { keywords: begriffe.join(', ') } : {}),
    },
  };
}
