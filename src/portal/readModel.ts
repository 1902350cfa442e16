/**
 * The portal's copy of what is published, kept in memory by each instance: the search index of
 * the Leistungen, who is responsible for which Leistung where (Zuständigkeiten, the Onlinedienste
 * linked to a Leistung), the local texts by Leistung, and a bounded cache of whole objects. A
 * search or a service page then asks the database for nothing but the objects not in the cache.
 *
 * It follows the published state the way portals do: loaded once from one snapshot, then kept
 * current from the delta feed (src/db/syndicationStore.ts changesSince), whose order never lets a
 * slow commit slip behind its cursor. It looks at the feed when a transaction of this process has
 * ended (what this instance wrote shows at once) and otherwise at most every `syncMs` (what other
 * instances wrote shows within that time). With read replicas (src/db/replicas.ts) it reads there,
 * up to the feed bound the primary named for the replica: then its own writes show after the lag too.
 */
import type { Database } from '../db/client';
import type { ReadRoute } from '../db/feedBound';
import { PUBLISHED, type StoredObject } from '../db/objectStore';
import {
  feedState, inSnapshot, lexemesOfWords, PORTAL_TABLES, portalIndexRows, publishedRows,
  type IndexRows, type LeistungIndexRow, type PortalTable,
} from '../db/portalStore';
import { objectTables } from '../db/schema';
import { changesSince, type ChangeEntry, type ChangePosition } from '../db/syndicationStore';
import { findTenant } from '../tenant/repository';
import type { Lang, LocalText } from './i18n';
import { leistungTitle, teaserSource } from './leistungPage';
import { Responsibilities, specificity, type ResponsibleLabels } from './responsibility';
import { SearchIndex, type Term } from './searchIndex';
import { parseTsvector } from './tsvector';

/** What a result list shows of a Leistung, without its whole content. */
export interface LeistungSummary {
  uuid: string;
  xzufiId: string;
  leika: string | null;
  keys: string[];
  title: Record<Lang, LocalText>;
  /** Plain text to cut short answers from (see teaserSource). */
  teaser: Partial<Record<Lang, string>>;
}

/** Who is responsible for a Leistung at a place: offices most specific first, online services likewise. */
export interface Responsible {
  stellen: StoredObject[];
  onlinedienste: StoredObject[];
}

export interface ReadModelOptions {
  /** How long a change by another instance may take to show (ms). */
  syncMs?: number;
  /** Whole objects kept per table. */
  cached?: Partial<Record<PortalTable, number>>;
  onError?(err: unknown): void;
}

/** Objects per table kept whole: the pages of ~2,000 Leistungen, their local texts, offices and services. */
const CACHED: Record<PortalTable, number> = { leistungen: 2000, spezialisierungen: 2000, organisationseinheiten: 10_000, onlinedienste: 5000, zustaendigkeiten: 0 };
const LOAD_PAGE = 5000;
const FEED_PAGE = 2000;
const TENANT_TTL_MS = 60_000;

