/**
 * The service page as a portal shows it: the master text merged with the municipality's own text,
 * sections in the order of the Verwaltungsportal Hessen, the responsible office and online
 * service for the place, and the schema.org GovernmentService description.
 */
import sanitizeHtml from 'sanitize-html';
import type { StoredObject } from '../db/objectStore';
import type { Responsible } from './readModel';
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
export interface Section { id: string; title: string; blocks: Block[]; links: Link[]; items?: string[]; kind?: 'online' | 'stellen' }

export interface Stelle {
  name: LocalText | undefined;
  address: string[];
  hours: Array<{ day: string; times: string }>;
  hoursNote?: LocalText;
  contacts: Array<{ label: string; value: string; href?: string }>;
}
export interface Dienst { id: string; name: LocalText | undefined; reifegrad?: number; niveau?: string; href: string }

export interface LeistungPage {
  id: string;
  title: LocalText;
  teaser?: LocalText;
  sections: Section[];
  stellen: Stelle[];
  dienste: Dienst[];
  jsonLd: string;
}

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

function stelleOf(oe: StoredObject, lang: Lang, m: Messages): Stelle {
  const c = oe.content;
  const anschrift = ((c.anschrift as Content[] | undefined) ?? []).find((a) => a.typ === '002') ?? (c.anschrift as Content[] | undefined)?.[0];
  const zeiten = ((c.oeffnungszeiten as Content | undefined)?.zeiten as Array<{ tag: string; von: string; bis: string }> | undefined) ?? [];
  const byDay = new Map<string, string[]>();
  for (const z of zeiten) byDay.set(z.tag, [...(byDay.get(z.tag) ?? []), `${z.von}–${z.bis}`]);
  const contacts = ((c.kommunikation as Array<{ kanal: string; kennung: string }> | undefined) ?? []).map((k) => {
    switch (k.kanal) {
      case '01': return { label: 'E-Mail', value: k.kennung, href: `mailto:${k.kennung}` };
      case '02': case '03': return { label: lang === 'en' ? 'Phone' : 'Telefon', value: k.kennung, href: `tel:${k.kennung.replace(/[^\d+]/g, '')}` };
      case '04': return { label: 'Fax', value: k.kennung };
      case '09': return { label: 'Web', value: k.kennung, href: /^https?:\/\//.test(k.kennung) ? k.kennung : undefined };
      default: return { label: k.kanal, value: k.kennung };
    }
  });
  return {
    name: localized(c.name as Texts, lang),
    address: anschrift ? [[anschrift.strasse, anschrift.hausnummer].filter(Boolean).join(' '), [anschrift.postleitzahl, anschrift.ort].filter(Boolean).join(' ')].filter(Boolean) as string[] : [],
    hours: [...byDay].map(([day, times]) => ({ day: m.days[day] ?? day, times: times.join(', ') })),
    hoursNote: localized((c.oeffnungszeiten as Content | undefined)?.hinweis as Texts | undefined, lang),
    contacts,
  };
}

export function dienstOf(od: StoredObject, lang: Lang, m: Messages, query: string): Dienst {
  const c = od.content;
  return {
    id: od.uuid,
    name: localized(c.bezeichnung as Texts, lang),
    reifegrad: c.ozgReifegrad as number | undefined,
    niveau: c.vertrauensniveau ? m.niveaus[c.vertrauensniveau as string] ?? String(c.vertrauensniveau) : undefined,
    href: `/go/${od.uuid}${query}`,
  };
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

export interface PageInput {
  leistung: StoredObject;
  locals: Array<{ row: StoredObject; tenantName: string }>;
  responsible?: Responsible;
  gebietNames: string[];
  lang: Lang;
  messages: Messages;
  /** `?ars=…&lang=…` to carry along in links. */
  query: string;
  canonicalUrl: string;
  /** Absolute base of links in the JSON-LD. */
  baseUrl: string;
  placeName?: string;
}

export function buildLeistungPage(input: PageInput): LeistungPage {
  const { leistung, locals, responsible, lang, messages: m } = input;
  const c = leistung.content;
  const title = leistungTitle(c, lang);
  const blocksFor = (code: string): { blocks: Block[]; links: Link[] } => {
    const blocks: Block[] = [];
    const links: Link[] = [];
    const add = (doc: Content, from?: string) => {
      const mod = textOf(doc, code);
      const t = localizedEntry(mod?.inhalt, lang);
      if (t) blocks.push({ html: safeHtml.of(t), lang: langOf(t.languageCode), ...(from ? { from: format(m.localText, { tenant: from }) } : {}) });
      for (const l of mod?.weiterfuehrenderLink ?? []) links.push({ href: l.uri, title: l.titel ?? l.uri, lang: l.languageCode ? (l.languageCode === 'en' ? 'en' : 'de') : undefined });
    };
    add(c);
    for (const local of locals) add(local.row.content, local.tenantName);
    return { blocks, links };
  };
  const moduleDescription = (key: string): Block[] => {
    const out: Block[] = [];
    for (const [doc, from] of [[c, undefined], ...locals.map((l) => [l.row.content, l.tenantName] as const)] as Array<[Content, string | undefined]>) {
      const t = localizedEntry(((doc[key] as Content | undefined)?.beschreibung as Texts | undefined), lang);
      if (t) out.push({ html: safeHtml.of(t), lang: langOf(t.languageCode), ...(from ? { from: format(m.localText, { tenant: from }) } : {}) });
    }
    return out;
  };

  const sections: Section[] = [];
  const push = (s: Section) => { if (s.blocks.length || s.links.length || s.items?.length || s.kind) sections.push(s); };
  const beschreibung = blocksFor('06');
  if (beschreibung.blocks.length === 0) Object.assign(beschreibung, blocksFor('05'));
  push({ id: 'beschreibung', title: m.beschreibung, ...beschreibung });

  const dienste = (responsible?.onlinedienste ?? []).map((od) => dienstOf(od, lang, m, input.query));
  const stellen = (responsible?.stellen ?? []).map((oe) => stelleOf(oe, lang, m));
  if (dienste.length) sections.push({ id: 'onlinedienst', title: m.onlineDienst, blocks: [], links: [], kind: 'online' });
  const stelleTexts = [blocksFor('22'), blocksFor('23')];
  sections.push({ id: 'zustaendige-stelle', title: m.zustaendigeStelle, blocks: stelleTexts.flatMap((s) => s.blocks), links: stelleTexts.flatMap((s) => s.links), kind: 'stellen' });

  for (const s of TEXT_SECTIONS.slice(1)) {
    const { blocks, links } = blocksFor(s.modules[0]!);
    // Unterlagen: what the applicant submits; Formulare: documents that name a form (and the module's links).
    const dokumentModul = c.modulDokument as Content | undefined;
    const names = (list: unknown) => ((list as Content[] | undefined) ?? []).map((d) => localized(d.bezeichnung as Texts, lang)?.value ?? '').filter(Boolean);
    const items = s.id === 'unterlagen' ? names(((dokumentModul?.dokumentEingehend as Content[] | undefined) ?? []).filter((d) => !(d.referenzFormularID as unknown[] | undefined)?.length))
      : s.id === 'formulare' ? names([...((dokumentModul?.dokumentEingehend as Content[] | undefined) ?? []), ...((dokumentModul?.dokumentAusgehend as Content[] | undefined) ?? [])].filter((d) => (d.referenzFormularID as unknown[] | undefined)?.length))
        : undefined;
    const moduleLinks = s.id === 'formulare' ? ((dokumentModul?.weiterfuehrenderLink as Array<{ uri: string; titel?: string }> | undefined) ?? []).map((l) => ({ href: l.uri, title: l.titel ?? l.uri })) : [];
    push({ id: s.id, title: m[s.key] as string, blocks, links: [...links, ...moduleLinks], items });
  }
  const withText = (f: Content) => [period(f as never, lang, m), localized(f.beschreibung as Texts, lang)?.value].filter(Boolean).join(': ');
  const fristen = (((c.modulFrist as Content | undefined)?.frist as Content[] | undefined) ?? []).map(withText).filter(Boolean);
  push({ id: 'fristen', title: m.fristen, blocks: moduleDescription('modulFrist'), links: [], items: fristen });
  const bd = (((c.modulBearbeitungsdauer as Content | undefined)?.bearbeitungsdauer as Content[] | undefined) ?? []).map(withText).filter(Boolean);
  push({ id: 'bearbeitungsdauer', title: m.bearbeitungsdauer, blocks: moduleDescription('modulBearbeitungsdauer'), links: [], items: bd });
  push({ id: 'kosten', title: m.kosten, blocks: moduleDescription('modulKosten'), links: [], items: kostenItems(c, lang, m) });
  const hinweise = blocksFor('16');
  const weiter = blocksFor('15');
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
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': input.canonicalUrl,
    url: input.canonicalUrl,
    name: title.value,
    ...(shortText(c, lang) ? { description: shortText(c, lang) } : {}),
    ...((c.referenzLeiKa as string[] | undefined)?.[0] ? { identifier: { '@type': 'PropertyValue', propertyID: 'LeiKa', value: (c.referenzLeiKa as string[])[0] } } : {}),
    inLanguage: lang,
    ...(input.gebietNames.length ? { areaServed: input.gebietNames.map((name) => ({ '@type': 'AdministrativeArea', name })) } : {}),
    ...(stellen[0]?.name ? { provider: { '@type': 'GovernmentOrganization', name: stellen[0].name.value, ...(stellen[0].address.length ? { address: stellen[0].address.join(', ') } : {}) } } : {}),
    ...(dienste.length ? { availableChannel: dienste.map((d) => ({ '@type': 'ServiceChannel', name: d.name?.value, serviceUrl: `${input.baseUrl}${d.href}` })) } : {}),
    ...(begriffe.length ? { keywords: begriffe.join(', ') } : {}),
  };
  return {
    id: leistung.uuid,
    title,
    teaser: teaser ? { value: plainText.of(teaser), lang: langOf(teaser.languageCode) } : undefined,
    sections, stellen, dienste,
    // `<` escaped so that no text can close the script element.
    jsonLd: JSON.stringify(jsonLd).replace(/</g, '\\u003c'),
  };
}
