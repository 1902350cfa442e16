/**
 * REST routes of one object type: list, get, create, replace, delete. Every route reads as
 * parameters → service → presenter; the service holds the rules.
 */
import { getTableName } from 'drizzle-orm';
import { Router, type Request, type Response } from 'express';
import { PORTAL_TABLES, type PortalTable } from '../db/portalStore';
import { decide, STATUSES, visibilityOf, type Principal, type Resource, type Status, type Visibility } from '../auth/policy';
import { draftsByUuid, getDraft, listTransitions } from '../db/draftStore';
import { PUBLISHED, type StoredObject } from '../db/objectStore';
import { statusIs, visibleWhere } from '../db/visibility';
import { findVersion, listVersions, type VersionRow } from '../db/versionStore';
import { documentDiff } from '../shared/diff';
import { qualityReport } from '../quality/gate';
import { createObject, factsOfRow, findObject, seesWorkingVersion, listObjects, listObjectsJson, removeObject, replaceObject, workingOf, type ServiceContext } from '../shared/objectService';
import { cancelSchedule, schedulesOf, transition } from '../workflow/workflow';
import { AppError, notFound } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { etagOf, presentObject, presentObjectJson, versionFromIfMatch } from '../shared/presenter';
import { isUuid } from '../shared/references';
import { normaliseArsPrefix } from '../gebiet/ars';
import type { AppDeps } from './deps';
import { decodeCursor, encodeCursor, parseLimit, queryParams } from './pagination';
import { requireJson } from './middleware';

function serviceContext(deps: AppDeps, req: Request, res: Response): ServiceContext {
  const comment = typeof req.query.comment === 'string' ? req.query.comment.trim() : undefined;
  if (comment !== undefined && comment.length > 1000) throw new AppError('invalid_parameter', 'comment may have at most 1,000 characters', [{ path: 'query.comment', message: 'too long' }]);
  return { database: deps.database, schemeAgencyId: deps.config.schemeAgencyId, actor: res.locals.actor, comment: comment || undefined };
}

function versionParam(raw: unknown, name: string): number {
  const value = String(raw ?? '');
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new AppError('invalid_parameter', `${name} must be a version number`, [{ path: name, message: 'must be a positive integer' }]);
  return Number(value);
}

const presentVersion = (v: Omit<VersionRow, 'content'>) => ({
  version: v.version, status: v.status, xzufiId: v.xzufiId, schemeAgencyID: v.schemeAgencyId,
  geaendertDatumZeit: v.createdAt.toISOString(), geaendertDurch: v.createdBy, comment: v.comment,
});

/**
 * The version the client edited, from If-Match. Required: a write without it could overwrite a
 * change the client never saw (lost update), so it gets 428; `*` does not count.
 */
function expectedVersion(req: Request): number {
  const v = optionalExpectedVersion(req);
  if (v === undefined) {
    throw new AppError('precondition_required', 'Send If-Match with the ETag of the version you edited (lost-update protection)', [{ path: 'header.If-Match', message: 'is required' }]);
  }
  return v;
}

function optionalExpectedVersion(req: Request): number | undefined {
  const v = versionFromIfMatch(req.get('if-match'));
  if (v === 'invalid') throw new AppError('invalid_parameter', 'If-Match must be an ETag from a previous response', [{ path: 'header.If-Match', message: 'malformed' }]);
  return v;
}


