/**
 * Between stored objects and XZuFi objects: database ids become XZuFi identifiers (and back),
 * Kategorien travel inside their Leistung, editorial fields stay home.
 */
import { getTableName } from 'drizzle-orm';
import type { Db } from '../db/client';
import { kategorien, leistungen, onlinedienste, organisationseinheiten, type ObjectTable } from '../db/schema';
import type { SyndicationRow } from '../db/syndicationRow';
import { identsByUuid, kategorienByUuid, uuidsByIdent, type IdentRow } from '../db/syndicationStore';
import { Leistung, Onlinedienst, Organisationseinheit, Spezialisierung, Zustaendigkeit } from '../objectTypes';
import type { ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { CODECS, type Klasse, type XzufiObject } from '../xzufi/objects';
import type { Ident } from '../xzufi/spec';
import type { ReferencedTable } from '../db/syndicationRow';
import { mapRows, referencesOf, type ResolvedReferences } from './toXzufi';

export const KLASSE_TYPES: Record<Klasse, ObjectType> = {
  Leistung: Leistung as unknown as ObjectType,
  LeistungSpezialisierung: Spezialisierung as unknown as ObjectType,
  Organisationseinheit: Organisationseinheit as unknown as ObjectType,
  Onlinedienst: Onlinedienst as unknown as ObjectType,
  Zustaendigkeit: Zustaendigkeit as unknown as ObjectType,
};

/** Order in which objects may reference each other: earlier ones never point to later ones. */
export const KLASSE_ORDER: Klasse[] = ['Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit'];

export function klasseOfTable(tableName: string): Klasse | undefined {
  return KLASSE_ORDER.find((k) => getTableName(KLASSE_TYPES[k].table) === tableName);
}

export const elementOf = (klasse: Klasse) => CODECS[klasse].element;

type C = Record<string, unknown>;

/**
 * XZuFi identities of referenced objects, by table and database id, fetched once: an export names
 * each Leistung in many Zuständigkeiten (60,000 references to 3,600 Leistungen at Hessen scale).
 */
export class ReferenceIdents {
  private readonly known = new Map<ObjectTable, Map<string, IdentRow>>();

  async of(db: Db, table: ObjectTable, uuids: Iterable<unknown>): Promise<Map<string, IdentRow>> {
    let known = this.known.get(table);
    if (!known) this.known.set(table, (known = new Map()));
    const missing = new Set<string>();
    for (const u of uuids) if (typeof u === 'string' && !known.has(u)) missing.add(u);
    if (missing.size > 0) for (const [u, row] of await identsByUuid(db, table, [...missing])) known.set(u, row);
    return known;
  }
}

const TABLE_OF: Record<Exclude<ReferencedTable, 'kategorien'>, ObjectTable> = { leistungen, organisationseinheiten, onlinedienste };
const identOf = (row: IdentRow): Ident => ({ schemeAgencyID: row.schemeAgencyId, id: row.xzufiId });

/** The identities and Kategorien the ids name (what is not found stays out: mapRows reports it). */
export async function resolveReferences(db: Db, wanted: Map<ReferencedTable, Iterable<string>>, cache = new ReferenceIdents()): Promise<ResolvedReferences> {
  const resolved: ResolvedReferences = { idents: new Map(), kategorien: new Map() };
  for (const [name, uuids] of wanted) {
    if (name === 'kategorien') {
      const rows = await kategorienByUuid(db, [...uuids]);
      const parents = await cache.of(db, kategorien, rows.map((k) => k.content.uebergeordneteKategorieId));
      for (const k of rows) {
        const { uebergeordneteKategorieId: parent, ...content } = k.content as C;
        const parentRow = typeof parent === 'string' ? parents.get(parent) : undefined;
        if (typeof parent === 'string' && !parentRow) throw new Error(`Kategorie ${parent} is referenced but missing`);
        resolved.kategorien.set(k.uuid, { id: { schemeAgencyID: k.schemeAgencyId, id: k.xzufiId }, ...(parentRow ? { parent: identOf(parentRow) } : {}), content });
      }
      continue;
    }
    const uuidList = [...uuids];
    const known = await cache.of(db, TABLE_OF[name], uuidList);
    for (const u of uuidList) {
      const row = known.get(u);
      if (row) resolved.idents.set(u, identOf(row));
    }
  }
  return resolved;
}

/** The stored objects of one class as XZuFi objects (references resolved in a few batch queries, or from `cache`). */
export async function toXzufiObjects(db: Db, klasse: Klasse, rows: SyndicationRow[], cache = new ReferenceIdents()): Promise<XzufiObject[]> {
  return mapRows(klasse, rows, await resolveReferences(db, referencesOf(klasse, rows), cache));
}

export const identKey = (i: Ident) => `${i.schemeAgencyID}\u0000${i.id}`;

/**
 * The REST document for an XZuFi object: references become database ids. Kategorien must have been
 * written before (their ids are passed in). Unresolvable references are returned as problems.
 */
export type IdentLookup = (table: ObjectTable, idents: Ident[]) => Promise<Map<string, string>>;

export async function toRestDocument(db: Db, object: XzufiObject, kategorieIds: string[], lookup: IdentLookup = (table, idents) => uuidsByIdent(db, table, idents)): Promise<{ body: C; problems: ErrorDetail[] }> {
  // Only top-level fields are replaced below (never changed inside): a shallow copy keeps the message's object as it is.
  const c = { ...object.content } as C;
  const problems: ErrorDetail[] = [];
  const resolve = async (table: ObjectTable, label: string, refs: Array<{ path: string; ident: Ident }>): Promise<Array<string | undefined>> => {
    const found = await lookup(table, refs.map((r) => r.ident));
    return refs.map((r) => {
      const uuid = found.get(identKey(r.ident));
      if (!uuid) problems.push({ path: r.path, message: `${label} ${r.ident.schemeAgencyID}/${r.ident.id} is neither in this message nor in the database` });
      return uuid;
    });
  };
  switch (object.klasse) {
    case 'Leistung':
      delete c.kategorie;
      if (kategorieIds.length > 0) c.kategorieIds = kategorieIds;
      // Written from the texts at every export (a kept entry stays as it came): only keep what differs.
      if (Array.isArray(c.sprachversion)) {
        const keep = (c.sprachversion as C[]).filter((s) => Object.keys(s).some((k) => !['languageCode', 'sprachbezeichnungDeutsch', 'sprachbezeichnungNativ', 'erstelltDatumZeit', 'erstelltDurch', 'geaendertDatumZeit', 'geaendertDurch', 'version'].includes(k))
          || !['de', 'en'].includes(String(s.languageCode)));
        if (keep.length > 0) c.sprachversion = keep;
        else delete c.sprachversion;
      }
      break;
    case 'LeistungSpezialisierung':
      [c.leistungId] = await resolve(leistungen, 'Leistung', [{ path: '/leistungID', ident: c.leistungId as Ident }]);
      break;
    case 'Organisationseinheit':
      if (c.uebergeordneteOrganisationseinheitId) {
        [c.uebergeordneteOrganisationseinheitId] = await resolve(organisationseinheiten, 'Organisationseinheit', [{ path: '/uebergeordneteOrganisationseinheitID', ident: c.uebergeordneteOrganisationseinheitId as Ident }]);
      }
      break;
    case 'Onlinedienst':
      if (c.leistungIds) c.leistungIds = await resolve(leistungen, 'Leistung', (c.leistungIds as Ident[]).map((i, n) => ({ path: `/leistungID[${n + 1}]`, ident: i })));
      break;
    case 'Zustaendigkeit':
      [c.leistungId] = await resolve(leistungen, 'Leistung', [{ path: '/zustaendigkeit/leistungID', ident: c.leistungId as Ident }]);
      if (c.organisationseinheitId) [c.organisationseinheitId] = await resolve(organisationseinheiten, 'Organisationseinheit', [{ path: '/uebergeordnetesObjektID', ident: c.organisationseinheitId as Ident }]);
      if (c.onlinedienstId) [c.onlinedienstId] = await resolve(onlinedienste, 'Onlinedienst', [{ path: '/uebergeordnetesObjektID', ident: c.onlinedienstId as Ident }]);
      break;
  }
  const idAttribute = idAttributesOf(object.id);
  return { body: { ...c, xzufiId: object.id.id, schemeAgencyID: object.id.schemeAgencyID, ...(idAttribute ? { idAttribute } : {}) }, problems };
}

/** The attributes of an object's id beyond schemeAgencyID (kept with the object as `idAttribute`). */
export function idAttributesOf(id: Ident): Partial<Ident> | undefined {
  const { schemeAgencyID: _a, id: _i, ...rest } = id;
  return Object.keys(rest).length > 0 ? rest : undefined;
}
