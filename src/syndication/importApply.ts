/**
 * How the import applies objects (importer.ts): new objects written in batches, single upserts,
 * the Kategorien a Leistung carries, deletions. All of it inside the import's transaction.
 */
import type { Db } from '../db/client';
import { getObject } from '../db/objectStore';
import { kategorien } from '../db/schema';
import { Kategorie } from '../objectTypes';
import { requestsPerSecond } from '../shared/activity';
import { AppError } from '../shared/errors';
import { createObjects } from '../shared/objectBatch';
import { createObject, removeObject, replaceObject, type ServiceContext } from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';
import type { MessageItem } from '../xzufi/message';
import type { Klasse, XzufiObject } from '../xzufi/objects';
import type { Ident } from '../xzufi/spec';
import type { ImportReport } from './importer';
import { IdentCache, parentsFirst } from './importPlan';
import { jsonSizeOf } from './messageReader';
import { identKey, idAttributesOf, KLASSE_TYPES } from './mapping';

export type Outcome = 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed';

/**
 * Objects written together at most, and their content's size at most (characters of JSON): the
 * database works on one INSERT at a time — on PGlite in this thread, where a Leistung's German
 * search vectors take ~1.5 ms each in the trigger — so a batch of 200 Leistungen kept every other
 * request waiting ~0.4 s; ~30 of them (200 KB) keep it tens of milliseconds.
 */
const BATCH = 200;
const BATCH_CHARS = 200_000;
/**
 * On PGlite, while the instance answers requests (BUSY_REQUESTS a second or more), a batch is cut
 * further so that its INSERT holds the event loop about this long: from how long the type's last
 * INSERT took per character of content (a Leistung, with its German search vectors, takes about
 * twice as long per character as an office). Every request waits for a statement under way; smaller statements cost the import a
 * tenth or more of its speed, so it pays that only while there are requests. On a server the
 * statements run in its own processes and batches stay whole.
 */
const IN_THREAD_STATEMENT_MS = 15;
const BUSY_REQUESTS = 10;
const MIN_BATCH_CHARS = 16_000;
/** Milliseconds a character of content took to write, by type: the last batch's, of any import of this process. */
const msPerChar = new Map<ObjectType, number>();

/**
 * New objects waiting to be written together. A batch holds one type; it is written before an
 * object that names one of its objects (whose checks must find it stored), before any other
 * kind of step, and when full.
 */
export class NewObjects {
  private items: Array<{ item: Extract<MessageItem, { op: 'schreibe' }>; uuid: string; body: Record<string, unknown> }> = [];
  private type: ObjectType | undefined;
  private readonly uuids = new Set<string>();
  private chars = 0;

  constructor(
    private readonly ctx: ServiceContext & { tx: Db },
    private readonly cache: IdentCache,
    private readonly refuse: (item: MessageItem, target: { klasse: Klasse; id: Ident }, err: AppError) => void,
    private readonly report: ImportReport,
  ) {}

  async add(item: Extract<MessageItem, { op: 'schreibe' }>, type: ObjectType, body: Record<string, unknown>): Promise<void> {
    const names = (v: unknown) => (typeof v === 'string' && this.uuids.has(v)) || (Array.isArray(v) && v.some((x) => typeof x === 'string' && this.uuids.has(x)));
    // About the size of the content: the object's JSON as the reader sent it, else measured here.
    const size = jsonSizeOf(item.object) ?? JSON.stringify(body).length;
    if (this.type !== type || this.items.length >= BATCH || this.chars + size > this.charBudget(type) || Object.values(body).some(names)) await this.flush();
    this.chars += size;
    const uuid = crypto.randomUUID();
    // Later objects of the message resolve it now; checks count it as existing once it is written.
    this.cache.set(type.table, item.object.id, uuid, false);
    this.type = type;
    this.items.push({ item, uuid, body });
    this.uuids.add(uuid);
  }

  private charBudget(type: ObjectType): number {
    const perChar = msPerChar.get(type);
    if (this.ctx.database.kind !== 'pglite' || perChar === undefined || requestsPerSecond() < BUSY_REQUESTS) return BATCH_CHARS;
    return Math.min(BATCH_CHARS, Math.max(MIN_BATCH_CHARS, IN_THREAD_STATEMENT_MS / perChar));
  }

