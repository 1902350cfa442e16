/**
 * The generic write path of every object type: schema → common rules → (transaction: prepare →
 * domain rules → write → link tables). A rejected write changes nothing.
 */
import { getTableName } from 'drizzle-orm';
import type { Database, Db } from '../db/client';
import {
  deleteObject, getObject, insertObject, insertTombstone, listObjects, listObjectsJson, pgError, PUBLISHED, updateObject,
  type ObjectWrite, type StoredObject,
} from '../db/objectStore';
import { canonicalArs, isArsSyntax, padArs } from '../gebiet/ars';
import { decide, decideStep, mayEver, scopeOf, type Action, type ObjectFacts, type Principal, type Resource } from '../auth/policy';
import { insertAudit } from '../db/accessStore';
import { insertVersion } from '../db/versionStore';
import { getDraft, insertTransition, saveDraft, type DraftRow } from '../db/draftStore';
import { qualityReport } from '../quality/gate';
import type { Freigabe, WorkflowStatus } from '../db/schema';
import { AppError, notFound, validationFailed, type ErrorDetail } from './errors';
import type { Content, ObjectType } from './objectType';
import { sameDocument } from './json';
import { commonDocumentProblems } from './text';
import { validateAgainst } from './validation';
import { jsonProblems } from './storable';

/** Who writes: see src/auth/policy.ts. Its id is recorded as created_by / changed_by. */
export type Actor = Principal;

export interface ServiceContext {
  database: Database;
  /** An enclosing transaction: writes then run in a savepoint of it (imports). */
  tx?: Db;
  /** Stored with the version this write creates. */
  comment?: string;
  schemeAgencyId: string;
  actor: Actor;
  /**
   * The write is the live state at once: an XZuFi `schreibe` by an authorised system, the demo
   * seed. Without it a write is a working version that goes live through the workflow
   * (src/workflow/): a new object starts as `entwurf`, and a published one keeps its live version
   * until the edited one is published.
   */
  live?: boolean;
  /**
   * With `live`, the write publishes (an XZuFi import): allowed only where the actor may publish,
   * after the quality gate of a publish, recorded as a transition with this comment.
   */
  publication?: Publication;
}

export interface Publication {
  /** Recorded with the transition, e.g. "Veröffentlicht durch Import (Nachricht …)". */
  comment: string;
  /** The PVOG text rules were applied already (the importer does, reducing HTML with a warning). */
  textRulesChecked?: boolean;
  /** Someone responsible for the Leistung with this id (new ones included) is written in the same message. */
  responsibleInMessage?(uuid: string): boolean;
}

/**
 * A write that publishes: the actor must be allowed the publish step on the object as it is and
 * as it will be, and the content must pass the quality gate of a publish.
 */
export async function assertPublishable<C extends Content>(tx: Db, ctx: ServiceContext, type: ObjectType<C>, existing: StoredObject | undefined, content: C, uuid: string | undefined): Promise<void> {
  const publication = ctx.publication!;
  const resource = type.name as Resource;
  const tenantId = existing?.tenantId ?? ctx.actor.tenantId;
  for (const facts of [...(existing ? [factsOfRow(existing)] : []), factsOfContent(type, content, tenantId, true)]) {
    const decision = decideStep(ctx.actor, 'publish', resource, facts);
    if (!decision.ok) {
      throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', `${decision.message}; import with ?mode=draft to store it as a working version that goes through the workflow`);
    }
  }
  // Overridable problems (contradictions with the bundled catalogue) do not refuse an import: the sending Redaktion decided.
  const { problems } = await qualityReport(tx, type.name, existing ? uuid : undefined, content, {
    textRulesChecked: publication.textRulesChecked, responsibleInMessage: uuid !== undefined && publication.responsibleInMessage?.(uuid),
  });
  if (problems.length > 0) throw new AppError('quality_gate_failed', `The ${type.name} cannot be published: ${problems.length} quality problem(s)`, problems);
}

export function publicationTransition(ctx: ServiceContext, type: ObjectType, uuid: string, version: number, fromStatus: string) {
  return { objectTable: getTableName(type.table), objectUuid: uuid, version, fromStatus, toStatus: PUBLISHED, comment: ctx.publication!.comment, by: ctx.actor.id };
}

/** Fields a client may send back unchanged from a GET; they are set by the server. */
const ENVELOPE_FIELDS = ['id', 'status', 'version', 'tenant', 'versionsinformation', 'freigabe', 'statusKommentar', 'veroeffentlicht', 'geplant'];

