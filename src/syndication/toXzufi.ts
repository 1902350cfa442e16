/**
 * Stored rows → XZuFi objects, once the references are resolved (src/syndication/mapping.ts
 * resolves them from the database): database ids become XZuFi identifiers, Kategorien travel
 * inside their Leistung, editorial fields stay home. Pure, so that an export can run it in a
 * worker thread (src/syndication/exportThread.ts) beside the database.
 */
import { rowOfJson, type ReferencedTable, type SyndicationRow } from '../db/syndicationRow';
import { encodeSchreibe } from '../xzufi/message';
import type { Klasse, Versionsinformation, XzufiObject } from '../xzufi/objects';
import type { Ident } from '../xzufi/spec';

/** A Kategorie as a Leistung carries it: identity, parent's identity and the rest of its content. */
export interface KategorieRef { id: Ident; parent?: Ident; content: Record<string, unknown> }

export interface ResolvedReferences {
  /** XZuFi identity by database id (Leistungen, Organisationseinheiten, Onlinedienste). */
  idents: Map<string, Ident>;
  kategorien: Map<string, KategorieRef>;
}

type C = Record<string, unknown>;

/** The database ids the rows' contents name, by table. */
export function referencesOf(klasse: Klasse, rows: SyndicationRow[]): Map<ReferencedTable, Set<string>> {
  const out = new Map<ReferencedTable, Set<string>>();
  const add = (table: ReferencedTable, v: unknown) => {
    if (typeof v !== 'string') return;
    if (!out.has(table)) out.set(table, new Set());
    out.get(table)!.add(v);
  };
  for (const { content: c } of rows) {
    switch (klasse) {
      case 'Leistung': for (const k of (c.kategorieIds as unknown[] | undefined) ?? []) add('kategorien', k); break;
      case 'LeistungSpezialisierung': add('leistungen', c.leistungId); break;
      case 'Organisationseinheit': add('organisationseinheiten', c.uebergeordneteOrganisationseinheitId); break;
      case 'Onlinedienst': for (const l of (c.leistungIds as unknown[] | undefined) ?? []) add('leistungen', l); break;
      case 'Zustaendigkeit':
        add('leistungen', c.leistungId);
        add('organisationseinheiten', c.organisationseinheitId);
        add('onlinedienste', c.onlinedienstId);
    }
  }
  return out;
}

/** The object's own id: XZuFi identity plus the attributes it came with (`idAttribute`). */
function ownIdent(schemeAgencyID: string, id: string, c: C): Ident {
  const extra = c.idAttribute as Partial<Ident> | undefined;
  delete c.idAttribute;
  return { schemeAgencyID, id, ...extra };
}

const LANGUAGE_NAMES: Record<string, { deutsch: string; nativ: string }> = { de: { deutsch: 'Deutsch', nativ: 'Deutsch' }, en: { deutsch: 'Englisch', nativ: 'English' } };

/** The languages a document has texts in (every element with @languageCode), German first. */
export function textLanguages(value: unknown): Set<string> {
  const found = new Set<string>();
  collectLanguages(value, found);
  return new Set([...found].sort((a, b) => (a === 'de' ? -1 : b === 'de' ? 1 : a.localeCompare(b))));
}

function collectLanguages(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) collectLanguages(v, out);
  else if (value && typeof value === 'object') {
    const o = value as C;
    if (typeof o.languageCode === 'string' && (typeof o.value === 'string' || typeof o.begriff === 'string' || typeof o.uri === 'string' || typeof o.titel === 'string')) out.add(o.languageCode);
    for (const k in o) if (k !== 'unmodelled' && k !== 'sprachversion' && typeof o[k] === 'object') collectLanguages(o[k], out);
  }
}

/**
 * A sprachversion for each language the texts are in: a kept one (from the system that sent the
 * object) as it came, else made from the object's version information.
 */
function sprachversionen(c: C, vi: Versionsinformation): C[] | undefined {
  const kept = new Map(((c.sprachversion as C[] | undefined) ?? []).map((s) => [String(s.languageCode), s]));
  const languages = textLanguages(c);
  for (const lang of kept.keys()) languages.add(lang);
  if (languages.size === 0) return undefined;
  return [...languages].map((lang) => kept.get(lang) ?? {
    languageCode: lang, sprachbezeichnungDeutsch: LANGUAGE_NAMES[lang]?.deutsch, sprachbezeichnungNativ: LANGUAGE_NAMES[lang]?.nativ, ...vi,
  });
}

