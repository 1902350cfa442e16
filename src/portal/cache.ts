/**
 * Rendered portal responses (search results, service pages), kept while the read model
 * (src/portal/readModel.ts) has taken in no change since: its generation is the key's second
 * half. Entries also expire after `ttlMs`, which bounds data the change feed does not cover (a
 * tenant's name). One cache per process, like the read model.
 *
 * A response is kept from the second time it is asked for (as nginx's proxy_cache_min_uses 2):
 * most URLs of a portal are asked for once, and keeping each of them would only push out the
 * ones asked for again and again, and churn memory.
 */

/** Kept as the bytes sent: a kept page is not encoded again for every response. */
type Body = string | Buffer;

interface Entry { body: Body; generation: string; at: number }

export class PortalCache {
  private readonly entries = new Map<string, Entry>();
  /** Keys asked for once, recently. */
  private readonly seen = new Set<string>();

  // 1,000 pages of ~40 KB: a bounded 40 MB, also when every request asks for another URL.
  constructor(private readonly max = 1000, private readonly ttlMs = 60_000, private readonly maxSeen = 10 * max) {}

  get(key: string, generation: string): Body | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || Date.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.body;
  }

  /** Keeps the response if its key was asked for before (see above). */
  set(key: string, generation: string, body: Body): void {
    if (!this.entries.has(key) && !this.seen.has(key)) {
      if (this.seen.size >= this.maxSeen) this.seen.clear();
      this.seen.add(key);
      return;
    }
    this.seen.delete(key);
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { body, generation, at: Date.now() });
  }
}
