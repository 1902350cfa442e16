/**
 * One run of a source: fetch what it serves, put every file or page through the import pipeline
 * of a push (its own transaction each, in partial mode: one bad object or file fails alone), and
 * record which objects the source wrote. An `index` run is the source's complete state: what it
 * wrote before and no longer lists is deleted — unless the deletion guard holds the run for an
 * editor's review (src/sources/guard.ts). `delta` and `bereitstelldienst` runs follow a cursor that
 * is written in the transaction of the page it follows.
 */
import type { Logger } from 'pino';
import { findTenantRow } from '../db/accessStore';
import type { Database, Db } from '../db/client';
import {
  fileStates, forgetFiles, forgetObjects, insertRun, markFileSeen, markSeen, recordObjects, runsInState, saveFileState,
  sourceIdentities, updateRun, updateSource, type RunRow, type SourceIdentity, type SourceRow,
} from '../db/sourceStore';
import { claimSourceRun, findSource, releaseSourceRun } from '../db/sourceStore';
import type { RunStats, RunStatus } from '../db/schema';
import { ImportRefused, importXzufi, type ImportOutcome, type ImportReport } from '../syndication/importer';
import type { SchemaValidator } from '../xzufi/schemaValidator';
import { CredentialsUnreadable, openCredentials, type CredentialsKey } from './credentials';
import { SourceFetcher, SourceFetchError } from './fetcher';
import { admission, identityKey, sourcePrincipal } from './grant';
import { decideDeletions } from './guard';
import type { Principal } from '../auth/policy';

export interface PullEnv {
  database: Database;
  validator: SchemaValidator;
  schemeAgencyId: string;
  credentialsKey: CredentialsKey | undefined;
  allowPrivate: boolean;
  timeoutMs: number;
  maxBytes: number;
  /** How long a run's claim on its source holds without renewal (JOB_LEASE_MS). */
  leaseMs: number;
  logger?: Logger;
}

/** The source is being run elsewhere (another instance, the command line). */
export class SourceBusy extends Error {}

export interface FileResult {
  path: string;
  status: 'applied' | 'partially_applied' | 'unchanged' | 'refused' | 'fetch_failed';
  code?: string;
  message?: string;
  counts?: Record<string, number>;
  problems?: Array<{ line?: number | null; klasse?: string; id?: string; path?: string; message: string }>;
}

export type Stats = RunStats;

export interface RunState {
  source: SourceRow;
  runId: string;
  actor: Principal;
  fetcher: SourceFetcher;
  stats: Stats;
  files: FileResult[];
  own: Set<string>;
  env: PullEnv;
}

const emptyStats = (): Stats => ({ filesListed: 0, filesFetched: 0, filesUnchanged: 0, filesFailed: 0, pages: 0, created: 0, updated: 0, unchanged: 0, deleted: 0, held: 0, failedObjects: 0, bytes: 0, requests: 0, durationMs: 0 });
const PROBLEMS_PER_FILE = 20;
const MAX_PAGES = 100_000;

const ident = (i: { klasse: string; id: { schemeAgencyID: string; id: string } }): SourceIdentity => ({ klasse: i.klasse, schemeAgencyId: i.id.schemeAgencyID, xzufiId: i.id.id });

/** Runs the source now (the caller holds its job); returns the finished run. */
export async function runSource(env: PullEnv, sourceId: string, trigger: string): Promise<RunRow> {
  const db = env.database.db;
  const source = await findSource(db, sourceId);
  if (!source) throw new Error(`source ${sourceId} does not exist`);
  const holder = `${process.pid}:${crypto.randomUUID()}`;
  if (!(await claimSourceRun(db, source.id, holder, env.leaseMs))) throw new SourceBusy(`${source.name} is being run elsewhere right now`);
  const renew = setInterval(() => { claimSourceRun(db, source.id, holder, env.leaseMs).catch(() => undefined); }, Math.max(250, env.leaseMs / 3));
  renew.unref();
  try {
    return await runClaimed(env, source, trigger);
  } finally {
    clearInterval(renew);
    await releaseSourceRun(db, source.id, holder).catch(() => undefined);
  }
}