  async flush(): Promise<void> {
    const { items, type, chars } = this;
    if (!type || items.length === 0) return;
    this.items = [];
    this.uuids.clear();
    this.chars = 0;
    const timing = { writeMs: 0 };
    const results = await createObjects(this.ctx, type, items.map((i) => ({ uuid: i.uuid, body: i.body })), this.cache.known, timing);
    if (timing.writeMs > 0 && chars > 0) msPerChar.set(type, timing.writeMs / chars);
    results.forEach((result, n) => {
      const { item, uuid } = items[n]!;
      if (result instanceof AppError) {
        this.cache.set(type.table, item.object.id, null);
        this.refuse(item, item.object, result);
      } else {
        this.cache.set(type.table, item.object.id, uuid);
        this.report.counts[item.object.klasse].created++;
      }
    });
  }
}

async function upsert(ctx: ServiceContext & { tx: Db }, cache: IdentCache, type: ObjectType, ident: Ident, body: Record<string, unknown>, prepare?: (existing: Record<string, unknown>) => void): Promise<{ outcome: Outcome; uuid: string }> {
  const uuid = await cache.get(type.table, ident);
  if (!uuid) {
    const row = await createObject(ctx, type, body, { known: cache.known });
    cache.set(type.table, ident, row.uuid);
    return { outcome: 'created', uuid: row.uuid };
  }
  if (prepare) {
    const existing = await getObject(ctx.tx, type.table, uuid);
    if (existing) prepare(existing.content);
  }
  const { changed } = await replaceObject(ctx, type, uuid, body);
  return { outcome: changed ? 'updated' : 'unchanged', uuid };
}

/** The Kategorien a Leistung carries, created or updated first (once per message); their database ids. */
export async function applyKategorien(ctx: ServiceContext & { tx: Db }, cache: IdentCache, object: XzufiObject, done: Set<string>, report: ImportReport): Promise<string[]> {
  const kategorieIds: string[] = [];
  if (object.klasse !== 'Leistung') return kategorieIds;
  const list = (object.content.kategorie as Array<Record<string, unknown> & { id: Ident; uebergeordneteKategorieId?: Ident }> | undefined) ?? [];
  for (const k of parentsFirst(list, (x) => x.id, (x) => x.uebergeordneteKategorieId)) {
    const key = identKey(k.id);
    let uuid = done.has(key) ? await cache.get(kategorien, k.id) : undefined;
    if (!uuid) {
      const { id, uebergeordneteKategorieId: parent, ...rest } = k;
      let parentUuid: string | undefined;
      if (parent) {
        parentUuid = await cache.get(kategorien, parent);
        if (!parentUuid) throw new AppError('validation_failed', 'A Kategorie names an unknown parent', [{ path: '/kategorie', message: `Kategorie ${parent.schemeAgencyID}/${parent.id} is neither in this message nor in the database` }]);
      }
      const idAttribute = idAttributesOf(id);
      const result = await upsert(ctx, cache, Kategorie as unknown as ObjectType, id, { ...rest, ...(parentUuid ? { uebergeordneteKategorieId: parentUuid } : {}), xzufiId: id.id, schemeAgencyID: id.schemeAgencyID, ...(idAttribute ? { idAttribute } : {}) });
      report.counts.Kategorie[result.outcome]++;
      uuid = result.uuid;
      done.add(key);
    }
    kategorieIds.push(uuid);
  }
  return kategorieIds;
}

/** One object written on its own: an update of a known object, or a new one of a type written singly. */
export async function applySchreibe(ctx: ServiceContext & { tx: Db }, cache: IdentCache, object: XzufiObject, body: Record<string, unknown>): Promise<Outcome> {
  const type = KLASSE_TYPES[object.klasse];
  const keepBasisVersion = object.klasse === 'LeistungSpezialisierung'
    ? (existing: Record<string, unknown>) => { if (existing.basisVersion !== undefined) body.basisVersion = existing.basisVersion; }
    : undefined;
  return (await upsert(ctx, cache, type, object.id, body, keepBasisVersion)).outcome;
}

export async function applyLoesche(ctx: ServiceContext, cache: IdentCache, klasse: Klasse, ident: Ident, absent: () => void): Promise<Outcome> {
  const type = KLASSE_TYPES[klasse];
  const uuid = await cache.get(type.table, ident);
  if (!uuid) {
    absent();
    return 'unchanged';
  }
  await removeObject(ctx, type, uuid);
  cache.set(type.table, ident, null);
  return 'deleted';
}
