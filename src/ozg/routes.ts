/**
 * `GET /api/v1/ozg?gebiet=&themenfeld=&aufgaben=`: the OZG figures as JSON for reporting tools,
 * from published objects and the bundled reference data only (so public): for the Land or a
 * Kreis/Gemeinde (`gebiet`, ARS or its key), one Themenfeld, and the to-do list of a place.
 */
import { Router } from 'express';
import { landPrefix } from '../db/portalStore';
import { canonicalArs } from '../gebiet/ars';
import { findGebiet } from '../gebiet/repository';
import type { AppDeps } from '../http/deps';
import { queryParams } from '../http/pagination';
import { AppError } from '../shared/errors';
import { ozgJson, ozgView } from './view';

export function ozgRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;
  const place = async (raw: string | undefined, name: string) => {
    if (raw === undefined) return undefined;
    const key = /^\d{2,12}$/.test(raw) ? canonicalArs(raw.padEnd(12, '0')) : undefined;
    if (!key || !(await findGebiet(db, key))) throw new AppError('invalid_parameter', `${name} must be the ARS (or its key) of a known Gebiet`, [{ path: `query.${name}`, message: 'unknown Gebiet' }]);
    return key;
  };
  router.get('/', async (req, res) => {
    const params = queryParams(req.query, ['gebiet', 'themenfeld', 'aufgaben']);
    const area = (await place(params.gebiet, 'gebiet')) ?? await landPrefix(db);
    const todoFor = await place(params.aufgaben, 'aufgaben');
    if (params.themenfeld !== undefined && params.themenfeld.length > 100) throw new AppError('invalid_parameter', 'themenfeld is too long', [{ path: 'query.themenfeld', message: 'at most 100 characters' }]);
    const { view } = await ozgView(db, area, { themenfeld: params.themenfeld || undefined, todoFor });
    res.json(ozgJson(view));
  });
  return router;
}