async function runClaimed(env: PullEnv, source: SourceRow, trigger: string): Promise<RunRow> {
  const db = env.database.db;
  // A run left running was cut off (its instance stopped): what it committed stays, the rest is done now.
  for (const stale of await runsInState(db, source.id, ['running'])) await updateRun(db, stale.id, { status: 'interrupted', finishedAt: new Date() });
  const runId = crypto.randomUUID();
  const started = Date.now();
  await insertRun(db, { id: runId, sourceId: source.id, status: 'running', trigger, stats: emptyStats() });
  const stats = emptyStats();
  const report: Record<string, unknown> = {};
  let status: RunStatus = 'succeeded';
  let state: RunState | undefined;
  try {
    const tenant = await findTenantRow(db, source.tenantId);
    if (!tenant) throw new SourceFetchError('tenant_missing', `the tenant ${source.tenantId} the source writes as does not exist`);
    const credentials = openCredentials(env.credentialsKey, source.id, source.credentials);
    const fetcher = new SourceFetcher(new URL(source.url).origin, credentials, { timeoutMs: env.timeoutMs, maxBytes: env.maxBytes, allowPrivate: env.allowPrivate });
    const own = new Set((await sourceIdentities(db, source.id)).map((o) => identityKey(o.klasse, o.schemeAgencyId, o.xzufiId)));
    state = { source, runId, actor: sourcePrincipal(source, tenant), fetcher, stats, files: [], own, env };
    if (source.kind === 'index') {
      const outcome = await pullIndex(state);
      status = outcome.status;
      Object.assign(report, outcome.report);
    } else {
      await pullPages(state);
      status = stats.filesFailed > 0 || stats.failedObjects > 0 ? 'partial' : 'succeeded';
    }
  } catch (err) {
    if (!(err instanceof SourceFetchError || err instanceof CredentialsUnreadable || err instanceof ImportRefused)) {
      env.logger?.error({ err, source: source.id }, 'source run failed');
      report.error = { code: 'internal_error', message: 'The run failed unexpectedly; it has been logged' };
    } else {
      report.error = { code: err instanceof SourceFetchError ? err.code : err instanceof ImportRefused ? err.code : 'credentials_unreadable', message: err.message };
    }
    status = 'failed';
  }
  if (state) {
    stats.bytes = state.fetcher.bytes;
    stats.requests = state.fetcher.requests;
  }
  stats.durationMs = Date.now() - started;
  report.files = (state?.files ?? []).filter((f) => f.status !== 'unchanged' && f.status !== 'applied').concat((state?.files ?? []).filter((f) => f.status === 'applied').slice(0, 200));
  // A newer complete run replaces an older one held for review (its candidates were computed anew).
  if (status !== 'failed') {
    for (const held of await runsInState(db, source.id, ['held'])) if (held.id !== runId) await updateRun(db, held.id, { status: 'superseded', finishedAt: held.finishedAt ?? new Date() });
  }
  await updateRun(db, runId, { status, stats, report, finishedAt: new Date() });
  return { id: runId, sourceId: source.id, status, trigger, startedAt: new Date(started), finishedAt: new Date(), stats, report, decidedBy: null, decidedAt: null };
}

function addCounts(stats: Stats, report: ImportReport): Record<string, number> {
  const sum: Record<string, number> = { created: 0, updated: 0, unchanged: 0, deleted: 0, failed: 0 };
  for (const c of Object.values(report.counts)) for (const [k, v] of Object.entries(c)) sum[k] = (sum[k] ?? 0) + v;
  stats.created += sum.created!;
  stats.updated += sum.updated!;
  stats.unchanged += sum.unchanged!;
  stats.deleted += sum.deleted!;
  stats.failedObjects += sum.failed!;
  return sum;
}

const problemsOf = (report: ImportReport) => report.errors.slice(0, PROBLEMS_PER_FILE).map((p) => ({ line: p.line, klasse: p.klasse, id: p.id, path: p.path, message: p.message }));

/**
 * Imports one file or page. `file`: the index line it came from (index sources); `after`: what
 * else belongs in the same transaction (a cursor). Returns the report, or the refusal.
 */
