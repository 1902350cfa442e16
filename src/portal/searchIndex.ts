/**
 * An inverted index over the search vectors the database computes for published Leistungen
 * (migration 0011: weight A the names, B the synonyms, C teaser and short text, D every other
 * text), held in memory by each instance so that a portal search asks the database nothing.
 *
 * The database still decides what a word is: vectors come as PostgreSQL writes them
 * (`'hund':1A,7 'steuer':2A`), and query words are stemmed by the same German configuration
 * (src/db/portalStore.ts lexemesOfWords). Matching is by prefix, as `hund:*` in a tsquery.
 */

import { KeptRankings, type RankedList } from './keptRankings';
import { scratchOf } from './searchScratch';
import { rankOf, TITLE, type ParsedVector } from './tsvector';

/** A word as the database reads it: all its lexemes must match (most words have one). */
export type Variant = string[];
/** A query word: any of its variants (the spelling typed, and with ae/oe/ue folded). */
export type Term = Variant[];

export interface Match<P> { uuid: string; seq: number; payload: P; inTitle: boolean; score: number }

interface Doc<P> { uuid: string; seq: number; payload: P; postings: number; territory: number }

/**
 * Documents by database id with their lexemes. A changed document gets a new number; the old
 * one is left dead in the posting lists until dead entries are a quarter of all, then the lists
 * are rebuilt.
 */
export class SearchIndex<P> {
  private docs: Array<Doc<P> | undefined> = [];
  private readonly numberOf = new Map<string, number>();
  private readonly lexemeIds = new Map<string, number>();
  private lexemes: string[] = [];
  /** Per lexeme: document numbers and, beside each, mask | count << 4. */
  private postings: number[][] = [];
  /** Lexeme ids in lexeme order, for prefix ranges; rebuilt when new lexemes arrived. */
  private sorted: number[] | undefined;
  private live = 0;
  private dead = 0;
  /** One more than the highest territory number given. */
  private territories = 0;
  /** Each document number's territory, -1 for a removed document: what a search looks at first. */
  private territoryOf: number[] = [];

  get size(): number {
    return this.numberOf.size;
  }

  has(uuid: string): boolean {
    return this.numberOf.has(uuid);
  }

  payload(uuid: string): P | undefined {
    const n = this.numberOf.get(uuid);
    return n === undefined ? undefined : this.docs[n]?.payload;
  }

  /** Adds or replaces a document; `territory` numbers its territory (see Territories) for the search's filter. */
  upsert(uuid: string, seq: number, vector: ParsedVector[], payload: P, territory: number): void {
    this.remove(uuid);
    const n = this.docs.length;
    for (const v of vector) {
      let id = this.lexemeIds.get(v.lexeme);
      if (id === undefined) {
        id = this.lexemes.length;
        this.lexemeIds.set(v.lexeme, id);
        this.lexemes.push(v.lexeme);
        this.postings.push([]);
        this.sorted = undefined;
      }
      const code = v.mask | (Math.min(v.count, 0xfffff) << 4);
      this.postings[id]!.push(n, code);
    }
    this.version++;
    this.docs.push({ uuid, seq, payload, postings: vector.length, territory });
    this.territoryOf[n] = territory;
    if (territory >= this.territories) this.territories = territory + 1;
    this.numberOf.set(uuid, n);
    this.live += vector.length;
  }

  remove(uuid: string): void {
    const n = this.numberOf.get(uuid);
    if (n === undefined) return;
    const doc = this.docs[n]!;
    this.docs[n] = undefined;
    this.territoryOf[n] = -1;
    this.version++;
    this.numberOf.delete(uuid);
    this.live -= doc.postings;
    this.dead += doc.postings;
    if (this.dead > 1000 && this.dead > this.live / 3) this.compact();
  }

  /** Posting lists and numbers without the dead documents. */
  private compact(): void {
    const renumbered = new Int32Array(this.docs.length).fill(-1);
    const docs: Array<Doc<P>> = [];
    this.docs.forEach((doc, old) => {
      if (!doc) return;
      renumbered[old] = docs.length;
      this.numberOf.set(doc.uuid, docs.length);
      docs.push(doc);
    });
    this.docs = docs;
    this.territoryOf = docs.map((d) => d.territory);
    this.version++;
    this.postings = this.postings.map((list) => {
      const kept: number[] = [];
      for (let i = 0; i < list.length; i += 2) {
        const n = renumbered[list[i]!]!;
        if (n >= 0) kept.push(n, list[i + 1]!);
      }
      return kept;
    });
    this.dead = 0;
  }

  /** Lexeme ids starting with the prefix. */
  private range(prefix: string): number[] {
    const sorted = (this.sorted ??= this.lexemes.map((_, i) => i).sort((a, b) => (this.lexemes[a]! < this.lexemes[b]! ? -1 : 1)));
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.lexemes[sorted[mid]!]! < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: number[] = [];
    for (let i = lo; i < sorted.length && this.lexemes[sorted[i]!]!.startsWith(prefix); i++) out.push(sorted[i]!);
    return out;
  }