/** The version an editor works on: the draft beside a published object, or else the row itself. */
export interface Working {
  version: number;
  status: WorkflowStatus;
  content: Record<string, unknown>;
  xzufiId: string;
  schemeAgencyId: string;
  freigabe: Freigabe | null;
  statusComment: string | null;
  changedAt: Date;
  changedBy: string;
  /** True when this is a draft beside the live row. */
  draft: boolean;
}

export function workingOf(row: StoredObject, draft?: DraftRow): Working {
  if (draft) {
    return {
      version: draft.version, status: draft.status, content: draft.content, xzufiId: draft.xzufiId, schemeAgencyId: draft.schemeAgencyId,
      freigabe: draft.freigabe ?? null, statusComment: draft.statusComment, changedAt: draft.changedAt, changedBy: draft.changedBy, draft: true,
    };
  }
  return {
    version: row.version, status: row.status as WorkflowStatus, content: row.content, xzufiId: row.xzufiId, schemeAgencyId: row.schemeAgencyId,
    freigabe: (row.freigabe as Freigabe | null) ?? null, statusComment: (row.statusComment as string | null) ?? null, changedAt: row.changedAt, changedBy: row.changedBy, draft: false,
  };
}

export function parseBody<C extends Content>(type: ObjectType<C>, body: unknown): { content: C; xzufiId?: string; schemeAgencyID?: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed([{ path: '/', message: 'must be a JSON object' }]);
  }
  // Forms arrive here without the JSON body's guard: texts the database cannot store are refused alike.
  const { tooDeep, texts } = jsonProblems(body);
  if (tooDeep) throw validationFailed([{ path: tooDeep, message: 'nested too deeply' }]);
  if (texts.length > 0) throw validationFailed(texts, 'The body holds text that cannot be stored');
  const doc = structuredClone(body) as Record<string, unknown>;
  for (const f of ENVELOPE_FIELDS) delete doc[f];
  type.normalize?.(doc);
  const details = validateAgainst(type.schemaFile, doc);
  if (details.length > 0) throw validationFailed(details, `The ${type.name} is invalid`);
  const { xzufiId, schemeAgencyID, ...content } = doc;
  return { content: content as C, xzufiId: xzufiId as string | undefined, schemeAgencyID: schemeAgencyID as string | undefined };
}

/**
 * Before any object is looked at: may the actor do this to objects of the type at all? Anonymous
 * callers learn nothing about a body (or an object) before they are told to sign in.
 */
export function authorizeEver(actor: Actor, action: Action, type: ObjectType): void {
  const decision = mayEver(actor, action, type.name as Resource);
  if (!decision.ok) throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', decision.message);
}

/**
 * Objects of a principal with an area (a Kommune, a Landkreis) or a token limit always have a
 * territory inside it: "valid everywhere" is the Landesredaktion's alone. An office without any
 * ARS gets its author's area on its addresses; other types must name their Gebiet.
 */
export function requireTerritory<C extends Content>(actor: Actor, action: Action, type: ObjectType<C>, content: C): void {
  const bound = actor.limit ?? (scopeOf(actor, type.name as Resource, action) === 'area' ? actor.area : null);
  if (bound === null || !type.territoryPath || type.ars(content).length > 0) return;
  if (type.assignTerritory && isArsSyntax(bound)) {
    type.assignTerritory(content, padArs(bound));
    if (type.ars(content).length > 0) return;
  }
  throw validationFailed([{ path: type.territoryPath, message: `is required: name a Gebiet inside ARS ${bound} (only the Landesredaktion keeps objects valid everywhere)` }], `The ${type.name} needs a territory`);
}

export async function runChecks<C extends Content>(type: ObjectType<C>, db: Db, content: C, existing?: StoredObject, known?: ReadonlySet<string>): Promise<void> {
  const ctx = { db, existing, known };
  await type.prepare?.(ctx, content);
  const details: ErrorDetail[] = [...commonDocumentProblems(content), ...await type.check(ctx, content)];
  if (details.length > 0) throw validationFailed(details, `The ${type.name} violates a domain rule`);
}

export function toWrite<C extends Content>(type: ObjectType<C>, ctx: ServiceContext, content: C, ids: { uuid?: string; xzufiId: string; schemeAgencyId: string; tenantId: string | null }, status: WorkflowStatus): ObjectWrite {
  return {
    ...ids,
    status,
    content,
    searchText: type.searchText?.(content),
    ars: [...new Set(type.ars(content).map(canonicalArs))],
    actor: ctx.actor.id,
    columns: type.columns(content, { own: ids.schemeAgencyId === ctx.schemeAgencyId }),
  };
}