async function importOne(state: RunState, body: Buffer, file: string | null, after?: (tx: Db) => Promise<void>): Promise<{ report?: ImportReport; refused?: ImportRefused; incomplete: boolean }> {
  const { source, runId, env } = state;
  let incomplete = false;
  const beforeCommit = async (tx: Db, outcome: ImportOutcome) => {
    // Objects that could not be decoded have no identity: keep everything this file held before.
    if (outcome.undecoded > 0 && file) {
      incomplete = true;
      await markFileSeen(tx, source.id, runId, file);
    }
    const written = outcome.items.filter((i) => i.op === 'schreibe' && !i.failed && !i.skipped).map(ident);
    const failed = outcome.items.filter((i) => i.op === 'schreibe' && i.failed).map(ident);
    const deleted = outcome.items.filter((i) => i.op === 'loesche' && !i.failed && !i.skipped).map(ident);
    await recordObjects(tx, source.id, runId, file, written);
    await markSeen(tx, source.id, runId, failed);
    await forgetObjects(tx, source.id, deleted);
    await after?.(tx);
    // The transaction commits after this: remember the identities for the next file's checks.
    for (const o of written) state.own.add(identityKey(o.klasse, o.schemeAgencyId, o.xzufiId));
  };
  try {
    const report = await importXzufi(env.database, body, {
      mode: 'partial', target: source.target, actor: state.actor, schemeAgencyId: env.schemeAgencyId, validator: env.validator,
      admit: admission(source, state.own), beforeCommit, maxProblems: 200,
    });
    return { report, incomplete };
  } catch (err) {
    if (err instanceof ImportRefused) return { refused: err, incomplete: true };
    throw err;
  }
}

/** index.txt lines: one file per line, relative to the index; blank lines and # comments ignored. */
export function indexLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

async function pullIndex(state: RunState): Promise<{ status: RunStatus; report: Record<string, unknown> }> {
  const { source, runId, fetcher, stats, env } = state;
  const db = env.database.db;
  const previous = source.indexState;
  const index = await fetcher.get(source.url, { accept: 'text/plain', maxBytes: 16 * 1024 * 1024, validators: previous ? { etag: previous.etag ?? null, lastModified: previous.lastModified ?? null } : undefined });
  const lines = index.status === 304 && previous ? previous.lines : indexLines(index.body.toString('utf8'));
  if (index.status === 200) await updateSource(db, source.id, { indexState: { ...(index.etag ? { etag: index.etag } : {}), ...(index.lastModified ? { lastModified: index.lastModified } : {}), lines } });
  stats.filesListed = lines.length;
  const validators = await fileStates(db, source.id);
  for (const line of lines) {
    const result: FileResult = { path: line, status: 'applied' };
    state.files.push(result);
    let url: string;
    try {
      url = new URL(line, source.url).toString();
      const known = validators.get(line);
      const fetched = await fetcher.get(url, { validators: known });
      if (fetched.status === 304) {
        result.status = 'unchanged';
        stats.filesUnchanged++;
        await markFileSeen(db, source.id, runId, line);
        continue;
      }
      stats.filesFetched++;
      const { report, refused, incomplete } = await importOne(state, fetched.body, line);
      if (refused) {
        Object.assign(result, { status: 'refused', code: refused.code, message: refused.message, problems: refused.problems.slice(0, PROBLEMS_PER_FILE).map((p) => ({ line: p.line, message: p.message })) });
        stats.filesFailed++;
        await markFileSeen(db, source.id, runId, line);
        await saveFileState(db, source.id, line, null, null);
        continue;
      }
      result.counts = addCounts(stats, report!);
      result.status = report!.status === 'applied' ? 'applied' : 'partially_applied';
      if (result.status !== 'applied') result.problems = problemsOf(report!);
      if (incomplete) stats.filesFailed++;
      // Only a file that applied cleanly is taken as known: another one is fetched whole next time.
      await saveFileState(db, source.id, line, result.status === 'applied' ? fetched.etag : null, result.status === 'applied' ? fetched.lastModified : null);
    } catch (err) {
      if (!(err instanceof SourceFetchError)) throw err;
      Object.assign(result, { status: 'fetch_failed', code: err.code, message: err.message });
      stats.filesFailed++;
      await markFileSeen(db, source.id, runId, line);
    }
  }
  await forgetFiles(db, source.id, lines);
  return decideDeletions(state, { emptyIndex: lines.length === 0 });
}