class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }
  set(key: string, value: V): void {
    if (this.max <= 0) return;
    this.map.delete(key);
    if (this.map.size >= this.max) this.map.delete(this.map.keys().next().value!);
    this.map.set(key, value);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

function summaryOf(row: LeistungIndexRow): LeistungSummary {
  const c = row.summary;
  const teaser: Partial<Record<Lang, string>> = {};
  for (const lang of ['de', 'en'] as const) {
    const t = teaserSource(c, lang);
    if (t !== undefined) teaser[lang] = t;
  }
  return {
    uuid: row.uuid, xzufiId: row.xzufiId, leika: (c.referenzLeiKa as string[] | undefined)?.[0] ?? null, keys: row.keys,
    title: { de: leistungTitle(c, 'de'), en: leistungTitle(c, 'en') }, teaser,
  };
}

export class PortalReadModel {
  private readonly leistungen = new SearchIndex<LeistungSummary>();
  private readonly responsibilities = new Responsibilities();
  private readonly territoryNumbers = new Map<string, number>();
  private readonly territoryKeys: string[][] = [];
  private readonly objects: Record<PortalTable, Lru<StoredObject>>;
  private readonly lexemes = new Lru<string[]>(10_000);
  private readonly tenantNames = new Map<string, { name: string; until: number }>();
  private readonly syncMs: number;
  private readonly onError: (err: unknown) => void;
  private cursor: ChangePosition | undefined;
  private built: Promise<void> | undefined;
  private pulling: Promise<void> | undefined;
  /** The count of ended transactions (Database.transactionsEnded) when the last look at the feed began. */
  private seenTransactions = -1;
  private lastPull = 0;
  /** The feed's state (feedState) before the last look at it. */
  private lastFeedState: { position: string; writing: boolean } | undefined;
  /** Moves with every change taken in: kept responses and objects loaded before it may be stale. */
  private changes = 0;

  constructor(private readonly database: Database, opts: ReadModelOptions = {}) {
    this.syncMs = opts.syncMs ?? 1000;
    this.onError = opts.onError ?? (() => undefined);
    const sizes = { ...CACHED, ...opts.cached };
    this.objects = Object.fromEntries(PORTAL_TABLES.map((t) => [t, new Lru<StoredObject>(sizes[t])])) as Record<PortalTable, Lru<StoredObject>>;
  }

  /** Changes in the published state the model has taken in: a key for kept responses. */
  get generation(): string {
    return String(this.changes);
  }

  /**
   * Current for this request: loaded, and what transactions of this process wrote taken in. What
   * other instances wrote is looked for in the background at most every syncMs.
   */
  async ready(): Promise<void> {
    this.built ??= this.build().catch((err) => {
      this.built = undefined;
      throw err;
    });
    await this.built;
    const ended = this.database.transactionsEnded();
    while (this.seenTransactions < ended) await this.pull();
    if (Date.now() - this.lastPull > this.syncMs && !this.pulling) this.pull().catch(this.onError);
  }

  /** Loaded, and the feed looked at now (whatever the time since the last look). */
  async refresh(): Promise<void> {
    await this.ready();
    await this.pull();
  }

  private async build(): Promise<void> {
    const ended = this.database.transactionsEnded();
    // On a replica the snapshot holds every change below the bound the primary named for it.
    await this.database.read((route) => inSnapshot(route.db, async (tx, upTo) => {
      for (const table of PORTAL_TABLES) {
        for (let after = 0; ;) {
          const rows = await portalIndexRows(tx, table, { afterSeq: after, limit: LOAD_PAGE });
          for (const row of rows) this.take(table, row.uuid, row);
          if (rows.length < LOAD_PAGE) break;
          after = rows[rows.length - 1]!.seq;
        }
      }
      this.cursor = upTo;
    }, route.bound));
    this.seenTransactions = ended;
    this.lastPull = Date.now();
    this.changes++;
  }

  /** One look at the feed (joined if one is running; the loop in ready() asks again if it began too early). */
  private pull(): Promise<void> {
    this.pulling ??= this.pullFeed().finally(() => { this.pulling = undefined; });
    return this.pulling;
  }

  private async pullFeed(): Promise<void> {
    const ended = this.database.transactionsEnded();
    await this.database.read((route) => this.pullFrom(route));
    this.seenTransactions = Math.max(this.seenTransactions, ended);
    this.lastPull = Date.now();
  }

  private async pullFrom(route: ReadRoute): Promise<void> {
    const { db } = route;
    // On a replica nothing new can be below a bound already read up to; on the primary, see feedState.
    const state = route.fixedBound !== undefined ? { position: `${route.source}:${route.fixedBound}`, writing: false } : await feedState(db);
    const quiet = state.position === this.lastFeedState?.position && !this.lastFeedState.writing;
    this.lastFeedState = state;
    if (quiet) return;
    const tables = PORTAL_TABLES.map((t) => objectTables[t]);
    let taken = 0;
    for (;;) {
      const entries = await changesSince(db, tables, this.cursor, FEED_PAGE, undefined, route.bound);
      if (entries.length === 0) break;
      // The last entry per object tells its state now; the rows are read again in one query per table.
      const latest = new Map<PortalTable, Map<string, ChangeEntry>>();
      for (const e of entries) {
        const table = e.objectTable as PortalTable;
        if (!latest.has(table)) latest.set(table, new Map());
        latest.get(table)!.set(e.uuid, e);
      }
      for (const [table, byUuid] of latest) {
        const live = [...byUuid.values()].filter((e) => e.kind === 'row' && e.status === PUBLISHED).map((e) => e.uuid);
        const rows = new Map((await portalIndexRows(db, table, { uuids: live })).map((r) => [r.uuid, r]));
        for (const uuid of byUuid.keys()) this.take(table, uuid, rows.get(uuid));
      }
      taken += entries.length;
      this.cursor = entries[entries.length - 1]!.position;
      if (entries.length < FEED_PAGE) break;
    }
    if (taken > 0) this.changes++;
  }

  /** Takes the object's published state in, or its removal (row undefined). */
  private take<T extends PortalTable>(table: T, uuid: string, row: IndexRows[T] | undefined): void {
    this.objects[table].delete(uuid);
    switch (table) {
      case 'leistungen': {
        const r = row as LeistungIndexRow | undefined;
        if (r) this.leistungen.upsert(uuid, r.seq, parseTsvector(r.vector), summaryOf(r), this.territory(r.keys));
        else this.leistungen.remove(uuid);
        return;
      }
      default: {
        const other = table as Exclude<PortalTable, 'leistungen'>;
        this.responsibilities.take(other, uuid, row as IndexRows[typeof other] | undefined);
      }
    }
  }

  /** Leistungen share few territories (most are valid in the whole Land): numbered, so that a search tests each once. */
  private territory(keys: string[]): number {
    const key = keys.join(' ');
    let n = this.territoryNumbers.get(key);
    if (n === undefined) {
      n = this.territoryKeys.length;
      this.territoryNumbers.set(key, n);
      this.territoryKeys.push(keys);
    }
    return n;
  }

  // ---------------------------------------------------------------- reading

  leistung(uuid: string): LeistungSummary | undefined {
    return this.leistungen.payload(uuid);
  }

  /**
   * Query words as the database's German configuration reads them, each as a prefix and with
   * its variants; stop words drop out. Words are remembered (one small query for new ones).
   */
  async terms(words: Array<{ word: string; variants: string[] }>): Promise<Term[]> {
    const unknown = [...new Set(words.flatMap((w) => w.variants))].filter((v) => this.lexemes.get(v) === undefined);
    if (unknown.length > 0) for (const [v, lexemes] of await this.database.read((r) => lexemesOfWords(r.db, unknown))) this.lexemes.set(v, lexemes);
    return words
      .map((w) => w.variants.map((v) => this.lexemes.get(v) ?? []).filter((lexemes) => lexemes.length > 0))
      .filter((term) => term.length > 0);
  }

  /** Published Leistungen matching the terms, valid at the place (canonical ARS) if given, best first: how many, and a slice. */
  search(terms: Term[], mode: 'all' | 'any', place: string | undefined, slice: { offset: number; limit: number }): { total: number; hits: Array<{ leistung: LeistungSummary; rank: number }> } {
    const { total, matches } = this.leistungen.search(terms, mode, place ? (t) => specificity(this.territoryKeys[t]!, place) >= 0 : undefined, slice);
    return { total, hits: matches.map((m) => ({ leistung: m.payload, rank: m.score + (m.inTitle ? 1 : 0) })) };
  }

  /** Whole published objects, from the cache or in one query for the others. */
  async objectsOf(table: PortalTable, uuids: string[]): Promise<Map<string, StoredObject>> {
    const cache = this.objects[table];
    const out = new Map<string, StoredObject>();
    const missing = new Set<string>();
    for (const u of uuids) {
      const known = cache.get(u);
      if (known) out.set(u, known);
      else missing.add(u);
    }
    if (missing.size > 0) {
      const before = this.changes;
      const rows = await this.database.read((r) => publishedRows(r.db, table, [...missing]));
      // Read while a change was taken in: perhaps older than it, so used for this request only.
      const keep = this.changes === before;
      for (const r of rows) {
        out.set(r.uuid, r);
        if (keep) cache.set(r.uuid, r);
      }
    }
    return out;
  }

  /** Offices and online services responsible for each Leistung at the place (canonical ARS). */
  async responsibleAt(leistungUuids: string[], place: string): Promise<Map<string, Responsible>> {
    const ids = leistungUuids.map((l) => ({ l, ...this.responsibilities.responsibleIds(l, place) }));
    const [offices, services] = await Promise.all([
      this.objectsOf('organisationseinheiten', ids.flatMap((i) => i.stellen)),
      this.objectsOf('onlinedienste', ids.flatMap((i) => i.onlinedienste)),
    ]);
    const pick = (list: readonly string[], from: Map<string, StoredObject>) => list.map((u) => from.get(u)).filter((o): o is StoredObject => o !== undefined);
    return new Map(ids.map((i) => [i.l, { stellen: pick(i.stellen, offices), onlinedienste: pick(i.onlinedienste, services) }]));
  }

  /** What search results show of the offices and online services responsible for each Leistung at the place (canonical ARS): from memory. */
  responsibleLabelsAt(leistungUuids: string[], place: string): Map<string, ResponsibleLabels> {
    return new Map(leistungUuids.map((l) => [l, this.responsibilities.labelsOf(this.responsibilities.responsibleIds(l, place))]));
  }

  /** The published local texts of the Leistung whose territory contains the place, most specific first. */
  async localisationsAt(leistung: string, place: string): Promise<StoredObject[]> {
    const ids = this.responsibilities.localisationIds(leistung, place);
    const rows = await this.objectsOf('spezialisierungen', ids);
    return ids.map((u) => rows.get(u)).filter((r): r is StoredObject => r !== undefined);
  }

  /** A tenant's name as citizens see it ("Stadt Wanfried"), remembered for a minute. */
  async tenantName(id: string): Promise<string> {
    const known = this.tenantNames.get(id);
    if (known && known.until > Date.now()) return known.name;
    const name = (await this.database.read((r) => findTenant(r.db, id)))?.name ?? id;
    this.tenantNames.set(id, { name, until: Date.now() + TENANT_TTL_MS });
    return name;
  }
}