  // Scratch space of one search, a slot per document number (searches run one at a time: they never wait).
  private scratch = scratchOf(0);

  /** Sorted matches of recent queries, for this state of the index (see search). */
  private readonly kept = new KeptRankings(MAX_KEPT_MATCHES);
  /** Moves with every change of the documents: ranked lists of an older one are stale. */
  private version = 0;

  /**
   * Documents matching every term (`all`) or any (`any`) whose territory is accepted, best first: those
   * whose names or synonyms hold the words (all of them, or any for `any`), then the others; each
   * group by rank (the best weight each word has in the document, more occurrences a little
   * higher), then in insertion order. Returns how many match and the requested slice.
   *
   * A query asked for a second time is ranked whole — among the documents of the territories the
   * place accepts — once and kept for places accepting the same (recent ones, 2 million matches
   * together at most — some 34 MB; until a document changes): popular words are asked again and
   * again, in every place and for every page.
   */
  search(terms: Term[], mode: 'all' | 'any', accept: ((territory: number) => boolean) | undefined, slice: { offset: number; limit: number }): { total: number; matches: Array<Match<P>> } {
    if (terms.length === 0 || terms.length > 16) return { total: 0, matches: [] };
    // Which territories the place accepts, decided once per territory on first sight; with a
    // few territories all at once, and nothing to look at when the place accepts none of them.
    // Kept rankings hold the accepted documents only, by the set of accepted territories: a
    // place is ranked among its own Land's Leistungen, not among all of the Bund's.
    const verdict = accept ? new Int8Array(this.territories) : undefined;
    let accepted = '*';
    if (accept && this.territories <= 4096) {
      const ok: number[] = [];
      for (let t = 0; t < this.territories; t++) {
        if (accept(t)) { verdict![t] = 1; ok.push(t); } else verdict![t] = 2;
      }
      if (ok.length === 0) return { total: 0, matches: [] };
      accepted = ok.length === this.territories ? '*' : ok.join(',');
    }
    const key = `${mode}\u0000${accepted}\u0000${JSON.stringify(terms)}`;
    const filtered = accepted === '*' ? undefined : accept;
    const list = this.kept.get(key, this.version, () => this.rankAll(terms, mode, filtered, verdict));
    if (list) return this.sliceOf(list, accept, verdict, slice);
    return this.rankTop(terms, mode, accept, verdict, slice);
  }

  private sliceOf(list: RankedList, accept: ((territory: number) => boolean) | undefined, verdict: Int8Array | undefined, slice: { offset: number; limit: number }): { total: number; matches: Array<Match<P>> } {
    const matches: Array<Match<P>> = [];
    let total = 0;
    for (let i = 0; i < list.order.length; i++) {
      if (accept && verdict) {
        const t = list.territory[i]!;
        if (verdict[t] === 0) verdict[t] = accept(t) ? 1 : 2;
        if (verdict[t] === 2) continue;
      }
      if (total >= slice.offset && total < slice.offset + slice.limit) {
        const doc = this.docs[list.order[i]!]!;
        matches.push({ uuid: doc.uuid, seq: doc.seq, payload: doc.payload, inTitle: list.inTitle[i] === 1, score: list.score[i]! });
      }
      total++;
    }
    return { total, matches };
  }