/** A database refusal as the client should hear it; a duplicate names the object that holds the value. */
async function translateWriteError<C extends Content>(ctx: ServiceContext, type: ObjectType<C>, content: C | undefined, schemeAgencyId: string | undefined, err: unknown): Promise<never> {
  const pg = pgError(err);
  if (pg?.code === '23505') {
    if (pg.constraint?.includes('xzufi_id')) {
      throw new AppError('duplicate', `A ${type.name} with this xzufiId and schemeAgencyID exists`, [{ path: '/xzufiId', message: 'is already taken' }]);
    }
    const known = pg.constraint ? type.uniqueConstraints?.[pg.constraint] : undefined;
    if (known) {
      const holder = content && known.holder ? await known.holder(ctx.tx ?? ctx.database.db, content, schemeAgencyId ?? ctx.schemeAgencyId).catch(() => undefined) : undefined;
      throw new AppError('duplicate', holder ? `${known.message}: „${holder.name}“` : known.message,
        [{ path: known.path, message: 'is already taken' }], holder ? { holder: { type: type.name, id: holder.uuid, name: holder.name } } : undefined);
    }
    throw new AppError('duplicate', `An identical ${type.name} exists`, [{ path: '/', message: pg.detail ?? 'duplicate' }]);
  }
  if (pg?.code === '23503') {
    throw new AppError('conflict', `A referenced object was removed while the ${type.name} was written; retry`, []);
  }
  throw err;
}

