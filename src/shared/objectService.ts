/**
 * The generic write path of every object type: schema → common rules → (transaction: prepare →
 * domain rules → write → link tables). A rejected write changes nothing.
 */
import { getTableName } from 'drizzle-orm';
import type { Database, Db } from '../db/client';
import {
  deleteObject, getObject, insertObject, insertTombstone, listObjects, pgError, PUBLISHED, updateObject,
  type ObjectWrite, type StoredObject,
} from '../db/objectStore';
import { canonicalArs } from '../gebiet/ars';
import { decide, type Action, type ObjectFacts, type Principal, type Resource } from '../auth/policy';
import { insertAudit } from '../db/accessStore';
import { insertVersion } from '../db/versionStore';
import { AppError, notFound, validationFailed, type ErrorDetail } from './errors';
import type { Content, ObjectType } from './objectType';
import { sameDocument } from './json';
import { commonDocumentProblems } from './text';
import { validateAgainst } from './validation';

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
}

/** Fields a client may send back unchanged from a GET; they are set by the server. */
const ENVELOPE_FIELDS = ['id', 'status', 'version', 'tenant', 'versionsinformation'];

function parseBody<C extends Content>(type: ObjectType<C>, body: unknown): { content: C; xzufiId?: string; schemeAgencyID?: string } {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw validationFailed([{ path: '/', message: 'must be a JSON object' }]);
  }
  const doc = structuredClone(body) as Record<string, unknown>;
  for (const f of ENVELOPE_FIELDS) delete doc[f];
  const details = validateAgainst(type.schemaFile, doc);
  if (details.length > 0) throw validationFailed(details, `The ${type.name} is invalid`);
  const { xzufiId, schemeAgencyID, ...content } = doc;
  return { content: content as C, xzufiId: xzufiId as string | undefined, schemeAgencyID: schemeAgencyID as string | undefined };
}

async function runChecks<C extends Content>(type: ObjectType<C>, db: Db, content: C, existing?: StoredObject): Promise<void> {
  const ctx = { db, existing };
  await type.prepare?.(ctx, content);
  const details: ErrorDetail[] = [...commonDocumentProblems(content), ...await type.check(ctx, content)];
  if (details.length > 0) throw validationFailed(details, `The ${type.name} violates a domain rule`);
}

function toWrite<C extends Content>(type: ObjectType<C>, ctx: ServiceContext, content: C, ids: { uuid?: string; xzufiId: string; schemeAgencyId: string; tenantId: string | null }): ObjectWrite {
  return {
    ...ids,
    content,
    searchText: type.searchText(content),
    ars: [...new Set(type.ars(content).map(canonicalArs))],
    actor: ctx.actor.id,
    columns: type.columns(content),
  };
}

function translateWriteError(type: ObjectType, err: unknown): never {
  const pg = pgError(err);
  if (pg?.code === '23505') {
    if (pg.constraint?.includes('xzufi_id')) {
      throw new AppError('duplicate', `A ${type.name} with this xzufiId and schemeAgencyID exists`, [{ path: '/xzufiId', message: 'is already taken' }]);
    }
    const known = pg.constraint ? type.uniqueConstraints?.[pg.constraint] : undefined;
    if (known) throw new AppError('duplicate', known.message, [{ path: known.path, message: 'is already taken' }]);
    throw new AppError('duplicate', `An identical ${type.name} exists`, [{ path: '/', message: pg.detail ?? 'duplicate' }]);
  }
  if (pg?.code === '23503') {
    throw new AppError('conflict', `A referenced object was removed while the ${type.name} was written; retry`, []);
  }
  throw err;
}

