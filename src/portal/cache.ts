/**
 * Rendered portal responses (search results, service pages, answers), kept while nothing was
 * published, archived, changed live or deleted since: every such write moves the change sequence
 * (migration 0002), and one look at it (`last_value`, no table read) decides whether a kept
 * response is still current. Entries also expire after `ttlMs`, which bounds what a write
 * committing while a response was being built could leave behind, and data the sequence does not
 * cover (a tenant's name). One cache per process: every instance checks the shared sequence.
 */
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rowsOf } from '../db/objectStore';

interface Entry { body: string; generation: string; at: number }

export class PortalCache {
  private readonly entries = new Map<string, Entry>();

  // 1,000 pages of ~40 KB: a bounded 40 MB, also when every request asks for another URL.
  constructor(private readonly max = 1000, private readonly ttlMs = 60_000) {}

  /** Where the change order stands now. */
  async generation(db: Db): Promise<string> {
    const [row] = rowsOf<{ last_value: string | number; is_called: boolean }>(await db.execute(sql`SELECT last_value, is_called FROM xzufi_change_seq`));
    return `${row!.last_value}:${row!.is_called}`;
  }

  get(key: string, generation: string): string | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generation || Date.now() - entry.at > this.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.body;
  }

  set(key: string, generation: string, body: string): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { body, generation, at: Date.now() });
  }
}