function parseTransition(body: unknown): { to: Status; comment?: string; level?: 'silber' | 'gold'; at?: Date } {
  const b = (body && typeof body === 'object' && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const details = [];
  for (const key of Object.keys(b)) if (!['to', 'comment', 'level', 'at'].includes(key)) details.push({ path: `/${key}`, message: 'unknown field' });
  if (typeof b.to !== 'string' || !(STATUSES as readonly string[]).includes(b.to)) details.push({ path: '/to', message: `must be one of ${STATUSES.join(', ')}` });
  if (b.comment !== undefined && (typeof b.comment !== 'string' || b.comment.length > 2000)) details.push({ path: '/comment', message: 'must be a text of at most 2,000 characters' });
  if (b.level !== undefined && b.level !== 'silber' && b.level !== 'gold') details.push({ path: '/level', message: 'must be silber or gold' });
  let at: Date | undefined;
  if (b.at !== undefined) {
    at = typeof b.at === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(b.at) ? new Date(b.at) : undefined;
    if (!at || Number.isNaN(at.getTime())) details.push({ path: '/at', message: 'must be a date-time with offset (RFC 3339)' });
  }
  if (details.length > 0) throw new AppError('validation_failed', 'The transition request is invalid', details);
  const comment = typeof b.comment === 'string' && b.comment.trim() ? b.comment.trim() : undefined;
  return { to: b.to as Status, comment, level: b.level as 'silber' | 'gold' | undefined, at };
}

/** Readers that see nothing but published versions (anonymous callers, portal tokens). */
const publishedOnly = (v: Visibility) => v.scope === undefined || v.scope === 'published';

function uuidParam(type: ObjectType, req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw notFound(type.name, id);
  return id.toLowerCase();
}

export function objectRouter(type: ObjectType, deps: AppDeps): Router {
  const portalTable = (PORTAL_TABLES as string[]).includes(getTableName(type.table)) ? getTableName(type.table) as PortalTable : undefined;
  /**
   * An object for a reader of published content only: from the portal's read model when it holds
   * it (current with this instance's writes, with other instances' within PORTAL_SYNC_MS), else
   * from the database (on a replica when there is one), which also gives the refusals.
   */
  async function publishedRow(actor: Principal, id: string): Promise<StoredObject> {
    if (deps.portal && portalTable) {
      const row = await deps.portal.ready().then(() => deps.portal!.objectsOf(portalTable, [id])).then((m) => m.get(id), () => undefined);
      if (row && decide(actor, 'read', type.name as Resource, factsOfRow(row)).ok) return row;
    }
    return deps.database.read((r) => findObject(r, type, id, actor));
  }

  const router = Router();
  const filterNames = Object.keys(type.filters ?? {});

  router.get('/', async (req, res) => {
    const params = queryParams(req.query, ['limit', 'cursor', 'ars', 'q', 'status', ...filterNames]);
    const limit = parseLimit(params.limit);
    const where = [];
    for (const name of filterNames) {
      const value = params[name];
      if (value === undefined) continue;
      const filter = type.filters![name]!;
      if (filter.pattern && !new RegExp(filter.pattern).test(value)) {
        throw new AppError('invalid_parameter', `${name}: ${filter.description}`, [{ path: `query.${name}`, message: `must match ${filter.pattern}` }]);
      }
      where.push(filter.where(isUuid(value) ? value.toLowerCase() : value));
    }
    let arsPrefix: string | undefined;
    if (params.ars !== undefined) {
      arsPrefix = normaliseArsPrefix(params.ars) ?? undefined;
      if (!arsPrefix) throw new AppError('invalid_parameter', 'ars must be 1–12 digits of an ARS', [{ path: 'query.ars', message: 'must be 1–12 digits' }]);
    }
    const actor = res.locals.actor as Principal;
    const visibility = visibilityOf(actor, type.name as Resource);
    if (params.status !== undefined) {
      if (!(STATUSES as readonly string[]).includes(params.status)) throw new AppError('invalid_parameter', `status must be one of ${STATUSES.join(', ')}`, [{ path: 'query.status', message: 'unknown status' }]);
      // Editors filter by the status of the version they work on; readers only know the live one.
      where.push(statusIs(type.table, params.status, visibility));
    }
    const visible = visibleWhere(type.table, visibility);
    if (visible) where.push(visible);
    const afterSeq = params.cursor ? Number(decodeCursor(params.cursor, /^\d{1,15}$/)) : undefined;
    // Who sees published content only reads what tolerates lag: on a replica when there is one.
    const query = { afterSeq, limit: limit + 1, arsPrefix, q: params.q, where };
    const pageOf = <R extends { seq: number }>(rows: R[]) => {
      const page = rows.slice(0, limit);
      const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null;
      if (nextCursor) {
        const next = new URLSearchParams({ ...params, cursor: nextCursor });
        res.set('Link', `<${req.baseUrl}?${next}>; rel="next"`);
      }
      return { page, nextCursor };
    };
    if (publishedOnly(visibility)) {
      // Live versions only, no working ones: the content goes out as the database's JSON text.
      const { page, nextCursor } = pageOf(await deps.database.read((r) => listObjectsJson(r.db, type.table, query)));
      res.type('json').send(`{"items":[${page.map((row) => presentObjectJson(row)).join(',')}],"nextCursor":${JSON.stringify(nextCursor)}}`);
      return;
    }
    const { page, nextCursor } = pageOf(await listObjects(deps.database.db, type.table, query));
    const working = page.filter((row) => seesWorkingVersion(actor, type, row));
    const drafts = await draftsByUuid(deps.database.db, working.map((row) => row.uuid));
    res.json({ items: page.map((row) => presentObject(row, drafts.get(row.uuid))), nextCursor });
  });

  // The working version for its editors (with the live one named in `veroeffentlicht`);
  // `?view=published` and every other reader get the live version.
  router.get('/:id', async (req, res) => {
    const params = queryParams(req.query, ['view']);
    if (params.view !== undefined && params.view !== 'published' && params.view !== 'working') {
      throw new AppError('invalid_parameter', 'view must be published or working', [{ path: 'query.view', message: 'must be published or working' }]);
    }
    const actor = res.locals.actor as Principal;
    const id = uuidParam(type, req);
    const row = publishedOnly(visibilityOf(actor, type.name as Resource))
      ? await publishedRow(actor, id)
      : await findObject(deps.database, type, id, actor);
    if (params.view === 'published' || !seesWorkingVersion(actor, type, row)) {
      if (row.status !== PUBLISHED) throw notFound(`Published version of ${type.name}`, row.uuid);
      res.set('ETag', etagOf(row));
      if (req.fresh) {
        res.status(304).end();
        return;
      }
      res.json(presentObject(row));
      return;
    }
    const draft = await getDraft(deps.database.db, row.uuid);
    res.set('ETag', etagOf(workingOf(row, draft)));
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.json(presentObject(row, draft, await schedulesOf(deps.database.db, row.uuid)));
  });

  // Workflow: change the status of the working version (or schedule publishing / archiving).
  router.post('/:id/transitions', requireJson, async (req, res) => {
    const id = uuidParam(type, req);
    const result = await transition(serviceContext(deps, req, res), type, id, parseTransition(req.body), optionalExpectedVersion(req));
    const body = presentObject(result.object, result.draft, await schedulesOf(deps.database.db, id));
    res.status(result.scheduledFor ? 202 : 200).set('ETag', etagOf(workingOf(result.object, result.draft))).json(body);
  });

  router.get('/:id/transitions', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    if (!seesWorkingVersion(res.locals.actor, type, row)) throw notFound(type.name, row.uuid);
    res.json({ items: (await listTransitions(deps.database.db, row.uuid)).map((t) => ({
      version: t.version, von: t.fromStatus, nach: t.toStatus, kommentar: t.comment, stufe: t.level,
      datumZeit: t.at.toISOString(), durch: t.by, geplantFuer: t.scheduledFor?.toISOString() ?? null,
    })) });
  });

  router.delete('/:id/schedule/:to', async (req, res) => {
    const to = String(req.params.to);
    if (to !== PUBLISHED && to !== 'archiviert') throw new AppError('invalid_parameter', 'Only veroeffentlicht and archiviert can be scheduled', [{ path: 'path.to', message: 'must be veroeffentlicht or archiviert' }]);
    const cancelled = await cancelSchedule(serviceContext(deps, req, res), type, uuidParam(type, req), to);
    if (!cancelled) throw notFound(`Schedule ${to}`, String(req.params.id));
    res.status(204).end();
  });

  // History: every saved version, one of them whole, and what changed between two.
  router.get('/:id/versions', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    if (!seesWorkingVersion(res.locals.actor, type, row)) throw notFound(`History of ${type.name}`, row.uuid);
    res.json({ items: (await listVersions(deps.database.db, row.uuid)).map(presentVersion) });
  });

  router.get('/:id/versions/:version', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    if (!seesWorkingVersion(res.locals.actor, type, row)) throw notFound(`History of ${type.name}`, row.uuid);
    const n = versionParam(req.params.version, 'path.version');
    const v = await findVersion(deps.database.db, row.uuid, n);
    if (!v) throw notFound(`Version ${n} of ${type.name}`, row.uuid);
    res.json({ ...presentVersion(v), content: v.content });
  });

  // Restore: the content of an earlier version becomes the newest version (the history keeps all).
  router.post('/:id/versions/:version/restore', async (req, res) => {
    const id = uuidParam(type, req);
    const row = await findObject(deps.database, type, id, res.locals.actor);
    const n = versionParam(req.params.version, 'path.version');
    const v = await findVersion(deps.database.db, row.uuid, n);
    if (!v) throw notFound(`Version ${n} of ${type.name}`, row.uuid);
    const ctx = serviceContext(deps, req, res);
    const { object, draft } = await replaceObject({ ...ctx, comment: ctx.comment ?? `Version ${n} wiederhergestellt` }, type, id,
      { ...v.content, xzufiId: v.xzufiId, schemeAgencyID: v.schemeAgencyId }, expectedVersion(req));
    res.set('ETag', etagOf(workingOf(object, draft))).json(presentObject(object, draft));
  });

  router.get('/:id/diff', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    if (!seesWorkingVersion(res.locals.actor, type, row)) throw notFound(`History of ${type.name}`, row.uuid);
    const params = queryParams(req.query, ['from', 'to']);
    const from = versionParam(params.from, 'query.from');
    const to = params.to === undefined ? workingOf(row, await getDraft(deps.database.db, row.uuid)).version : versionParam(params.to, 'query.to');
    const [a, b] = await Promise.all([findVersion(deps.database.db, row.uuid, from), findVersion(deps.database.db, row.uuid, to)]);
    if (!a || !b) throw notFound(`Version ${!a ? from : to} of ${type.name}`, row.uuid);
    res.json({ from, to, ...documentDiff(a.content, b.content) });
  });

  router.get('/:id/quality', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    const working = seesWorkingVersion(res.locals.actor, type, row) ? workingOf(row, await getDraft(deps.database.db, row.uuid)) : workingOf(row);
    const { problems, overridable, warnings } = await qualityReport(deps.database.db, type.name, row.uuid, working.content);
    // `overridable`: refuse a publish without a comment that says why.
    res.json({ ok: problems.length === 0 && overridable.length === 0, version: working.version, problems, overridable, warnings });
  });

  router.post('/', requireJson, async (req, res) => {
    const row = await createObject(serviceContext(deps, req, res), type, req.body);
    res.status(201).set('ETag', etagOf(row)).location(`${req.baseUrl}/${row.uuid}`).json(presentObject(row));
  });

  router.put('/:id', requireJson, async (req, res) => {
    const id = uuidParam(type, req);
    const { object, draft } = await replaceObject(serviceContext(deps, req, res), type, id, req.body, expectedVersion(req));
    res.set('ETag', etagOf(workingOf(object, draft))).json(presentObject(object, draft));
  });

  router.delete('/:id', async (req, res) => {
    await removeObject(serviceContext(deps, req, res), type, uuidParam(type, req), expectedVersion(req));
    res.status(204).end();
  });

  return router;
}
