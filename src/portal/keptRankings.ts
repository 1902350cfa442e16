/**
 * Ranked lists of recent searches (src/portal/searchIndex.ts): a query asked for a second time
 * is ranked whole once and kept — popular words are asked again and again, in every place and for
 * every page — until a document changes (the index's version moves). Recent ones first out last,
 * with a bound on the matches all lists hold together.
 */

/** Document numbers best first, with each one's territory (counted without touching the documents), title flag and score. */
export interface RankedList { version: number; order: Int32Array; territory: Int32Array; inTitle: Uint8Array; score: Float64Array }

export class KeptRankings {
  private readonly recent = new Map<string, RankedList>();
  /** How many matches the kept lists hold together. */
  private matches = 0;
  /** Keys asked for once, recently. */
  private readonly askedOnce = new Set<string>();

  constructor(private readonly maxMatches: number, private readonly maxAskedOnce = 10_000) {}

  /**
   * The kept list of the query if it is of this version; else, if the query was asked once
   * before, `rank`s it now and keeps it; else notes the query and answers undefined (rank only
   * the page then).
   */
  get(key: string, version: number, rank: () => RankedList): RankedList | undefined {
    let list = this.recent.get(key);
    if (list && list.version !== version) {
      this.forget(key, list);
      list = undefined;
    }
    if (list) {
      // Most recently asked last: the oldest goes first.
      this.recent.delete(key);
      this.recent.set(key, list);
      return list;
    }
    if (this.askedOnce.has(key)) {
      this.askedOnce.delete(key);
      list = rank();
      while (this.matches + list.order.length > this.maxMatches && this.recent.size > 0) {
        const [oldest, old] = this.recent.entries().next().value!;
        this.forget(oldest, old);
      }
      this.recent.set(key, list);
      this.matches += list.order.length;
      return list;
    }
    if (this.askedOnce.size >= this.maxAskedOnce) this.askedOnce.clear();
    this.askedOnce.add(key);
    return undefined;
  }

  private forget(key: string, list: RankedList): void {
    this.recent.delete(key);
    this.matches -= list.order.length;
  }
}
