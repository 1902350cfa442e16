/**
 * The part of a service page that belongs to the place — the responsible offices with address,
 * contacts and opening hours, the online services — and the page's schema.org description, which
 * joins the master text's part (MasterLd) with the place's.
 */
import type { StoredObject } from '../db/objectStore';
import type { Lang, LocalText, Messages } from './i18n';
import { localized } from './i18n';
import type { MasterLd } from './leistungPage';
import type { Responsible } from './readModel';

type Texts = Array<{ languageCode: string; value: string }>;
type Content = Record<string, unknown>;

export interface Stelle {
  name: LocalText | undefined;
  address: string[];
  hours: Array<{ day: string; times: string }>;
  hoursNote?: LocalText;
  contacts: Array<{ label: string; value: string; href?: string }>;
}
export interface Dienst { id: string; name: LocalText | undefined; reifegrad?: number; niveau?: string; href: string }

/** The part of a service page that belongs to the place: the responsible offices and online services. */
export interface PlaceParts {
  stellen: Stelle[];
  dienste: Dienst[];
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

export function dienstOf(od: Pick<StoredObject, 'uuid' | 'content'>, lang: Lang, m: Messages, query: string): Dienst {
  const c = od.content;
  return {
    id: od.uuid,
    name: localized(c.bezeichnung as Texts, lang),
    reifegrad: c.ozgReifegrad as number | undefined,
    niveau: c.vertrauensniveau ? m.niveaus[c.vertrauensniveau as string] ?? String(c.vertrauensniveau) : undefined,
    href: `/go/${od.uuid}${query}`,
  };
}

/** The offices and online services responsible at the place, as the page shows them; `query` is carried along in links. */
export function placeParts(responsible: Responsible | undefined, lang: Lang, m: Messages, query: string): PlaceParts {
  return {
    dienste: (responsible?.onlinedienste ?? []).map((od) => dienstOf(od, lang, m, query)),
    stellen: (responsible?.stellen ?? []).map((oe) => stelleOf(oe, lang, m)),
  };
}

/** The schema.org GovernmentService description of the page, `<` escaped so that no text can close the script element. */
export function leistungJsonLd(ld: MasterLd, parts: PlaceParts, lang: Lang, canonicalUrl: string, baseUrl: string): string {
  const { stellen, dienste } = parts;
  const { name, description, identifier, areaServed, keywords } = ld;
  const json = {
    '@context': 'https://schema.org',
    '@type': 'GovernmentService',
    '@id': canonicalUrl,
    url: canonicalUrl,
    name,
    ...(description ? { description } : {}),
    ...(identifier ? { identifier } : {}),
    inLanguage: lang,
    ...(areaServed ? { areaServed } : {}),
    ...(stellen[0]?.name ? { provider: { '@type': 'GovernmentOrganization', name: stellen[0].name.value, ...(stellen[0].address.length ? { address: stellen[0].address.join(', ') } : {}) } } : {}),
    ...(dienste.length ? { availableChannel: dienste.map((d) => ({ '@type': 'ServiceChannel', name: d.name?.value, serviceUrl: `${baseUrl}${d.href}` })) } : {}),
    ...(keywords ? { keywords } : {}),
  };
  return JSON.stringify(json).replace(/</g, '\\u003c');
}
