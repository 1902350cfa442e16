/**
 * XZuFi endpoints under /xzufi/v1: Sammlerdienst pull (index.txt + files, also per area under
 * /ars/{ars}/), the delta feed, and the push import with its jobs.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { findImportJob } from '../db/syndicationStore';
import { normaliseArsPrefix } from '../gebiet/ars';
import { pullLimit, type Principal } from '../auth/policy';
import { requireCapability } from '../http/auth';
import type { AppDeps } from '../http/deps';
import { queryParams } from '../http/pagination';
import { publicBaseUrl } from '../http/publicUrl';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';
import type { SchemaValidator } from '../xzufi/schemaValidator';
import { changePage, decodeCursor, encodeCursor, findExportFile, listExportFiles, renderChangeMessage, renderExportFile } from './export';
import { ImportRefused, importXzufi, type ImportMode, type ImportTarget } from './importer';
import { problemsToDetails, startImportJob } from './importJobs';
import { PRODUKT } from './produkt';
import { readImportBody } from './importBody';

export interface XzufiDeps extends AppDeps {
  validator: SchemaValidator;
}

const MAX_CHANGES = 1000;
const DEFAULT_CHANGES = 200;
const XML_TYPES = ['application/xml', 'text/xml', 'application/gzip', 'application/x-gzip'];

/**
 * The area an export covers: the one asked for, within what the caller may pull. Portal tokens
 * with an ARS limit and municipal editors get their own area when they ask for none.
 */
function exportArea(res: Response, requested: string | undefined, where: string): string | undefined {
  let prefix: string | undefined;
  if (requested !== undefined) {
    prefix = normaliseArsPrefix(requested) ?? undefined;
    if (!prefix) throw new AppError('invalid_parameter', 'ars must be 1–12 digits of an ARS', [{ path: where, message: 'must be 1–12 digits' }]);
  }
  const actor = res.locals.actor as Principal;
  const limit = pullLimit(actor);
  if (!limit) return prefix;
  if (prefix === undefined) return limit;
  if (!prefix.startsWith(limit)) throw new AppError('forbidden', `This token may pull ARS ${limit} and below only`, [{ path: where, message: `must start with ${limit}` }]);
  return prefix;
}

const areaOf = (req: Request, res: Response) => exportArea(res, req.params.ars === undefined ? undefined : String(req.params.ars), 'path.ars');

async function send(req: Request, res: Response, parts: AsyncIterable<string> | Iterable<string>): Promise<void> {
  res.vary('Accept-Encoding');
  const source = Readable.from(parts);
  try {
    if (req.acceptsEncodings('gzip', 'identity') === 'gzip') {
      res.set('Content-Encoding', 'gzip');
      await pipeline(source, createGzip(), res);
    } else {
      await pipeline(source, res);
    }
  } catch (err) {
    // Headers are gone: break the connection so the client cannot take a cut file for a whole one.
    req.log?.error({ err }, 'export stream failed');
    res.destroy();
  }
}

/**
 * `mode`: `atomic` (default) or `partial`, optionally with `draft` (`draft`, `partial,draft`):
 * store the objects as working versions instead of publishing them.
 */
export function importMode(raw: string | undefined): { mode: ImportMode; target: ImportTarget } {
  const words = (raw ?? 'atomic').split(',').map((w) => w.trim());
  const known = words.every((w) => ['atomic', 'partial', 'draft'].includes(w)) && new Set(words).size === words.length && !(words.includes('atomic') && words.includes('partial'));
  if (!known) throw new AppError('invalid_parameter', 'mode must be atomic or partial, optionally with draft (e.g. draft, partial,draft)', [{ path: 'query.mode', message: 'must be atomic, partial, draft or partial,draft' }]);
  return { mode: words.includes('partial') ? 'partial' : 'atomic', target: words.includes('draft') ? 'draft' : 'live' };
}

function presentJob(job: NonNullable<Awaited<ReturnType<typeof findImportJob>>>) {
  return {
    id: job.id, status: job.status, mode: job.mode, bytes: job.bytes,
    createdAt: job.createdAt.toISOString(), finishedAt: job.finishedAt?.toISOString() ?? null,
    progress: job.progress, report: job.report ?? null,
  };
}