export async function createObject<C extends Content>(ctx: ServiceContext, type: ObjectType<C>, body: unknown): Promise<StoredObject> {
  const { content, xzufiId, schemeAgencyID } = parseBody(type, body);
  try {
    return await (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
      authorize(ctx.actor, 'create', type, factsOfContent(type, content, ctx.actor.tenantId, true));
      await runChecks(type, tx, content);
      const uuid = crypto.randomUUID();
      const write = toWrite(type, ctx, content, {
        uuid,
        xzufiId: xzufiId ?? uuid,
        schemeAgencyId: schemeAgencyID ?? ctx.schemeAgencyId,
        tenantId: ctx.actor.tenantId,
      });
      const row = await insertObject(tx, type.table, write);
      await type.afterWrite?.(tx, row.uuid, content);
      await insertVersion(tx, type.table, row, ctx.comment);
      await audit(tx, ctx, type, 'create', row, null, row.version);
      return row;
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return translateWriteError(type, err);
  }
}

export interface ReplaceResult { object: StoredObject; changed: boolean }

/**
 * Replaces the content. With `expectedVersion` (from If-Match) a stale version is refused with 412;
 * identical content creates no new version.
 */
export async function replaceObject<C extends Content>(ctx: ServiceContext, type: ObjectType<C>, uuid: string, body: unknown, expectedVersion?: number): Promise<ReplaceResult> {
  const { content, xzufiId, schemeAgencyID } = parseBody(type, body);
  try {
    return await (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
      const existing = await getObject(tx, type.table, uuid, { forUpdate: true });
      if (!existing) throw notFound(type.name, uuid);
      authorize(ctx.actor, 'update', type, factsOfRow(existing), uuid);
      authorize(ctx.actor, 'update', type, factsOfContent(type, content, existing.tenantId, existing.status === PUBLISHED), uuid);
      assertVersion(type, existing, expectedVersion);
      await runChecks(type, tx, content, existing);
      const ids = {
        xzufiId: xzufiId ?? existing.xzufiId,
        schemeAgencyId: schemeAgencyID ?? existing.schemeAgencyId,
        tenantId: existing.tenantId,
      };
      if (ids.xzufiId === existing.xzufiId && ids.schemeAgencyId === existing.schemeAgencyId && sameDocument(content, existing.content)) {
        return { object: existing, changed: false };
      }
      const write = toWrite(type, ctx, content, ids);
      // Portals know the object under its old id and territory: tell them it is gone there.
      if (ids.xzufiId !== existing.xzufiId || ids.schemeAgencyId !== existing.schemeAgencyId) {
        await insertTombstone(tx, type.table, existing, 'renamed', ctx.actor.id);
      } else if (!sameSet(existing.ars, write.ars)) {
        await insertTombstone(tx, type.table, existing, 'moved', ctx.actor.id);
      }
      const row = await updateObject(tx, type.table, uuid, existing.version, write);
      if (!row) throw new AppError('precondition_failed', `The ${type.name} was changed meanwhile; reload it`);
      await type.afterWrite?.(tx, uuid, content);
      await insertVersion(tx, type.table, row, ctx.comment);
      await audit(tx, ctx, type, 'update', row, existing.version, row.version);
      await type.afterChange?.(tx, existing, row);
      return { object: row, changed: true };
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    return translateWriteError(type, err);
  }
}

export async function removeObject(ctx: ServiceContext, type: ObjectType, uuid: string, expectedVersion?: number): Promise<void> {
  try {
    await (ctx.tx ?? ctx.database.db).transaction(async (tx) => {
      const existing = await getObject(tx, type.table, uuid, { forUpdate: true });
      if (!existing) throw notFound(type.name, uuid);
      authorize(ctx.actor, 'delete', type, factsOfRow(existing), uuid);
      assertVersion(type, existing, expectedVersion);
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

export function factsOfRow(row: StoredObject): ObjectFacts {
  return { ars: row.ars, tenantId: row.tenantId, leikaKey: (row.leikaKey as string | null | undefined) ?? null, published: row.status === PUBLISHED };
}

function factsOfContent<C extends Content>(type: ObjectType<C>, content: C, tenantId: string | null, published: boolean): ObjectFacts {
  const columns = type.columns(content);
  return { ars: [...new Set(type.ars(content).map(canonicalArs))], tenantId, leikaKey: (columns.leikaKey as string | null | undefined) ?? null, published };
}

/** Throws 401/403/404 unless the policy allows it. */
export function authorize(actor: Actor, action: Action, type: ObjectType, facts: ObjectFacts, id?: string): void {
  const decision = decide(actor, action, type.name as Resource, facts);
  if (decision.ok) return;
  if (decision.status === 404) throw notFound(type.name, id ?? '');
  throw new AppError(decision.status === 401 ? 'unauthenticated' : 'forbidden', decision.message);
}

async function audit(tx: Db, ctx: ServiceContext, type: ObjectType, action: 'create' | 'update' | 'delete', row: Pick<StoredObject, 'uuid' | 'xzufiId' | 'tenantId'>, before: number | null, after: number | null): Promise<void> {
  await insertAudit(tx, {
    actorId: ctx.actor.id,
    actorKind: ctx.actor.kind === 'token' ? 'token' : ctx.actor.kind === 'user' ? 'user' : 'system',
    tenantId: ctx.actor.tenantId,
    objectTable: getTableName(type.table),
    objectUuid: row.uuid,
    xzufiId: row.xzufiId,
    action,
    versionBefore: before,
    versionAfter: after,
  });
}

const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));

function assertVersion(type: ObjectType, existing: StoredObject, expectedVersion?: number): void {
  if (expectedVersion !== undefined && existing.version !== expectedVersion) {
    throw new AppError('precondition_failed', `If-Match names version ${expectedVersion}, but the ${type.name} is at version ${existing.version}`);
  }
}

export async function findObject(database: Database, type: ObjectType, uuid: string, actor: Actor): Promise<StoredObject> {
  const row = await getObject(database.db, type.table, uuid);
  if (!row) throw notFound(type.name, uuid);
  authorize(actor, 'read', type, factsOfRow(row), uuid);
  return row;
}

export { listObjects };
