/**
 * The editorial workflow of every object type: entwurf → in_pruefung → freigegeben →
 * veroeffentlicht → archiviert, and zurueckgewiesen with a reason (src/auth/policy.ts declares the
 * transitions and who may make them). Publishing passes the quality gate and makes the working
 * version the live one; publishing and archiving can be scheduled (job `workflow.transition`).
 */
import { getTableName } from 'drizzle-orm';
import { decideStep, findTransition, mayStepEver, stepScope, STEPS, systemPrincipal, TRANSITIONS, type Resource, type Status, type Step } from '../auth/policy';
import type { Db } from '../db/client';
import { deleteDraft, getDraft, insertTransition, setDraftStatus, type DraftRow } from '../db/draftStore';
import { cancelJobs, enqueueJob, latestJobs, type JobRow } from '../db/jobStore';
import { PermanentJobError, type JobHandler } from '../jobs/runner';
import { getObject, PUBLISHED, setStatus, type StoredObject } from '../db/objectStore';
import type { Freigabe } from '../db/schema';
import { qualityProblems } from '../quality/gate';
import { findTenant } from '../tenant/repository';
import { AppError, notFound, validationFailed } from '../shared/errors';
import {
  assertVersion, audit, authorize, factsOfContent, factsOfRow, runChecks, seesWorkingVersion, workingOf, writeRow, type ServiceContext,
} from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';
import { documentDiff } from '../shared/diff';

export const SCHEDULED_TRANSITION = 'workflow.transition';

export interface TransitionRequest {
  to: Status;
  /** Why (required when rejecting); recorded in the history. */
  comment?: string;
  /**
   * The reason that lets a publish past the quality gate's overridable problems (a Typisierung
   * that contradicts the LeiKa catalogue); the comment unless given. A scheduled publish carries
   * the planner's comment only, never its own note.
   */
  reason?: string;
  /** Fachliche Freigabe level (approving a Leistung). */
  level?: 'silber' | 'gold';
  /** Publish or archive at this time instead of now. */
  at?: Date;
}

export interface TransitionResult {
  object: StoredObject;
  draft?: DraftRow;
  /** Set when the change was scheduled rather than made. */
  scheduledFor?: Date;
}

/** Schedules are kept per object and target: a new one replaces the earlier. */
const scheduleKey = (uuid: string, to: Status) => `workflow:${uuid}:${to}`;

export async function transition(ctx: ServiceContext, type: ObjectType, uuid: string, req: TransitionRequest, expectedVersion?: number): Promise<TransitionResult> {
  return (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
    const row = await getObject(tx, type.table, uuid, { forUpdate: true });
    if (!row) throw notFound(type.name, uuid);
    authorize(ctx.actor, 'read', type, factsOfRow(row), uuid);
    const resource = type.name as Resource;
    // Rights before anything about the working version (status, version) is told.
    const ever = mayStepEver(ctx.actor, resource);
    if (!ever.ok) throw new AppError(ever.status === 401 ? 'unauthenticated' : 'forbidden', ever.message);
    if (!seesWorkingVersion(ctx.actor, type, row)) {
      // Say which objects the actor's steps cover, as decideStep would for its first step.
      const held = STEPS.find((st) => stepScope(ctx.actor, resource, st) !== undefined)!;
      const decision = decideStep(ctx.actor, held, resource, factsOfRow(row));
      throw new AppError('forbidden', decision.ok ? `The ${resource} is outside what this account may change` : decision.message);
    }
    const draft = await getDraft(tx, uuid, { forUpdate: true });
    const working = workingOf(row, draft);
    assertVersion(type, working.version, expectedVersion);

    const step = stepFor(resource, working.status, req.to);
    for (const facts of [factsOfRow(row), factsOfContent(type, working.content, row.tenantId, row.status === PUBLISHED)]) {
      const decision = decideStep(ctx.actor, step, resource, facts);
      if (!decision.ok) throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', decision.message);
    }
    if (step === 'reject' && !req.comment) throw validationFailed([{ path: '/comment', message: 'a rejection needs a reason' }], 'Say why the version is rejected');
    if (req.level && step !== 'approve') throw validationFailed([{ path: '/level', message: 'only an approval has a level' }]);
    if (req.to === PUBLISHED) await assertQuality(tx, type, uuid, working.content, req.reason ?? req.comment);

    if (req.at && req.at.getTime() > Date.now()) {
      if (step !== 'publish' && step !== 'unpublish') throw validationFailed([{ path: '/at', message: 'only publishing and archiving can be scheduled' }]);
      await cancelJobs(tx, [scheduleKey(uuid, req.to)]);
      await enqueueJob(tx, {
        kind: SCHEDULED_TRANSITION, runAt: req.at, uniqueKey: scheduleKey(uuid, req.to), maxAttempts: 5,
        payload: { type: type.name, uuid, to: req.to, version: working.version, by: ctx.actor.id, comment: req.comment ?? null },
      });
      await audit(tx, ctx, type, 'status', row, working.version, working.version, { from: working.status, to: req.to, scheduledFor: req.at.toISOString() });
      return { object: row, draft, scheduledFor: req.at };
    }

    const result = await apply(tx, ctx, type, row, draft, step, req);
    await insertTransition(tx, {
      objectTable: getTableName(type.table), objectUuid: uuid, version: working.version, fromStatus: working.status, toStatus: req.to,
      comment: req.comment ?? null, level: req.level ?? null, by: ctx.actor.id, scheduledFor: req.at ?? null,
    });
    await audit(tx, ctx, type, 'status', result.object, working.version, result.draft?.version ?? result.object.version, { from: working.status, to: req.to });
    if (step === 'publish' || step === 'unpublish') await cancelJobs(tx, [scheduleKey(uuid, req.to)]);
    return result;
  });
}