export function xzufiRouter(deps: XzufiDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const sender = deps.config.schemeAgencyId;

  const index = async (req: Request, res: Response) => {
    const area = areaOf(req, res);
    const files = await deps.database.read((r) => listExportFiles(r.db, PRODUKT, area));
    const text = files.map((f) => `files/${f.name}\n`).join('');
    // A collector asks with If-None-Match; an unchanged index is not sent again.
    res.type('text/plain; charset=utf-8').set({ 'Cache-Control': 'no-cache', ETag: `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"` });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    await send(req, res, [text]);
  };
  const pull = requireCapability('xzufi_export');
  router.get('/index.txt', pull, index);
  router.get('/ars/:ars/index.txt', pull, index);

  const file = async (req: Request, res: Response) => {
    const area = areaOf(req, res);
    // Published content tolerates lag: read on a replica when there is one (the stream stays on it).
    const route = deps.database.readRoute();
    const found = await findExportFile(route.db, PRODUKT, String(req.params.name), area);
    if (!found) throw notFound('Transfer file', String(req.params.name));
    res.set({ ETag: found.etag, 'Last-Modified': found.lastModified.toUTCString(), 'Cache-Control': 'no-cache' });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/xml; charset=utf-8');
    await send(req, res, renderExportFile(route.db, found, PRODUKT, sender, area));
  };
  router.get('/files/:name', pull, file);
  router.get('/ars/:ars/files/:name', pull, file);

  router.get('/changes', pull, async (req, res) => {
    const params = queryParams(req.query, ['since', 'ars', 'limit', 'format']);
    const since = params.since === undefined ? undefined : decodeCursor(params.since);
    if (params.since !== undefined && !since) throw new AppError('invalid_parameter', 'since must be a cursor from XZuFi-Next-Cursor or naechsterIndex', [{ path: 'query.since', message: 'malformed' }]);
    const limit = params.limit === undefined ? DEFAULT_CHANGES : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CHANGES) throw new AppError('invalid_parameter', `limit must be 1–${MAX_CHANGES}`, [{ path: 'query.limit', message: `must be 1–${MAX_CHANGES}` }]);
    const format = params.format ?? 'xml';
    if (format !== 'xml' && format !== 'json') throw new AppError('invalid_parameter', 'format must be xml or json', [{ path: 'query.format', message: 'must be xml or json' }]);
    const ars = exportArea(res, params.ars, 'query.ars');
    // On a replica the page ends at the bound the primary named for it: later changes come with the next call.
    const page = await deps.database.read((r) => changePage(r.db, since, limit, ars, r.bound));
    const next = page.next ? encodeCursor(page.next) : '0.0';
    const xml = renderChangeMessage(page, PRODUKT, sender);
    res.set({ 'XZuFi-Next-Cursor': next, 'XZuFi-Complete': String(page.complete), 'Cache-Control': 'no-store' });
    if (format === 'json') {
      const query = new URLSearchParams({ since: next, format: 'json', ...(params.ars ? { ars: params.ars } : {}), ...(params.limit ? { limit: params.limit } : {}) });
      const base = publicBaseUrl(deps.config, req);
      res.json({ xzufiObjekte: xml, vollstaendig: page.complete, naechsterIndex: next, naechsteAnfrageUrl: `${base}${req.baseUrl}/changes?${query}` });
      return;
    }
    res.type('application/xml; charset=utf-8');
    await send(req, res, [xml]);
  });

  router.post('/import', requireCapability('xzufi_import'), async (req, res) => {
    const params = queryParams(req.query, ['mode', 'async']);
    const { mode, target } = importMode(params.mode);
    if (params.async !== undefined && params.async !== 'true' && params.async !== 'false') throw new AppError('invalid_parameter', 'async must be true or false', [{ path: 'query.async', message: 'must be true or false' }]);
    if (!req.is(XML_TYPES)) throw new AppError('unsupported_media_type', 'Send the message as application/xml (gzip allowed)', [{ path: 'header.Content-Type', message: `must be one of ${XML_TYPES.join(', ')}` }]);
    const { body: xml, bytes } = await readImportBody(req, deps.config.importBodyLimit);
    const actor = res.locals.actor;
    const options = { mode, target, actor, schemeAgencyId: deps.config.schemeAgencyId, validator: deps.validator };
    const runAsync = params.async === 'true' || (params.async !== 'false' && bytes > deps.config.importAsyncBytes);

    if (!runAsync) {
      try {
        const report = await importXzufi(deps.database, xml, options);
        res.status(report.status === 'rejected' ? 422 : 200).json(report);
      } catch (err) {
        if (err instanceof ImportRefused) throw new AppError(err.code, err.message, problemsToDetails(err.problems));
        throw err;
      }
      return;
    }

    const id = await startImportJob(deps, xml, bytes, options, req.log);
    const href = `${req.baseUrl}/import/${id}`;
    res.status(202).location(href).json({ id, status: 'queued', href });
  });

  router.get('/import/:job', requireCapability('xzufi_import'), async (req, res) => {
    const id = String(req.params.job);
    const job = isUuid(id) ? await findImportJob(db, id.toLowerCase()) : undefined;
    // Reports name objects and problems: only the sender and the Landesredaktion see them.
    const actor = res.locals.actor as Principal;
    const seesAll = (actor.role === 'landesredakteur' && actor.limit === null) || actor.role === 'system';
    if (!job || (job.createdBy !== actor.id && !seesAll)) throw notFound('Import job', id);
    res.set('Cache-Control', 'no-store').json(presentJob(job));
  });

  return router;
}
