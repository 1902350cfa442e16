/**
 * Planning an import: the order in which a message's objects are applied (referenced objects
 * first, deletions last) and the database ids of every identity it names, fetched up front.
 */
import type { Db } from '../db/client';
import { kategorien, leistungen, onlinedienste, organisationseinheiten, type ObjectTable } from '../db/schema';
import { uuidsByIdent } from '../db/syndicationStore';
import type { MessageItem } from '../xzufi/message';
import type { Klasse } from '../xzufi/objects';
import type { Ident } from '../xzufi/spec';
import { identKey, KLASSE_ORDER, KLASSE_TYPES } from './mapping';

/**
 * Database ids by XZuFi identity for one import: filled for the whole message in one query per
 * table, then kept in step with what the import creates and deletes (a round trip saved per reference).
 */
export class IdentCache {
  private readonly maps = new Map<ObjectTable, Map<string, string | null>>();
  /** Identity key by database id, for the ids this import resolved or assigned. */
  private readonly keys = new Map<string, string>();
  /** Ids of objects that exist in this transaction: found in the database or written by this import (checks need not look them up). */
  readonly known = new Set<string>();
  constructor(private readonly db: Db) {}

  private map(table: ObjectTable): Map<string, string | null> {
    let m = this.maps.get(table);
    if (!m) this.maps.set(table, (m = new Map()));
    return m;
  }

  async load(table: ObjectTable, idents: Ident[]): Promise<void> {
    const m = this.map(table);
    const missing = idents.filter((i) => !m.has(identKey(i)));
    for (let i = 0; i < missing.length; i += 5000) {
      const slice = missing.slice(i, i + 5000);
      const found = await uuidsByIdent(this.db, table, slice);
      for (const ident of slice) {
        const uuid = found.get(identKey(ident)) ?? null;
        m.set(identKey(ident), uuid);
        if (uuid) {
          this.known.add(uuid);
          this.keys.set(uuid, identKey(ident));
        }
      }
    }
  }

  readonly lookup = async (table: ObjectTable, idents: Ident[]): Promise<Map<string, string>> => {
    await this.load(table, idents);
    const m = this.map(table);
    const out = new Map<string, string>();
    for (const i of idents) {
      const uuid = m.get(identKey(i));
      if (uuid) out.set(identKey(i), uuid);
    }
    return out;
  };

  async get(table: ObjectTable, ident: Ident): Promise<string | undefined> {
    return (await this.lookup(table, [ident])).get(identKey(ident));
  }

  /** The identity now names this object (`exists`: it is written already), or none. */
  set(table: ObjectTable, ident: Ident, uuid: string | null, exists = true): void {
    const m = this.map(table);
    const before = m.get(identKey(ident));
    if (before && before !== uuid) this.known.delete(before);
    m.set(identKey(ident), uuid);
    if (uuid) this.keys.set(uuid, identKey(ident));
    if (uuid && exists) this.known.add(uuid);
  }

  /** The identity (identKey) the message names the object with this id by, if it does. */
  keyOf(uuid: string): string | undefined {
    return this.keys.get(uuid);
  }
}

/** Every identity a message names, by the table it lives in. */
export function namedIdents(items: MessageItem[]): Map<ObjectTable, Ident[]> {
  const out = new Map<ObjectTable, Ident[]>();
  const add = (table: ObjectTable, ident: unknown) => {
    if (ident && typeof ident === 'object' && 'id' in ident) out.set(table, [...(out.get(table) ?? []), ident as Ident]);
  };
  for (const item of items) {
    if (item.op === 'loesche') {
      add(KLASSE_TYPES[item.loesche.klasse].table, item.loesche.id);
      continue;
    }
    const { klasse, id, content: c } = item.object;
    add(KLASSE_TYPES[klasse].table, id);
    add(leistungen, c.leistungId);
    for (const l of (c.leistungIds as unknown[] | undefined) ?? []) add(leistungen, l);
    add(organisationseinheiten, c.organisationseinheitId);
    add(organisationseinheiten, c.uebergeordneteOrganisationseinheitId);
    add(onlinedienste, c.onlinedienstId);
    for (const k of (c.kategorie as Array<{ id: Ident; uebergeordneteKategorieId?: Ident }> | undefined) ?? []) {
      add(kategorien, k.id);
      add(kategorien, k.uebergeordneteKategorieId);
    }
  }
  return out;
}
/**
 * Referenced objects first (Leistung → … → Zustaendigkeit; parents before their child
 * Organisationseinheiten), deletions after all writes and in the reverse order.
 */
