/**
 * `/api/v1/sources`: systems this installation collects XZuFi from (pull subscriptions). Register,
 * change, pause, remove; "run now"; the run history; confirm or reject a run held by the deletion
 * guard. Credentials are accepted, never returned.
 */
import { Router, type Response } from 'express';
import type { Principal } from '../auth/policy';
import { findRun, latestRuns, listRuns, listSources } from '../db/sourceStore';
import type { AppDeps } from '../http/deps';
import { requireJson } from '../http/middleware';
import { queryParams } from '../http/pagination';
import { AppError, notFound } from '../shared/errors';
import { confirmHeld, rejectHeld } from './guard';
import { pauseSource, runSoon } from './jobs';
import { assertManagesSources, changeSource, presentRun, presentSource, registerSource, removeSource, sourceOf, type SourceSettings } from './sources';

export const sourceSettings = (config: AppDeps['config']): SourceSettings => ({ credentialsKey: config.credentialsKey, allowPrivate: config.sourceAllowPrivate });

export function sourceRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const settings = sourceSettings(deps.config);
  const actorOf = (res: Response) => res.locals.actor as Principal;

  router.get('/', async (_req, res) => {
    assertManagesSources(actorOf(res));
    const last = new Map((await latestRuns(db)).map((r) => [r.sourceId, r]));
    res.set('Cache-Control', 'no-store').json({ items: (await listSources(db)).map((s) => presentSource(s, last.get(s.id))) });
  });

  router.post('/', requireJson, async (req, res) => {
    const source = await registerSource(db, actorOf(res), req.body ?? {}, settings);
    if (!source.paused) await runSoon(deps.database, source.id);
    res.status(201).location(`${req.baseUrl}/${source.id}`).json(presentSource(source));
  });

  router.get('/:id', async (req, res) => {
    const source = await sourceOf(db, actorOf(res), String(req.params.id));
    res.set('Cache-Control', 'no-store').json(presentSource(source, (await listRuns(db, source.id, 1))[0]));
  });

  router.patch('/:id', requireJson, async (req, res) => {
    const before = await sourceOf(db, actorOf(res), String(req.params.id));
    const source = await changeSource(db, actorOf(res), before.id, req.body ?? {}, settings);
    if (source.paused !== before.paused) await pauseSource(deps.database, source.id, source.paused);
    res.json(presentSource(source, (await listRuns(db, source.id, 1))[0]));
  });

  router.delete('/:id', async (req, res) => {
    const source = await sourceOf(db, actorOf(res), String(req.params.id));
    await pauseSource(deps.database, source.id, true);
    await removeSource(db, actorOf(res), source.id);
    res.status(204).end();
  });

  router.post('/:id/run', async (req, res) => {
    const source = await sourceOf(db, actorOf(res), String(req.params.id));
    await runSoon(deps.database, source.id);
    res.status(202).json({ status: 'queued', runs: `${req.baseUrl}/${source.id}/runs` });
  });

  router.get('/:id/runs', async (req, res) => {
    const source = await sourceOf(db, actorOf(res), String(req.params.id));
    const params = queryParams(req.query, ['limit']);
    const limit = params.limit === undefined ? 20 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new AppError('invalid_parameter', 'limit must be 1–200', [{ path: 'query.limit', message: 'must be 1–200' }]);
    res.set('Cache-Control', 'no-store').json({ items: (await listRuns(db, source.id, limit)).map(presentRun) });
  });

  router.get('/:id/runs/:run', async (req, res) => {
    const source = await sourceOf(db, actorOf(res), String(req.params.id));
    const run = /^[0-9a-f-]{36}$/i.test(String(req.params.run)) ? await findRun(db, source.id, String(req.params.run).toLowerCase()) : undefined;
    if (!run) throw notFound('Run', String(req.params.run));
    res.set('Cache-Control', 'no-store').json({ ...presentRun(run), report: run.report });
  });

  for (const decision of ['confirm', 'reject'] as const) {
    router.post(`/:id/runs/:run/${decision}`, async (req, res) => {
      const actor = actorOf(res);
      const source = await sourceOf(db, actor, String(req.params.id));
      const runId = String(req.params.run).toLowerCase();
      const run = decision === 'confirm'
        ? await confirmHeld(deps.database, deps.config.schemeAgencyId, source.id, runId, actor)
        : await rejectHeld(deps.database, source.id, runId, actor);
      res.json({ ...presentRun(run), report: run.report });
    });
  }

  return router;
}