/** `uuid`: the new object's id when the caller chose it; `known`: objects known to exist (see WriteContext). */
export async function createObject<C extends Content>(ctx: ServiceContext, type: ObjectType<C>, body: unknown, opts: { uuid?: string; known?: ReadonlySet<string> } = {}): Promise<StoredObject> {
  authorizeEver(ctx.actor, 'create', type);
  const { content, xzufiId, schemeAgencyID } = parseBody(type, body);
  requireTerritory(ctx.actor, 'create', type, content);
  try {
    return await (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
      authorize(ctx.actor, 'create', type, factsOfContent(type, content, ctx.actor.tenantId, true));
      await runChecks(type, tx, content, undefined, opts.known);
      const uuid = opts.uuid ?? crypto.randomUUID();
      if (ctx.live && ctx.publication) await assertPublishable(tx, ctx, type, undefined, content, uuid);
      const write = toWrite(type, ctx, content, {
        uuid,
        xzufiId: xzufiId ?? uuid,
        schemeAgencyId: schemeAgencyID ?? ctx.schemeAgencyId,
        tenantId: ctx.actor.tenantId,
      }, ctx.live ? PUBLISHED : 'entwurf');
      const row = await insertObject(tx, type.table, write);
      await type.afterWrite?.(tx, row.uuid, content);
      await insertVersion(tx, type.table, row, ctx.comment);
      await audit(tx, ctx, type, 'create', row, null, row.version);
      if (ctx.live && ctx.publication) await insertTransition(tx, publicationTransition(ctx, type, row.uuid, row.version, 'entwurf'));
      return row;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return translateWriteError(ctx, type, content, schemeAgencyID, err);
  }
}

export interface ReplaceResult {
  /** The object row (the live version of a published object). */
  object: StoredObject;
  /** The working version beside it, if there is one. */
  draft?: DraftRow;
  changed: boolean;
}

/**
 * Replaces the content. `expectedVersion` (from If-Match) names the working version the client
 * edited: a stale one is refused with 412. Identical content creates no new version. A published
 * object keeps its live version: the new content becomes its draft (unless `ctx.live`).
 */
export async function replaceObject<C extends Content>(ctx: ServiceContext, type: ObjectType<C>, uuid: string, body: unknown, expectedVersion?: number): Promise<ReplaceResult> {
  authorizeEver(ctx.actor, 'update', type);
  const { content, xzufiId, schemeAgencyID } = parseBody(type, body);
  requireTerritory(ctx.actor, 'update', type, content);
  try {
    return await (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
      const existing = await getObject(tx, type.table, uuid, { forUpdate: true });
      if (!existing) throw notFound(type.name, uuid);
      const draft = await getDraft(tx, uuid, { forUpdate: true });
      authorize(ctx.actor, 'update', type, factsOfRow(existing), uuid);
      authorizeTarget(ctx.actor, type, factsOfContent(type, content, existing.tenantId, existing.status === PUBLISHED));
      const working = workingOf(existing, draft);
      assertVersion(type, working.version, expectedVersion);
      await runChecks(type, tx, content, existing);
      const ids = {
        xzufiId: xzufiId ?? working.xzufiId,
        schemeAgencyId: schemeAgencyID ?? working.schemeAgencyId,
        tenantId: existing.tenantId,
      };
      const nextVersion = Math.max(existing.version, draft?.version ?? 0) + 1;

      if (!ctx.live && (existing.status === PUBLISHED || draft)) {
        // The live version stays as it is; the edit is the working version beside it. Saving a
        // draft again also bases it on the live version of now (after an import replaced it).
        const current = !draft || draft.baseVersion === existing.version;
        if (current && ids.xzufiId === working.xzufiId && ids.schemeAgencyId === working.schemeAgencyId && sameDocument(content, working.content)) {
          return { object: existing, draft, changed: false };
        }
        const saved = await saveDraft(tx, type.table, {
          uuid, version: nextVersion, baseVersion: existing.version, ...ids, content, actor: ctx.actor.id,
        });
        await insertVersion(tx, type.table, { uuid, version: saved.version, schemeAgencyId: saved.schemeAgencyId, xzufiId: saved.xzufiId, status: saved.status, content: saved.content, changedAt: saved.changedAt, changedBy: saved.changedBy }, ctx.comment);
        await audit(tx, ctx, type, 'update', existing, working.version, saved.version);
        return { object: existing, draft: saved, changed: true };
      }

      const status: WorkflowStatus = ctx.live ? PUBLISHED : 'entwurf';
      if (ids.xzufiId === existing.xzufiId && ids.schemeAgencyId === existing.schemeAgencyId && sameDocument(content, existing.content)
        && (!ctx.live || existing.status === PUBLISHED)) {
        return { object: existing, draft, changed: false };
      }
      if (ctx.live && ctx.publication) await assertPublishable(tx, ctx, type, existing, content, uuid);
      const row = await writeRow(tx, ctx, type, existing, content, ids, { status, version: nextVersion });
      await insertVersion(tx, type.table, row, ctx.comment);
      if (ctx.live && ctx.publication) await insertTransition(tx, publicationTransition(ctx, type, uuid, row.version, existing.status));
      return { object: row, draft, changed: true };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return translateWriteError(ctx, type, content, schemeAgencyID, err);
  }
}

/**
 * Writes new content into the object row: tombstones for portals that know it under another id
 * or territory, link tables, audit, and — when a new version goes live — the type's afterChange
 * (master-change notices). Used by replace and by publishing a draft.
 */
export async function writeRow<C extends Content>(
  tx: Db, ctx: ServiceContext, type: ObjectType<C>, existing: StoredObject, content: C,
  ids: { xzufiId: string; schemeAgencyId: string; tenantId: string | null },
  opts: { status: WorkflowStatus; version: number; freigabe?: Freigabe | null },
): Promise<StoredObject> {
  const write = { ...toWrite(type, ctx, content, ids, opts.status), version: opts.version, freigabe: opts.freigabe };
  // Portals know the live object under its old id and territory: tell them it is gone there.
  if (existing.status === PUBLISHED) {
    if (ids.xzufiId !== existing.xzufiId || ids.schemeAgencyId !== existing.schemeAgencyId) {
      await insertTombstone(tx, type.table, existing, 'renamed', ctx.actor.id);
    } else if (!sameSet(existing.ars, write.ars)) {
      await insertTombstone(tx, type.table, existing, 'moved', ctx.actor.id);
    }
  }
  const row = await updateObject(tx, type.table, existing.uuid, existing.version, write);
  if (!row) throw new AppError('precondition_failed', `The ${type.name} was changed meanwhile; reload it`);
  await type.afterWrite?.(tx, existing.uuid, content);
  await audit(tx, ctx, type, 'update', row, existing.version, row.version);
  if (opts.status === PUBLISHED && existing.publishedVersion !== null && existing.publishedVersion !== row.version) {
    await type.afterChange?.(tx, { ...existing, version: existing.publishedVersion }, row);
  }
  return row;
}

export async function removeObject(ctx: ServiceContext, type: ObjectType, uuid: string, expectedVersion?: number): Promise<void> {
  authorizeEver(ctx.actor, 'delete', type);
  try {
    await (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
      const existing = await getObject(tx, type.table, uuid, { forUpdate: true });
      if (!existing) throw notFound(type.name, uuid);
      authorize(ctx.actor, 'delete', type, factsOfRow(existing), uuid);
      assertVersion(type, workingOf(existing, await getDraft(tx, uuid, { forUpdate: true })).version, expectedVersion);
      await deleteObject(tx, type.table, uuid, ctx.actor.id);
      await audit(tx, ctx, type, 'delete', existing, existing.version, null);
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const pg = pgError(err);
    if (pg?.code === '23503') {
      const by = pg.detail?.match(/from table "([a-z_]+)"/)?.[1] ?? pg.table;
      throw new AppError('referenced', `The ${type.name} is still referenced${by ? ` by ${by}` : ''}; remove those references first`, [{ path: '/', message: pg.detail ?? 'still referenced' }]);
    }
    throw err;
  }
}

/** Working versions are for those who could read the object unpublished: its editors and approvers. */
export function seesWorkingVersion(actor: Actor, type: ObjectType, row: StoredObject): boolean {
  return decide(actor, 'read', type.name as Resource, { ...factsOfRow(row), published: false }).ok;
}

export function factsOfRow(row: StoredObject): ObjectFacts {
  return { ars: row.ars, tenantId: row.tenantId, leikaKey: (row.leikaKey as string | null | undefined) ?? null, published: row.status === PUBLISHED };
}

export function factsOfContent<C extends Content>(type: ObjectType<C>, content: C, tenantId: string | null, published: boolean): ObjectFacts {
  const columns = type.columns(content);
  return { ars: [...new Set(type.ars(content).map(canonicalArs))], tenantId, leikaKey: (columns.leikaKey as string | null | undefined) ?? null, published };
}

/**
 * Where the new content puts the object (territory, LeiKa key) must be within the caller's rights
 * too; the caller sees the object, so a refusal is 403, never 404.
 */
export function authorizeTarget(actor: Actor, type: ObjectType, facts: ObjectFacts): void {
  const decision = decide(actor, 'update', type.name as Resource, { ...facts, published: true });
  if (!decision.ok) throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', decision.message);
}

/** Throws 401/403/404 unless the policy allows it. */
export function authorize(actor: Actor, action: Action, type: ObjectType, facts: ObjectFacts, id?: string): void {
  const decision = decide(actor, action, type.name as Resource, facts);
  if (decision.ok) return;
  if (decision.status === 404) throw notFound(type.name, id ?? '');
  throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', decision.message);
}

type AuditAction = 'create' | 'update' | 'delete' | 'status';

export async function audit(tx: Db, ctx: Pick<ServiceContext, 'actor'>, type: ObjectType, action: AuditAction, row: Pick<StoredObject, 'uuid' | 'xzufiId' | 'tenantId'>, before: number | null, after: number | null, detail?: Record<string, unknown>): Promise<void> {
  await insertAudit(tx, auditEntry(ctx, type, action, row, before, after, detail));
}

export function auditEntry(ctx: Pick<ServiceContext, 'actor'>, type: ObjectType, action: AuditAction, row: Pick<StoredObject, 'uuid' | 'xzufiId' | 'tenantId'>, before: number | null, after: number | null, detail?: Record<string, unknown>) {
  return {
    actorId: ctx.actor.id,
    actorKind: ctx.actor.kind === 'token' ? 'token' : ctx.actor.kind === 'user' ? 'user' : 'system',
    tenantId: ctx.actor.tenantId,
    objectTable: getTableName(type.table),
    objectUuid: row.uuid,
    xzufiId: row.xzufiId,
    action,
    versionBefore: before,
    versionAfter: after,
    ...(detail ? { detail } : {}),
  } as const;
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

export function assertVersion(type: ObjectType, current: number, expectedVersion?: number): void {
  if (expectedVersion !== undefined && current !== expectedVersion) {
    throw new AppError('precondition_failed', `If-Match names version ${expectedVersion}, but the ${type.name} is at version ${current}`);
  }
}

export async function findObject(database: Pick<Database, 'db'>, type: ObjectType, uuid: string, actor: Actor): Promise<StoredObject> {
  const row = await getObject(database.db, type.table, uuid);
  if (!row) throw notFound(type.name, uuid);
  authorize(actor, 'read', type, factsOfRow(row), uuid);
  return row;
}

export { listObjects, listObjectsJson };
