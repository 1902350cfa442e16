/**
 * The deletion guard of index sources. Candidates are the objects this source wrote that its
 * complete index no longer holds (never objects from anywhere else). They are deleted only when
 * the run is trustworthy — the index is not empty, every listed file was read and applied, and
 * they stay within the source's limit (default 5 % of its objects and 50). Otherwise the run is
 * held: an editor confirms (they are deleted then) or rejects (they stay, no longer the source's).
 */
import { findTenantRow } from '../db/accessStore';
import type { Database } from '../db/client';
import { findObjectByXzufiId, PUBLISHED } from '../db/objectStore';
import type { RunStatus } from '../db/schema';
import { countSourceObjects, findRun, findSource, forgetObjects, listRuns, stillUnseen, unseenObjects, updateRun, type RunRow, type SourceIdentity, type SourceRow } from '../db/sourceStore';
import { AppError, notFound } from '../shared/errors';
import { removeObject } from '../shared/objectService';
import { KLASSE_ORDER, KLASSE_TYPES } from '../syndication/mapping';
import type { Klasse } from '../xzufi/objects';
import type { Principal } from '../auth/policy';
import { sourcePrincipal } from './grant';
import type { RunState } from './pull';

export type HeldReason = 'empty_index' | 'failed_files' | 'over_limit';

export interface Candidate extends SourceIdentity { uuid: string | null; published: boolean }
export interface Deletion extends SourceIdentity { outcome: 'deleted' | 'absent' | 'failed'; message?: string }

/** Shown in a held run at most (all are counted and all are applied on confirmation). */
const LISTED = 5000;

async function describe(database: Database, ids: SourceIdentity[]): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const o of ids.slice(0, LISTED)) {
    const type = KLASSE_TYPES[o.klasse as Klasse];
    const row = type ? await findObjectByXzufiId(database.db, type.table, o.schemeAgencyId, o.xzufiId) : undefined;
    out.push({ ...o, uuid: row?.uuid ?? null, published: row?.status === PUBLISHED });
  }
  return out;
}

export function limitOf(source: SourceRow, total: number): number {
  return Math.min(source.deletionLimitCount, Math.floor((total * source.deletionLimitPercent) / 100));
}

export async function decideDeletions(state: RunState, facts: { emptyIndex: boolean }): Promise<{ status: RunStatus; report: Record<string, unknown> }> {
  const { source, runId, stats, env } = state;
  const candidates = await unseenObjects(env.database.db, source.id, runId);
  const failedFiles = stats.filesFailed > 0;
  const settled: RunStatus = failedFiles || stats.failedObjects > 0 ? 'partial' : 'succeeded';
  if (candidates.length === 0) return { status: settled, report: {} };
  const total = await countSourceObjects(env.database.db, source.id);
  const limit = limitOf(source, total);
  const reason: HeldReason | undefined = facts.emptyIndex ? 'empty_index' : failedFiles ? 'failed_files' : candidates.length > limit ? 'over_limit' : undefined;
  if (reason) {
    stats.held = candidates.length;
    return { status: 'held', report: { heldReason: reason, limit, sourceObjects: total, candidates: await describe(env.database, candidates), candidatesTruncated: candidates.length > LISTED } };
  }
  const deletions = await applyDeletions(env.database, env.schemeAgencyId, source, state.actor, candidates, `Gelöscht durch Quelle ${source.name}: nicht mehr in ihrem Index`);
  stats.deleted += deletions.filter((d) => d.outcome === 'deleted').length;
  return { status: deletions.some((d) => d.outcome === 'failed') ? 'partial' : settled, report: { deletions } };
}

/**
 * Deletes the objects (dependants first), each in its own transaction, and forgets them as the
 * source's. Within a class an object may still be named by another candidate (an office by its
 * sub-offices): what is refused as referenced is tried again after the others, while that helps.
 */