export function orderForApply(items: MessageItem[]): MessageItem[] {
  const rank = (k: Klasse) => KLASSE_ORDER.indexOf(k);
  const writes = items.filter((i): i is Extract<MessageItem, { op: 'schreibe' }> => i.op === 'schreibe').sort((a, b) => rank(a.object.klasse) - rank(b.object.klasse) || a.index - b.index);
  const oes = writes.filter((w) => w.object.klasse === 'Organisationseinheit');
  const sortedOes = parentsFirst(oes, (w) => w.object.id, (w) => w.object.content.uebergeordneteOrganisationseinheitId as Ident | undefined);
  const others = writes.filter((w) => w.object.klasse !== 'Organisationseinheit');
  const before = others.filter((w) => rank(w.object.klasse) < rank('Organisationseinheit'));
  const after = others.filter((w) => rank(w.object.klasse) > rank('Organisationseinheit'));
  const deletes = items.filter((i): i is Extract<MessageItem, { op: 'loesche' }> => i.op === 'loesche').sort((a, b) => rank(b.loesche.klasse) - rank(a.loesche.klasse) || a.index - b.index);
  return [...before, ...sortedOes, ...after, ...deletes];
}

/** Topological order over a parent reference within the list; cycles keep message order. */
export function parentsFirst<T>(list: T[], id: (t: T) => Ident, parent: (t: T) => Ident | undefined): T[] {
  const byKey = new Map(list.map((t) => [identKey(id(t)), t]));
  const out: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (t: T) => {
    const k = identKey(id(t));
    if (state.get(k)) return;
    state.set(k, 'visiting');
    const p = parent(t);
    const pt = p ? byKey.get(identKey(p)) : undefined;
    if (pt) visit(pt);
    state.set(k, 'done');
    out.push(t);
  };
  list.forEach(visit);
  return out;
}

/** The id of a Zuständigkeit made from an office's embedded responsibility (stable: re-imports find it). */
export const embeddedZustaendigkeitId = (oe: Ident, leistung: Ident, ars: string) => `${oe.id}#${leistung.schemeAgencyID}/${leistung.id}@${ars}`;

/**
 * Responsibilities as real data sends them, as the project keeps them: one Zuständigkeit per
 * Gebiet. A zustaendigkeitTransferObjekt with several gebietID becomes one per Gebiet (ids
 * `<id>@<ARS>`); an office's own `zustaendigkeit{leistungID, gebietID*}` (service-bw, amt24)
 * becomes Zuständigkeiten of that office, which the office no longer carries. New items get
 * indexes after the message's own, at the position of the element they came from; `notes` says
 * what was split.
 */
export function expandResponsibilities(items: MessageItem[], firstIndex: number): { items: MessageItem[]; notes: Array<{ item: MessageItem; message: string }>; offices: Ident[] } {
  const out: MessageItem[] = [];
  const notes: Array<{ item: MessageItem; message: string }> = [];
  const offices: Ident[] = [];
  let next = firstIndex;
  for (const item of items) {
    if (item.op !== 'schreibe') { out.push(item); continue; }
    const { object } = item;
    if (object.klasse === 'Zustaendigkeit' && Array.isArray(object.content.gebietID)) {
      const gebiete = object.content.gebietID as string[];
      gebiete.forEach((ars, n) => out.push({
        ...item, index: n === 0 ? item.index : next++,
        object: { ...object, id: { ...object.id, id: `${object.id.id}@${ars}` }, content: { ...object.content, gebietID: ars } },
      }));
      notes.push({ item, message: `names ${gebiete.length} Gebiete: kept as ${gebiete.length} Zuständigkeiten, one per Gebiet (ids ${object.id.id}@<ARS>)` });
      continue;
    }
    if (object.klasse === 'Organisationseinheit' && Array.isArray(object.content.zustaendigkeit)) {
      const { zustaendigkeit, ...content } = object.content;
      out.push({ ...item, object: { ...object, content } });
      offices.push(object.id);
      let made = 0;
      for (const z of zustaendigkeit as Array<{ leistungId: Ident; gebietID?: string[] }>) {
        for (const ars of z.gebietID ?? []) {
          out.push({
            op: 'schreibe', index: next++, position: item.position,
            object: { klasse: 'Zustaendigkeit', id: { schemeAgencyID: object.id.schemeAgencyID, id: embeddedZustaendigkeitId(object.id, z.leistungId, ars) }, content: { leistungId: z.leistungId, organisationseinheitId: object.id, gebietID: ars, rolle: '01' } },
          });
          made++;
        }
      }
      notes.push({ item, message: `carries ${(zustaendigkeit as unknown[]).length} zustaendigkeit: kept as ${made} Zuständigkeiten of this office, one per Gebiet` });
      continue;
    }
    out.push(item);
  }
  return { items: out, notes, offices };
}