  /**
   * Scores every document matching the terms into the scratch space; returns their numbers. With
   * `accept`, documents of territories the place does not accept are passed over (not scored).
   */
  private accumulate(terms: Term[], accept?: (territory: number) => boolean, verdict?: Int8Array): number[] {
    if (this.scratch.size < this.docs.length) this.scratch = scratchOf(Math.max(this.docs.length, this.scratch.size * 2, 1024));
    const s = this.scratch;
    const touched: number[] = [];
    const territoryOf = this.territoryOf;
    const skip = (n: number) => {
      const t = territoryOf[n]!;
      if (t < 0) return true;
      if (!accept || !verdict) return false;
      if (verdict[t] === 0) verdict[t] = accept(t) ? 1 : 2;
      return verdict[t] === 2;
    };
    const fold = (n: number, t: number, mask: number, count: number) => {
      if (s.termsHit[n] === 0) touched.push(n);
      s.termsHit[n]! |= 1 << t;
      s.score[n]! += rankOf(mask, count);
      if (mask & TITLE) s.titleTerms[n]!++;
    };
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      const only = term.length === 1 && term[0]!.length === 1 ? this.range(term[0]![0]!) : undefined;
      if (only?.length === 1) {
        // The usual word: one spelling, one lexeme, each document once in its list.
        const list = this.postings[only[0]!]!;
        for (let i = 0; i < list.length; i += 2) {
          const n = list[i]!;
          if (!skip(n)) fold(n, t, list[i + 1]! & 15, list[i + 1]! >>> 4);
        }
        continue;
      }
      const termDocs: number[] = [];
      for (const variant of term) {
        // A document matches the variant when each of its lexemes matches (as a prefix).
        const variantDocs: number[] = [];
        const full = (1 << variant.length) - 1;
        for (let j = 0; j < variant.length && j < 16; j++) {
          for (const id of this.range(variant[j]!)) {
            const list = this.postings[id]!;
            for (let i = 0; i < list.length; i += 2) {
              const n = list[i]!;
              if (skip(n)) continue;
              const code = list[i + 1]!;
              if (s.lexemeHits[n] === 0) variantDocs.push(n);
              s.lexemeHits[n]! |= 1 << j;
              s.variantMask[n]! |= code & 15;
              s.variantCount[n]! += code >>> 4;
            }
          }
        }
        for (const n of variantDocs) {
          if (s.lexemeHits[n] === full) {
            if (s.termMask[n] === 0) termDocs.push(n);
            s.termMask[n]! |= s.variantMask[n]!;
            s.termCount[n] = Math.max(s.termCount[n]!, s.variantCount[n]!);
          }
          s.lexemeHits[n] = 0;
          s.variantMask[n] = 0;
          s.variantCount[n] = 0;
        }
      }
      for (const n of termDocs) {
        fold(n, t, s.termMask[n]!, s.termCount[n]!);
        s.termMask[n] = 0;
        s.termCount[n] = 0;
      }
    }
    return touched;
  }

  /**
   * After accumulate: whether n matches in the mode; if so its score becomes its sort key, with
   * 1000 added for a title match (a score stays below 16 per word).
   */
  private keyed(terms: Term[], mode: 'all' | 'any', n: number): boolean {
    const s = this.scratch;
    if (mode === 'all' && s.termsHit[n] !== (1 << terms.length) - 1) return false;
    const title = mode === 'all' ? s.titleTerms[n] === terms.length : s.titleTerms[n]! > 0;
    if (title) s.score[n]! += 1000;
    return true;
  }

  private clear(touched: number[]): void {
    const s = this.scratch;
    for (const n of touched) { s.termsHit[n] = 0; s.titleTerms[n] = 0; s.score[n] = 0; }
  }

  private readonly before = (a: number, b: number) => this.scratch.score[b]! - this.scratch.score[a]! || this.docs[a]!.seq - this.docs[b]!.seq;

  /** The first offset + limit in one pass while counting (a page shows twenty of maybe half of all Leistungen); deep pages sort all. */
  private rankTop(terms: Term[], mode: 'all' | 'any', accept: ((territory: number) => boolean) | undefined, verdict: Int8Array | undefined, slice: { offset: number; limit: number }): { total: number; matches: Array<Match<P>> } {
    // Only documents the place accepts are scored: the territory is not looked at again.
    const touched = this.accumulate(terms, accept, verdict);
    const s = this.scratch;
    const before = this.before;
    const k = slice.offset + slice.limit;
    const top: number[] = [];
    let total = 0;
    for (const n of touched) {
      if (!this.keyed(terms, mode, n)) continue;
      total++;
      if (k > 64) { top.push(n); continue; }
      if (top.length === k && before(n, top[k - 1]!) >= 0) continue;
      let i = top.length === k ? k - 1 : top.length;
      while (i > 0 && before(n, top[i - 1]!) < 0) { top[i] = top[i - 1]!; i--; }
      top[i] = n;
    }
    if (k > 64) top.sort(before);
    const matches = top.slice(slice.offset, k).map((n) => {
      const doc = this.docs[n]!;
      const title = s.score[n]! >= 1000;
      return { uuid: doc.uuid, seq: doc.seq, payload: doc.payload, inTitle: title, score: s.score[n]! - (title ? 1000 : 0) };
    });
    this.clear(touched);
    return { total, matches };
  }

  /** Every match in the accepted territories (all without `accept`), best first. */
  private rankAll(terms: Term[], mode: 'all' | 'any', accept?: (territory: number) => boolean, verdict?: Int8Array): RankedList {
    const touched = this.accumulate(terms, accept, verdict);
    const s = this.scratch;
    const found: number[] = [];
    for (const n of touched) if (this.keyed(terms, mode, n)) found.push(n);
    found.sort(this.before);
    const list: RankedList = {
      version: this.version, order: Int32Array.from(found), territory: Int32Array.from(found, (n) => this.docs[n]!.territory),
      inTitle: new Uint8Array(found.length), score: new Float64Array(found.length),
    };
    found.forEach((n, i) => {
      const title = s.score[n]! >= 1000;
      list.inTitle[i] = title ? 1 : 0;
      list.score[i] = s.score[n]! - (title ? 1000 : 0);
    });
    this.clear(touched);
    return list;
  }
}

/** Matches the kept ranked lists hold together at most (some 34 MB). */
const MAX_KEPT_MATCHES = 2_000_000;
