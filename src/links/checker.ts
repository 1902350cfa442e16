/**
 * The link checker: finds every http(s) link in Leistungen, Spezialisierungen,
 * Organisationseinheiten and Onlinedienste, checks each URL (HEAD, then GET where HEAD is not
 * answered), and stores the result; editors see the broken links of the objects they keep.
 * Private and loopback addresses are not fetched unless allowed (no probing of the inside network).
 */
import type { Database } from '../db/client';
import { enqueueJob } from '../db/jobStore';
import { objectBatch, pruneLinkUses, recordCheck, replaceLinkUses, urlsDue } from '../db/linkStore';
import { leistungen, onlinedienste, organisationseinheiten, spezialisierungen } from '../db/schema';
import type { JobHandler } from '../jobs/runner';
import { OutboundError, outboundRequest } from '../outbound/request';

const describeError = (err: unknown) => (err instanceof OutboundError && err.code === 'timeout' ? 'timeout' : (err as Error).message);

export const LINK_CHECK = 'links.check';
const LINK_KEYS = new Set(['uri', 'link', 'linkKostenbildung', 'kennung']);
const TABLES = [leistungen, spezialisierungen, organisationseinheiten, onlinedienste];

export interface LinkCheckOptions {
  /** Check a URL again after this long. */
  maxAgeMs?: number;
  timeoutMs?: number;
  concurrency?: number;
  /** URLs checked per run at most. */
  limit?: number;
  allowPrivate?: boolean;
}

/** Every http(s) URL of a document with its JSON pointer. */
export function collectLinks(value: unknown, path = ''): Array<{ url: string; path: string }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => collectLinks(v, `${path}/${i}`));
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) =>
    typeof v === 'string' ? (LINK_KEYS.has(k) && /^https?:\/\/\S+$/.test(v) ? [{ url: v, path: `${path}/${k}` }] : []) : collectLinks(v, `${path}/${k}`));
}

/**
 * Checks a URL through the outbound rules (src/outbound/request.ts): public addresses only unless
 * allowed, redirects followed (each checked) up to five, HEAD first and GET where HEAD is not
 * answered, bodies never read.
 */
export async function checkUrl(url: string, opts: LinkCheckOptions = {}): Promise<{ ok: boolean; status: number | null; error: string | null }> {
  const attempt = async (method: 'HEAD' | 'GET') => (await outboundRequest(url, {
    method, readBody: false, maxRedirects: 5, timeoutMs: opts.timeoutMs ?? 10_000, allowPrivate: opts.allowPrivate, headers: { 'user-agent': 'fim-redaktion-linkcheck' },
  })).status;
  let status: number | null = null;
  let error: string | null = null;
  try {
    status = await attempt('HEAD');
  } catch (err) {
    if (err instanceof OutboundError && (err.code === 'refused_address' || err.code === 'invalid_url')) {
      return { ok: false, status: null, error: err.code === 'refused_address' ? 'private address: not checked' : err.message };
    }
    error = describeError(err);
  }
  // Some servers refuse HEAD (405/501, or 403 from filters): ask with GET before calling it broken.
  if (status === null || status === 405 || status === 501 || status === 403) {
    try {
      status = await attempt('GET');
      error = null;
    } catch (err) {
      error = describeError(err);
    }
  }
  return { ok: status !== null && status < 400, status, error };
}

/** Records where every link is used (full pass, in batches). */
export async function refreshLinkUses(database: Database): Promise<number> {
  let uses = 0;
  for (const table of TABLES) {
    let after = 0;
    for (;;) {
      const rows = await objectBatch(database.db, table, after, 500);
      if (rows.length === 0) break;
      const found = rows.flatMap((r) => collectLinks(r.content).map((l) => ({ ...l, objectUuid: r.uuid })));
      await replaceLinkUses(database.db, table, rows.map((r) => r.uuid), found);
      uses += found.length;
      after = rows[rows.length - 1]!.seq;
    }
  }
  await pruneLinkUses(database.db);
  return uses;
}

/** Checks the URLs that are due, a few at a time; returns how many were checked. */
export async function runLinkCheck(database: Database, opts: LinkCheckOptions = {}): Promise<number> {
  await refreshLinkUses(database);
  const due = await urlsDue(database.db, opts.maxAgeMs ?? 24 * 3_600_000, opts.limit ?? 2000);
  let next = 0;
  const worker = async () => {
    while (next < due.length) {
      const url = due[next++]!;
      const result = await checkUrl(url, opts);
      await recordCheck(database.db, url, result.ok, result.status, result.error);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency ?? 5, due.length) }, worker));
  return due.length;
}

export function linkCheckHandler(opts: LinkCheckOptions): JobHandler {
  return async (_job, { database }) => {
    const checked = await runLinkCheck(database, opts);
    // More due than one run takes: continue soon; otherwise daily.
    const again = checked >= (opts.limit ?? 2000) ? 60 * 60_000 : 24 * 3_600_000;
    await enqueueJob(database.db, { kind: LINK_CHECK, runAt: new Date(Date.now() + again), uniqueKey: LINK_CHECK, maxAttempts: 3 });
  };
}

export async function scheduleLinkCheck(database: Database, at = new Date()): Promise<void> {
  await enqueueJob(database.db, { kind: LINK_CHECK, runAt: at, uniqueKey: LINK_CHECK, maxAttempts: 3 });
}
