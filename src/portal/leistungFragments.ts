/**
 * A service page is asked for at many places, and most of it is the same at each: the master text
 * merged with the local texts (leistungPage.ts). That part is rendered once per Leistung,
 * language, local texts and Gültigkeitsgebiet names, and kept as long as the read model keeps the
 * Leistung's object (a republished Leistung is a new object, so it is rendered anew); each request
 * renders only the place's part — offices, online services, the table of contents, the JSON-LD —
 * and splices the kept HTML in (templates/portal/leistung.hbs).
 */
import type { StoredObject } from '../db/objectStore';
import type { Views } from '../http/views';
import type { Lang, LocalText, Messages } from './i18n';
import { buildMasterPage, type MasterInput, type MasterLd, type MasterPage, type Section } from './leistungPage';
import { leistungJsonLd, type PlaceParts } from './placeParts';

interface TocEntry { id: string; title: string }

/** The master part of a page, rendered. */
export interface MasterFragments {
  id: string;
  title: LocalText;
  teaser?: LocalText;
  tocBefore: TocEntry[];
  tocAfter: TocEntry[];
  html: { before: string; stelleTexts: string; after: string };
  ld: MasterLd;
}

/** What templates/portal/leistung.hbs shows besides the page frame. */
export interface LeistungView {
  page: { id: string; title: LocalText; teaser?: LocalText } & PlaceParts;
  toc: TocEntry[];
  master: MasterFragments['html'];
  jsonLd: string;
}

const tocOf = (s: Section): TocEntry => ({ id: s.id, title: s.title });

/**
 * A string built by many concatenations is a tree of pieces; one kept and sent again and again is
 * made one piece now (ToNumber flattens its argument), not walked again for every response.
 */
function flat(s: string): string {
  void Number(s);
  return s;
}

export function renderMaster(views: Views, page: MasterPage, lang: Lang): MasterFragments {
  return {
    id: page.id, title: page.title, teaser: page.teaser, ld: page.ld,
    tocBefore: page.before.map(tocOf), tocAfter: page.after.map(tocOf),
    html: {
      before: flat(views.renderFragment('portal/leistung-sections', { lang, sections: page.before })),
      stelleTexts: flat(views.renderFragment('portal/leistung-stelle-texts', { lang, ...page.stelleTexts })),
      after: flat(views.renderFragment('portal/leistung-sections', { lang, sections: page.after })),
    },
  };
}

/** The whole page's view: the kept master part and the place's part. */
export function leistungView(master: MasterFragments, parts: PlaceParts, opts: { lang: Lang; messages: Messages; canonicalUrl: string; baseUrl: string }): LeistungView {
  const m = opts.messages;
  const toc = [...master.tocBefore];
  if (parts.dienste.length > 0) toc.push({ id: 'onlinedienst', title: m.onlineDienst });
  toc.push({ id: 'zustaendige-stelle', title: m.zustaendigeStelle }, ...master.tocAfter);
  return {
    page: { id: master.id, title: master.title, teaser: master.teaser, stellen: parts.stellen, dienste: parts.dienste },
    toc,
    master: master.html,
    jsonLd: leistungJsonLd(master.ld, parts, opts.lang, opts.canonicalUrl, opts.baseUrl),
  };
}

interface Kept { key: string; locals: StoredObject[]; fragments: MasterFragments }

/** Rendered master parts by the Leistung's object; at most a few variants (languages, local texts) each. */
export class MasterCache {
  private readonly byObject = new WeakMap<StoredObject, Kept[]>();

  constructor(private readonly views: Views, private readonly variants = 16) {}

  fragments(input: MasterInput): MasterFragments {
    const key = `${input.lang}\u0000${input.gebietNames.join('\u0000')}\u0000${input.locals.map((l) => l.tenantName).join('\u0000')}`;
    let kept = this.byObject.get(input.leistung);
    if (kept) {
      for (const k of kept) if (k.key === key && sameRows(k.locals, input.locals)) return k.fragments;
    }
    const fragments = renderMaster(this.views, buildMasterPage(input), input.lang);
    if (!kept) this.byObject.set(input.leistung, (kept = []));
    if (kept.length >= this.variants) kept.shift();
    kept.push({ key, locals: input.locals.map((l) => l.row), fragments });
    return fragments;
  }
}

function sameRows(kept: StoredObject[], locals: MasterInput['locals']): boolean {
  if (kept.length !== locals.length) return false;
  for (let i = 0; i < kept.length; i++) if (kept[i] !== locals[i]!.row) return false;
  return true;
}