/** delta (our /xzufi/v1/changes and its like) and bereitstelldienst (the PVOG JSON envelope): page by page. */
async function pullPages(state: RunState): Promise<void> {
  const { source, fetcher, stats, env } = state;
  let cursor = source.cursor;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { xml, next, complete } = source.kind === 'delta' ? await deltaPage(fetcher, source.url, cursor) : await envelopePage(fetcher, source, cursor);
    stats.pages++;
    const result: FileResult = { path: cursor ?? '(start)', status: 'applied' };
    const saveCursor = (tx: Db) => updateSource(tx, source.id, { cursor: next });
    if (xml) {
      const { report, refused } = await importOne(state, xml, null, saveCursor);
      if (refused) {
        // The cursor stays before the page: it is read again on the next run, after the source fixed it.
        state.files.push({ ...result, status: 'refused', code: refused.code, message: refused.message, problems: refused.problems.slice(0, PROBLEMS_PER_FILE).map((p) => ({ line: p.line, message: p.message })) });
        stats.filesFailed++;
        return;
      }
      result.counts = addCounts(stats, report!);
      if (report!.status !== 'applied') state.files.push({ ...result, status: 'partially_applied', problems: problemsOf(report!) });
      stats.filesFetched++;
    } else if (next !== cursor) {
      await saveCursor(env.database.db);
    }
    if (complete) return;
    if (next === cursor) throw new SourceFetchError('no_progress', 'the source sent the same position again without saying the feed is complete');
    cursor = next;
  }
}

async function deltaPage(fetcher: SourceFetcher, base: string, cursor: string | null): Promise<{ xml: Buffer | undefined; next: string; complete: boolean }> {
  const url = new URL(base);
  if (cursor) url.searchParams.set('since', cursor);
  if (!url.searchParams.has('limit')) url.searchParams.set('limit', '500');
  const res = await fetcher.get(url.toString());
  const next = res.headers['xzufi-next-cursor'];
  if (typeof next !== 'string' || next === '') throw new SourceFetchError('bad_feed', 'the feed sent no XZuFi-Next-Cursor header');
  const complete = res.headers['xzufi-complete'] === 'true';
  // A page that holds no schreibe or loesche only moves the cursor.
  const holds = /<(?:[A-Za-z_][\w.-]*:)?(?:schreibe|loesche)[\s/>]/.test(res.body.toString('utf8'));
  return { xml: holds ? res.body : undefined, next, complete };
}

async function envelopePage(fetcher: SourceFetcher, source: SourceRow, cursor: string | null): Promise<{ xml: Buffer | undefined; next: string; complete: boolean }> {
  const url = cursor ?? source.url;
  const res = await fetcher.get(url, { accept: 'application/json' });
  let body: { xzufiObjekte?: unknown; vollstaendig?: unknown; naechsterIndex?: unknown; naechsteAnfrageUrl?: unknown };
  try {
    body = JSON.parse(res.body.toString('utf8')) as typeof body;
  } catch {
    throw new SourceFetchError('bad_envelope', 'the answer is not JSON of the Bereitstelldienst ({xzufiObjekte, vollstaendig, naechsterIndex, naechsteAnfrageUrl})');
  }
  if (typeof body !== 'object' || body === null || typeof body.vollstaendig !== 'boolean' || (body.xzufiObjekte != null && typeof body.xzufiObjekte !== 'string')) {
    throw new SourceFetchError('bad_envelope', 'the envelope needs vollstaendig (true/false) and xzufiObjekte (XML as a string, or null)');
  }
  let next = url;
  if (typeof body.naechsteAnfrageUrl === 'string' && body.naechsteAnfrageUrl !== '') {
    next = new URL(body.naechsteAnfrageUrl, url).toString();
    if (new URL(next).origin !== new URL(source.url).origin) throw new SourceFetchError('foreign_origin', `naechsteAnfrageUrl ${next} leaves the source's origin; it is not followed`);
  } else if (!body.vollstaendig) {
    throw new SourceFetchError('bad_envelope', 'an incomplete envelope (vollstaendig: false) needs naechsteAnfrageUrl');
  }
  const xml = typeof body.xzufiObjekte === 'string' && body.xzufiObjekte.trim() !== '' ? Buffer.from(body.xzufiObjekte, 'utf8') : undefined;
  return { xml, next, complete: body.vollstaendig };
}
