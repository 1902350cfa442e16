/**
 * REST routes of one object type: list, get, create, replace, delete. Every route reads as
 * parameters → service → presenter; the service holds the rules.
 */
import { Router, type Request, type Response } from 'express';
import { scopeOf, type Principal, type Resource } from '../auth/policy';
import { visibleWhere } from '../db/objectStore';
import { findVersion, listVersions, type VersionRow } from '../db/versionStore';
import { documentDiff } from '../shared/diff';
import { qualityProblems } from '../quality/gate';
import { createObject, findObject, listObjects, removeObject, replaceObject, type ServiceContext } from '../shared/objectService';
import { AppError, notFound } from '../shared/errors';
import type { ObjectType } from '../shared/objectType';
import { etagOf, presentObject, versionFromIfMatch } from '../shared/presenter';
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
  const v = versionFromIfMatch(req.get('if-match'));
  if (v === 'invalid') throw new AppError('invalid_parameter', 'If-Match must be an ETag from a previous response', [{ path: 'header.If-Match', message: 'malformed' }]);
  if (v === undefined) {
    throw new AppError('precondition_required', 'Send If-Match with the ETag of the version you edited (lost-update protection)', [{ path: 'header.If-Match', message: 'is required' }]);
  }
  return v;
}

function uuidParam(type: ObjectType, req: Request): string {
  const id = String(req.params.id);
  if (!isUuid(id)) throw notFound(type.name, id);
  return id.toLowerCase();
}

export function objectRouter(type: ObjectType, deps: AppDeps): Router {
  const router = Router();
  const filterNames = Object.keys(type.filters ?? {});

  router.get('/', async (req, res) => {
    const params = queryParams(req.query, ['limit', 'cursor', 'ars', 'q', ...filterNames]);
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
    const visible = visibleWhere(type.table, {
      scope: scopeOf(actor, type.name as Resource, 'read'), area: actor.area, tenantId: actor.tenantId,
      leistungsgruppierungen: actor.leistungsgruppierungen, limitArea: actor.role === 'portal' ? actor.area : null,
    });
    if (visible) where.push(visible);
    const afterSeq = params.cursor ? Number(decodeCursor(params.cursor, /^\d{1,15}$/)) : undefined;
    const rows = await listObjects(deps.database.db, type.table, { afterSeq, limit: limit + 1, arsPrefix, q: params.q, where });
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!.seq) : null;
    if (nextCursor) {
      const next = new URLSearchParams({ ...params, cursor: nextCursor });
      res.set('Link', `<${req.baseUrl}?${next}>; rel="next"`);
    }
    res.json({ items: page.map(presentObject), nextCursor });
  });

  router.get('/:id', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    res.set('ETag', etagOf(row));
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.json(presentObject(row));
  });

  // History: every saved version, one of them whole, and what changed between two.
  router.get('/:id/versions', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    res.json({ items: (await listVersions(deps.database.db, row.uuid)).map(presentVersion) });
  });

  router.get('/:id/versions/:version', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
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
    const { object } = await replaceObject({ ...ctx, comment: ctx.comment ?? `Version ${n} wiederhergestellt` }, type, id,
      { ...v.content, xzufiId: v.xzufiId, schemeAgencyID: v.schemeAgencyId }, expectedVersion(req));
    res.set('ETag', etagOf(object)).json(presentObject(object));
  });

  router.get('/:id/diff', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    const params = queryParams(req.query, ['from', 'to']);
    const from = versionParam(params.from, 'query.from');
    const to = params.to === undefined ? row.version : versionParam(params.to, 'query.to');
    const [a, b] = await Promise.all([findVersion(deps.database.db, row.uuid, from), findVersion(deps.database.db, row.uuid, to)]);
    if (!a || !b) throw notFound(`Version ${!a ? from : to} of ${type.name}`, row.uuid);
    res.json({ from, to, ...documentDiff(a.content, b.content) });
  });

  router.get('/:id/quality', async (req, res) => {
    const row = await findObject(deps.database, type, uuidParam(type, req), res.locals.actor);
    const problems = await qualityProblems(deps.database.db, type.name, row);
    res.json({ ok: problems.length === 0, version: row.version, problems });
  });

  router.post('/', requireJson, async (req, res) => {
    const row = await createObject(serviceContext(deps, req, res), type, req.body);
    res.status(201).set('ETag', etagOf(row)).location(`${req.baseUrl}/${row.uuid}`).json(presentObject(row));
  });

  router.put('/:id', requireJson, async (req, res) => {
    const id = uuidParam(type, req);
    const { object } = await replaceObject(serviceContext(deps, req, res), type, id, req.body, expectedVersion(req));
    res.set('ETag', etagOf(object)).json(presentObject(object));
  });

  router.delete('/:id', async (req, res) => {
    await removeObject(serviceContext(deps, req, res), type, uuidParam(type, req), expectedVersion(req));
    res.status(204).end();
  });

  return router;
}