function stepFor(resource: Resource, from: Status, to: Status): Step {
  const found = findTransition(resource, from, to);
  if (found) return found.step;
  const allowed = TRANSITIONS.filter((t) => t.from === from && findTransition(resource, t.from, t.to)).map((t) => t.to);
  throw new AppError('invalid_transition', from === to
    ? `The ${resource} is ${from} already`
    : `A ${resource} cannot go from ${from} to ${to}${allowed.length ? `; from ${from} it can go to ${allowed.join(', ')}` : ''}`,
  [{ path: '/to', message: `allowed from ${from}: ${allowed.join(', ') || 'none'}` }]);
}

async function assertQuality(tx: Db, type: ObjectType, uuid: string, content: Record<string, unknown>, reason?: string): Promise<void> {
  const problems = await qualityProblems(tx, type.name, uuid, content, { reason });
  if (problems.length > 0) throw new AppError('quality_gate_failed', `The ${type.name} cannot be published: ${problems.length} quality problem(s)`, problems);
}

async function apply(tx: Db, ctx: ServiceContext, type: ObjectType, row: StoredObject, draft: DraftRow | undefined, step: Step, req: TransitionRequest): Promise<TransitionResult> {
  const actor = ctx.actor.id;
  const tenant = step === 'approve' && ctx.actor.tenantId ? await findTenant(tx, ctx.actor.tenantId) : undefined;
  const freigabe: Freigabe | undefined = step === 'approve'
    ? { by: actor, at: new Date().toISOString(), tenant: ctx.actor.tenantId, ...(tenant ? { tenantName: tenant.name } : {}), ...(req.level ? { level: req.level } : {}) }
    : undefined;
  switch (step) {
    case 'publish':
      if (draft && draft.baseVersion !== row.version) {
        // The live version moved on since the draft was started (an import, another draft published):
        // publishing it would undo that version. The editor compares and saves the draft again.
        throw new AppError('draft_outdated',
          `The draft (version ${draft.version}) was started from version ${draft.baseVersion}, but version ${row.version} is live now; compare them and save the draft again to base it on version ${row.version}`,
          [{ path: '/', message: `based on version ${draft.baseVersion}, live is version ${row.version}` }],
          { comparison: { live: row.version, draft: draft.version, basedOn: draft.baseVersion, ...documentDiff(row.content, draft.content) } });
      }
      if (draft) {
        // The working version becomes the live one, with every rule checked again: what it
        // references may have changed since it was saved.
        const content = structuredClone(draft.content);
        await runChecks(type, tx, content, row);
        const object = await writeRow(tx, ctx, type, row, content, { xzufiId: draft.xzufiId, schemeAgencyId: draft.schemeAgencyId, tenantId: row.tenantId },
          { status: PUBLISHED, version: draft.version, freigabe: draft.freigabe ?? null });
        await deleteDraft(tx, row.uuid);
        return { object };
      }
      {
        const object = (await setStatus(tx, type.table, row.uuid, PUBLISHED, actor, { publish: true, statusComment: null }))!;
        // An archived object edited in place goes live with a new version: localisations hear of it.
        if (row.publishedVersion !== null && row.publishedVersion !== row.version) await type.afterChange?.(tx, { ...row, version: row.publishedVersion }, object);
        return { object };
      }
    case 'unpublish':
      return { object: (await setStatus(tx, type.table, row.uuid, 'archiviert', actor, { statusComment: req.comment ?? null }))!, draft };
    default: {
      const to = req.to as DraftRow['status'];
      const extra = { statusComment: step === 'reject' ? req.comment! : null, ...(freigabe ? { freigabe } : step === 'reject' || step === 'withdraw' ? { freigabe: null } : {}) };
      if (draft) return { object: row, draft: await setDraftStatus(tx, row.uuid, to, actor, extra) };
      return { object: (await setStatus(tx, type.table, row.uuid, to, actor, extra))! };
    }
  }
}