/** The calendar day in Germany of an instant (`2026-11-25`). */
const berlinDay = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' });
const berlinDate = (iso: string) => berlinDay.format(new Date(iso));

/** The stored objects of one class as XZuFi objects; a reference missing from `refs` is an error. */
export function mapRows(klasse: Klasse, rows: SyndicationRow[], refs: ResolvedReferences): XzufiObject[] {
  const ident = (uuid: string, what: string): Ident => {
    const found = refs.idents.get(uuid);
    if (!found) throw new Error(`${what} ${uuid} is referenced but missing`);
    return found;
  };
  return rows.map((row) => {
    // A top-level copy: references are replaced and editorial fields dropped, nested values never edited.
    const c = { ...row.content } as C;
    switch (klasse) {
      case 'Leistung': {
        // The Fachliche Freigabe given in the workflow, unless the text names one itself.
        if (!c.modulFachlicheFreigabe && row.freigabe) {
          c.modulFachlicheFreigabe = { fachlichFreigegebenAm: berlinDate(row.freigabe.at), fachlichFreigegebenDurch: [{ languageCode: 'de', value: row.freigabe.tenantName ?? row.freigabe.by }] };
        }
        const ids = (c.kategorieIds as string[] | undefined) ?? [];
        delete c.kategorieIds;
        if (ids.length > 0) {
          c.kategorie = ids.map((uuid) => {
            const k = refs.kategorien.get(uuid);
            if (!k) throw new Error(`Kategorie ${uuid} is referenced but missing`);
            const { idAttribute, ...content } = k.content;
            return { id: { ...k.id, ...(idAttribute as object | undefined) }, ...(k.parent ? { uebergeordneteKategorieId: k.parent } : {}), ...content };
          });
        }
        break;
      }
      case 'LeistungSpezialisierung':
        c.leistungId = ident(c.leistungId as string, 'Leistung');
        delete c.basisVersion;
        break;
      case 'Organisationseinheit':
        if (typeof c.uebergeordneteOrganisationseinheitId === 'string') c.uebergeordneteOrganisationseinheitId = ident(c.uebergeordneteOrganisationseinheitId, 'Organisationseinheit');
        else delete c.uebergeordneteOrganisationseinheitId;
        break;
      case 'Onlinedienst': {
        const ids = (c.leistungIds as string[] | undefined) ?? [];
        if (ids.length === 0) delete c.leistungIds;
        else c.leistungIds = ids.map((u) => ident(u, 'Leistung'));
        break;
      }
      case 'Zustaendigkeit':
        c.leistungId = ident(c.leistungId as string, 'Leistung');
        if (typeof c.organisationseinheitId === 'string') c.organisationseinheitId = ident(c.organisationseinheitId, 'Organisationseinheit');
        if (typeof c.onlinedienstId === 'string') c.onlinedienstId = ident(c.onlinedienstId, 'Onlinedienst');
        break;
    }
    const versionsinformation: Versionsinformation = {
      erstelltDatumZeit: row.createdAt, erstelltDurch: row.createdBy,
      geaendertDatumZeit: row.changedAt, geaendertDurch: row.changedBy, version: String(row.version),
    };
    if (klasse === 'Leistung') {
      const sv = sprachversionen(c, versionsinformation);
      if (sv) c.sprachversion = sv;
    }
    return {
      klasse,
      id: ownIdent(row.schemeAgencyId, row.xzufiId, c),
      // XZuFi has no empty lists: the writer leaves out null values and empty arrays, so what is sent is what is read back.
      content: c,
      versionsinformation,
    };
  });
}

/** Identities as identityTable (src/db/syndicationStore.ts) reads them → by database id. */
export function identsOfJson(json: string): Map<string, Ident> {
  const out = new Map<string, Ident>();
  for (const [uuid, schemeAgencyID, id] of JSON.parse(json) as Array<[string, string, string]>) out.set(uuid, { schemeAgencyID, id });
  return out;
}

/** A batch of rows as syndication reads them (one JSON array of row arrays) → their `schreibe` elements. */
export function encodeBatch(klasse: Klasse, json: string, refs: ResolvedReferences): string {
  const objects = mapRows(klasse, (JSON.parse(json) as unknown[][]).map(rowOfJson), refs);
  let xml = '';
  for (const o of objects) xml += encodeSchreibe(o);
  return xml;
}
