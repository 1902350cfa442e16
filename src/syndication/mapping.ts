/**
 * Between stored objects and XZuFi objects: database ids become XZuFi identifiers (and back),
 * Kategorien travel inside their Leistung, editorial fields stay home.
 */
import { getTableName } from 'drizzle-orm';
import type { Db } from '../db/client';
import { kategorien, leistungen, onlinedienste, organisationseinheiten, type ObjectTable } from '../db/schema';
import { identsByUuid, kategorienByUuid, uuidsByIdent, type IdentRow, type SyndicationRow } from '../db/syndicationStore';
import { Leistung, Onlinedienst, Organisationseinheit, Spezialisierung, Zustaendigkeit } from '../objectTypes';
import type { ErrorDetail } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { CODECS, type Klasse, type XzufiObject } from '../xzufi/objects';
import type { Ident } from '../xzufi/spec';

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

const ident = (row: IdentRow | undefined, what: string, uuid: string): Ident => {
  if (!row) throw new Error(`${what} ${uuid} is referenced but missing`);
  return { schemeAgencyID: row.schemeAgencyId, id: row.xzufiId };
};

type C = Record<string, unknown>;

/** The calendar day in Germany of an instant (`2026-11-25`). */
const berlinDate = (iso: string) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Berlin' }).format(new Date(iso));

/**
 * XZuFi identities of referenced objects, by table and database id, fetched once: an export names
 * each Leistung in many Zuständigkeiten (60,000 references to 3,600 Leistungen at Hessen scale).
 */
export class ReferenceIdents {
  private readonly known = new Map<ObjectTable, Map<string, IdentRow>>();

  async of(db: Db, table: ObjectTable, uuids: unknown[]): Promise<Map<string, IdentRow>> {
    let known = this.known.get(table);
    if (!known) this.known.set(table, (known = new Map()));
    const missing = new Set<string>();
    for (const u of uuids) if (typeof u === 'string' && !known.has(u)) missing.add(u);
    if (missing.size > 0) for (const [u, row] of await identsByUuid(db, table, [...missing])) known.set(u, row);
    return known;
  }
}

/** The stored objects of one class as XZuFi objects (references resolved in a few batch queries, or from `refs`). */
export async function toXzufiObjects(db: Db, klasse: Klasse, rows: SyndicationRow[], refs = new ReferenceIdents()): Promise<XzufiObject[]> {
  // Top-level copies: the mapping replaces references and drops editorial fields, it never edits nested values.
  const contents = rows.map((r) => ({ ...r.content }) as C);
  const lookup = (table: ObjectTable, uuids: unknown[]) => refs.of(db, table, uuids);
  switch (klasse) {
    case 'Leistung': {
      const kategorieRows = await kategorienByUuid(db, contents.flatMap((c) => (c.kategorieIds as string[] | undefined) ?? []));
      const byUuid = new Map(kategorieRows.map((k) => [k.uuid, k]));
      const parents = await lookup(kategorien, kategorieRows.map((k) => k.content.uebergeordneteKategorieId));
      contents.forEach((c, i) => {
        // The Fachliche Freigabe given in the workflow, unless the text names one itself.
        const freigabe = rows[i]!.freigabe;
        if (!c.modulFachlicheFreigabe && freigabe) {
          c.modulFachlicheFreigabe = { fachlichFreigegebenAm: berlinDate(freigabe.at), fachlichFreigegebenDurch: [{ languageCode: 'de', value: freigabe.tenantName ?? freigabe.by }] };
        }
      });
      for (const c of contents) {
        const ids = (c.kategorieIds as string[] | undefined) ?? [];
        delete c.kategorieIds;
        if (ids.length === 0) continue;
        c.kategorie = ids.map((uuid) => {
          const k = byUuid.get(uuid);
          if (!k) throw new Error(`Kategorie ${uuid} is referenced but missing`);
          const { uebergeordneteKategorieId: parent, ...rest } = k.content as C;
          return {
            id: { schemeAgencyID: k.schemeAgencyId, id: k.xzufiId },
            ...(typeof parent === 'string' ? { uebergeordneteKategorieId: ident(parents.get(parent), 'Kategorie', parent) } : {}),
            ...rest,
          };
        });
      }
      break;
    }
    case 'LeistungSpezialisierung': {
      const found = await lookup(leistungen, contents.map((c) => c.leistungId));
      for (const c of contents) {
        c.leistungId = ident(found.get(c.leistungId as string), 'Leistung', c.leistungId as string);
        delete c.basisVersion;
      }
      break;
    }
    case 'Organisationseinheit': {
      const found = await lookup(organisationseinheiten, contents.map((c) => c.uebergeordneteOrganisationseinheitId));
      for (const c of contents) {
        const parent = c.uebergeordneteOrganisationseinheitId;
        if (typeof parent === 'string') c.uebergeordneteOrganisationseinheitId = ident(found.get(parent), 'Organisationseinheit', parent);
        else delete c.uebergeordneteOrganisationseinheitId;
      }
      break;
    }
    case 'Onlinedienst': {
      const found = await lookup(leistungen, contents.flatMap((c) => (c.leistungIds as string[] | undefined) ?? []));
      for (const c of contents) {
        const ids = (c.leistungIds as string[] | undefined) ?? [];
        if (ids.length === 0) delete c.leistungIds;
        else c.leistungIds = ids.map((u) => ident(found.get(u), 'Leistung', u));
      }
      break;
    }
    case 'Zustaendigkeit': {
      const [ls, oes, ods] = await Promise.all([
        lookup(leistungen, contents.map((c) => c.leistungId)),
        lookup(organisationseinheiten, contents.map((c) => c.organisationseinheitId)),
        lookup(onlinedienste, contents.map((c) => c.onlinedienstId)),
      ]);
      for (const c of contents) {
        c.leistungId = ident(ls.get(c.leistungId as string), 'Leistung', c.leistungId as string);
        if (typeof c.organisationseinheitId === 'string') c.organisationseinheitId = ident(oes.get(c.organisationseinheitId), 'Organisationseinheit', c.organisationseinheitId);
        if (typeof c.onlinedienstId === 'string') c.onlinedienstId = ident(ods.get(c.onlinedienstId), 'Onlinedienst', c.onlinedienstId);
      }
      break;
    }
  }
  return rows.map((row, i) => ({
    klasse,
    id: { schemeAgencyID: row.schemeAgencyId, id: row.xzufiId },
    // XZuFi has no empty lists: the writer leaves out null values and empty arrays, so what is sent is what is read back.
    content: contents[i]!,
    versionsinformation: {
      erstelltDatumZeit: row.createdAt,
      erstelltDurch: row.createdBy,
      geaendertDatumZeit: row.changedAt,
      geaendertDurch: row.changedBy,
      version: String(row.version),
    },
  }));
}

export const identKey = (i: Ident) => `${i.schemeAgencyID}\u0000${i.id}`;

/**
 * The REST document for an XZuFi object: references become database ids. Kategorien must have been
 * written before (their ids are passed in). Unresolvable references are returned as problems.
 */
export type IdentLookup = (table: ObjectTable, idents: Ident[]) => Promise<Map<string, string>>;

export async function toRestDocument(db: Db, object: XzufiObject, kategorieIds: string[], lookup: IdentLookup = (table, idents) => uuidsByIdent(db, table, idents)): Promise<{ body: C; problems: ErrorDetail[] }> {
  const c = structuredClone(object.content) as C;
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
  return { body: { ...c, xzufiId: object.id.id, schemeAgencyID: object.id.schemeAgencyID }, problems };
}