export interface Schedule { at: Date; by: string; state: 'geplant' | 'laeuft' | 'fehlgeschlagen'; error?: string }

/** Scheduled publishing and archiving of this object by target status, and a schedule that failed. */
export async function schedulesOf(db: Db, uuid: string): Promise<Partial<Record<Status, Schedule>>> {
  const jobs = await latestJobs(db, [scheduleKey(uuid, PUBLISHED), scheduleKey(uuid, 'archiviert')]);
  return Object.fromEntries(jobs.filter((j) => j.status !== 'done').map((j: JobRow) => [j.payload.to as Status, {
    at: j.runAt, by: String(j.payload.by),
    state: j.status === 'failed' ? 'fehlgeschlagen' : j.status === 'running' ? 'laeuft' : 'geplant',
    ...(j.status === 'failed' && j.lastError ? { error: j.lastError } : {}),
  }]));
}

/**
 * Runs a scheduled publish or archive as the system, for the version that was scheduled: if the
 * object changed since (a new draft, another status), the job fails with the reason instead of
 * publishing something nobody approved for that time. Claimed with SKIP LOCKED, so it runs once
 * however many instances poll.
 */
export function scheduledTransitionHandler(schemeAgencyId: string, types: readonly ObjectType[]): JobHandler {
  return async (job, { database }) => {
    const p = job.payload as { type: string; uuid: string; to: Status; version: number; by: string; comment: string | null };
    const type = types.find((t) => t.name === p.type);
    if (!type) throw new PermanentJobError(`unknown object type ${p.type}`);
    const ctx: ServiceContext = { database, schemeAgencyId, actor: systemPrincipal(`zeitplan:${p.by}`) };
    try {
      await transition(ctx, type, p.uuid, { to: p.to, at: job.runAt, comment: p.comment ?? `zeitgesteuert, geplant von ${p.by}`, reason: p.comment ?? '' }, p.version);
    } catch (err) {
      if (err instanceof AppError) throw new PermanentJobError(`${err.code}: ${err.message}`);
      throw err;
    }
  };
}

export async function cancelSchedule(ctx: ServiceContext, type: ObjectType, uuid: string, to: Status): Promise<boolean> {
  return (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
    const row = await getObject(tx, type.table, uuid, { forUpdate: true });
    if (!row) throw notFound(type.name, uuid);
    authorize(ctx.actor, 'read', type, factsOfRow(row), uuid);
    const decision = decideStep(ctx.actor, to === PUBLISHED ? 'publish' : 'unpublish', type.name as Resource, factsOfRow(row));
    if (!decision.ok) throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', decision.message);
    return (await cancelJobs(tx, [scheduleKey(uuid, to)])) > 0;
  });
}
