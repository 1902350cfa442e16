/** Organisationseinheit: an office with addresses, contact channels, opening hours and staff. */
import { eq } from 'drizzle-orm';
import { organisationseinheiten } from '../db/schema';
import { hasCode } from '../shared/codelists';
import type { ErrorDetail } from '../shared/errors';
import { parentProblems } from '../shared/hierarchy';
import type { ObjectType } from '../shared/objectType';
import { unknownGebiete, UUID_PATTERN } from '../shared/references';
import { collectText, type Text } from '../shared/text';

interface Kommunikation { kanal: string; kennung: string; zusatz?: string }

export interface OrganisationseinheitContent extends Record<string, unknown> {
  name: Text[];
  kurzbezeichnung?: Text[];
  uebergeordneteOrganisationseinheitId?: string | null;
  anschrift?: Array<{ typ: string; ort: string; strasse?: string; postleitzahl?: string; ars?: string }>;
  kommunikation?: Kommunikation[];
  oeffnungszeiten?: { zeiten?: Array<{ tag: string; von: string; bis: string }>; hinweis?: Text[] };
  ansprechpartner?: Array<{ vorname?: string; familienname: string; kommunikation?: Kommunikation[] }>;
}

/** Codes from the Erreichbarkeit list, and kennungen that fit their channel. */
export function kommunikationProblems(list: Kommunikation[] | undefined, base: string): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  (list ?? []).forEach((k, i) => {
    if (!hasCode('erreichbarkeit', k.kanal)) details.push({ path: `${base}/${i}/kanal`, message: `${k.kanal} is not a code of urn:de:xoev:codeliste:erreichbarkeit` });
    else if (k.kanal === '01' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(k.kennung)) details.push({ path: `${base}/${i}/kennung`, message: 'must be an e-mail address' });
    else if (['02', '03', '04'].includes(k.kanal) && !/^\+?[\d\s()/-]{3,}$/.test(k.kennung)) details.push({ path: `${base}/${i}/kennung`, message: 'must be a telephone number' });
    else if (k.kanal === '09' && !/^https?:\/\/\S+$/.test(k.kennung)) details.push({ path: `${base}/${i}/kennung`, message: 'must be an http(s) URL' });
  });
  return details;
}

export const Organisationseinheit: ObjectType<OrganisationseinheitContent> = {
  name: 'Organisationseinheit',
  path: 'organisationseinheiten',
  schemaFile: 'organisationseinheit.schema.json',
  table: organisationseinheiten,

  async check({ db, existing, known }, content) {
    const details: ErrorDetail[] = [];
    (content.anschrift ?? []).forEach((a, i) => {
      if (!hasCode('anschrifttyp', a.typ)) details.push({ path: `/anschrift/${i}/typ`, message: `${a.typ} is not a code of urn:xoev-de:fim:codeliste:xzufi.anschrifttyp` });
    });
    details.push(...kommunikationProblems(content.kommunikation, '/kommunikation'));
    (content.ansprechpartner ?? []).forEach((p, i) => details.push(...kommunikationProblems(p.kommunikation, `/ansprechpartner/${i}/kommunikation`)));
    details.push(...await unknownGebiete(db, (content.anschrift ?? []).flatMap((a, i) => (a.ars ? [{ path: `/anschrift/${i}/ars`, value: a.ars }] : []))));
    details.push(...await parentProblems(db, organisationseinheiten, 'Organisationseinheit', '/uebergeordneteOrganisationseinheitId', content.uebergeordneteOrganisationseinheitId, existing?.uuid, known));
    return details;
  },

  columns: (content) => ({ parentUuid: content.uebergeordneteOrganisationseinheitId ?? null }),
  bulkCreate: {},
  ars: (content) => (content.anschrift ?? []).flatMap((a) => (a.ars ? [a.ars] : [])),
  territoryPath: '/anschrift',
  // A municipal office's addresses lie in its municipality unless they say otherwise.
  assignTerritory(content, ars) {
    for (const a of content.anschrift ?? []) a.ars ??= ars;
  },
  searchText: (content) => collectText([content.name, content.kurzbezeichnung, content.beschreibung, content.anschrift?.map((a) => [a.ort, a.strasse, a.postleitzahl]), content.ansprechpartner?.map((p) => [p.vorname, p.familienname])]).join(' '),

  filters: {
    parentId: { description: 'direct children of this Organisationseinheit', pattern: UUID_PATTERN, where: (value) => eq(organisationseinheiten.parentUuid, value) },
  },
};