export async function applyDeletions(database: Database, schemeAgencyId: string, source: SourceRow, actor: Principal, ids: SourceIdentity[], comment: string): Promise<Deletion[]> {
  const order = [...KLASSE_ORDER].reverse();
  let pending = [...ids].sort((a, b) => order.indexOf(a.klasse as Klasse) - order.indexOf(b.klasse as Klasse));
  const out: Deletion[] = [];
  for (;;) {
    const again: Array<SourceIdentity & { message: string }> = [];
    for (const o of pending) {
      const type = KLASSE_TYPES[o.klasse as Klasse];
      const row = await findObjectByXzufiId(database.db, type.table, o.schemeAgencyId, o.xzufiId);
      if (!row) {
        await forgetObjects(database.db, source.id, [o]);
        out.push({ ...o, outcome: 'absent' });
        continue;
      }
      try {
        await database.db.transaction(async (tx) => {
          await removeObject({ database, tx, schemeAgencyId, actor, comment }, type, row.uuid);
          await forgetObjects(tx, source.id, [o]);
        });
        out.push({ ...o, outcome: 'deleted' });
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        again.push({ ...o, message: err.message });
      }
    }
    if (again.length === 0 || again.length === pending.length) {
      for (const { message, ...o } of again) out.push({ ...o, outcome: 'failed', message });
      return out;
    }
    pending = again.map(({ message: _m, ...o }) => o);
  }
}

async function heldRun(database: Database, sourceId: string, runId: string): Promise<{ source: SourceRow; run: RunRow }> {
  const source = await findSource(database.db, sourceId);
  const run = source ? await findRun(database.db, sourceId, runId) : undefined;
  if (!source || !run) throw notFound('Run', runId);
  if (run.status !== 'held') throw new AppError('conflict', `The run is ${run.status}, not held for review`);
  const newest = (await listRuns(database.db, sourceId, 1))[0];
  if (newest?.id !== run.id) throw new AppError('conflict', 'A newer run of this source exists; decide on that one');
  return { source, run };
}

/** An editor confirms a held run: its candidates that are still not listed are deleted. */
export async function confirmHeld(database: Database, schemeAgencyId: string, sourceId: string, runId: string, by: Principal): Promise<RunRow> {
  const { source, run } = await heldRun(database, sourceId, runId);
  const tenant = await findTenantRow(database.db, source.tenantId);
  if (!tenant) throw new AppError('conflict', `The tenant ${source.tenantId} the source writes as does not exist`);
  const listed = (run.report.candidates as Candidate[] | undefined) ?? [];
  const all = run.report.candidatesTruncated ? await unseenObjects(database.db, source.id, run.id) : listed;
  const still = await stillUnseen(database.db, source.id, run.id, all.map(({ klasse, schemeAgencyId: s, xzufiId }) => ({ klasse, schemeAgencyId: s, xzufiId })));
  const deletions = await applyDeletions(database, schemeAgencyId, source, sourcePrincipal(source, tenant), still, `Gelöscht durch Quelle ${source.name}, bestätigt von ${by.id}`);
  const stats = { ...run.stats, deleted: (run.stats.deleted ?? 0) + deletions.filter((d) => d.outcome === 'deleted').length };
  await updateRun(database.db, run.id, { status: 'confirmed', decidedBy: by.id, decidedAt: new Date(), stats, report: { ...run.report, deletions } });
  return (await findRun(database.db, sourceId, runId))!;
}

/** An editor rejects a held run: the candidates stay and are no longer counted as the source's. */
export async function rejectHeld(database: Database, sourceId: string, runId: string, by: Principal): Promise<RunRow> {
  const { source, run } = await heldRun(database, sourceId, runId);
  const listed = (run.report.candidates as Candidate[] | undefined) ?? [];
  const all = run.report.candidatesTruncated ? await unseenObjects(database.db, source.id, run.id) : listed;
  await forgetObjects(database.db, source.id, all.map(({ klasse, schemeAgencyId: s, xzufiId }) => ({ klasse, schemeAgencyId: s, xzufiId })));
  await updateRun(database.db, run.id, { status: 'rejected', decidedBy: by.id, decidedAt: new Date() });
  return (await findRun(database.db, sourceId, runId))!;
}
