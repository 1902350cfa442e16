/**
 * Read-only Gebiete API: `/api/v1/gebiete?ars=06&q=Wanf`, `?plz=37281` (the Gemeinden a PLZ
 * covers), `/api/v1/gebiete/{ars}` (with its PLZ and the chain up to the Land).
 */
import { Router } from 'express';
import type { AppDeps } from '../http/deps';
import { decodeCursor, encodeCursor, parseLimit, queryParams } from '../http/pagination';
import { AppError, notFound } from '../shared/errors';
import { normaliseArsPrefix } from './ars';
import { enclosingGebiete, findGebiet, gemeindenByPlz, listGebiete, plzOfGebiet, type Gebiet } from './repository';

export const EBENEN = ['bundesland', 'regierungsbezirk', 'kreis', 'kreisfreie_stadt', 'gemeinde', 'ortsteil'];

export function presentGebiet(g: Gebiet) {
  return {
    ars: g.ars, schluessel: g.schluessel, ebene: g.ebene, name: g.name, hinweis: g.hinweis, uebergeordnetesGebiet: g.parentArs,
    // Gemeinden only (Destatis Gemeindeverzeichnis): null elsewhere.
    bevoelkerung: g.bevoelkerung, flaecheKm2: g.flaecheKm2, plzVerwaltungssitz: g.plzVerwaltungssitz,
    koordinaten: g.laengengrad !== null && g.breitengrad !== null ? { laengengrad: g.laengengrad, breitengrad: g.breitengrad } : null,
  };
}

export function gebietRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;

  router.get('/', async (req, res) => {
    const params = queryParams(req.query, ['ars', 'q', 'ebene', 'plz', 'limit', 'cursor']);
    const limit = parseLimit(params.limit);
    if (params.plz !== undefined) {
      if (!/^\d{5}$/.test(params.plz)) throw new AppError('invalid_parameter', 'plz must be a 5-digit Postleitzahl', [{ path: 'query.plz', message: 'must be 5 digits' }]);
      if (Object.keys(params).some((k) => k !== 'plz')) throw new AppError('invalid_parameter', 'plz is used alone', [{ path: 'query.plz', message: 'combine with nothing else' }]);
      const found = await gemeindenByPlz(db, params.plz);
      res.json({ items: found.map((g) => ({ ...presentGebiet(g), ort: g.ort })), nextCursor: null });
      return;
    }
    let prefix: string | undefined;
    if (params.ars !== undefined) {
      prefix = normaliseArsPrefix(params.ars) ?? undefined;
      if (!prefix) throw new AppError('invalid_parameter', 'ars must be 1–12 digits of an ARS', [{ path: 'query.ars', message: 'must be 1–12 digits' }]);
    }
    if (params.ebene !== undefined && !EBENEN.includes(params.ebene)) {
      throw new AppError('invalid_parameter', `ebene must be one of ${EBENEN.join(', ')}`, [{ path: 'query.ebene', message: 'unknown level' }]);
    }
    if (params.q !== undefined && params.q.length > 100) throw new AppError('invalid_parameter', 'q is too long', [{ path: 'query.q', message: 'at most 100 characters' }]);
    const afterArs = params.cursor ? decodeCursor(params.cursor, /^\d{12}$/) : undefined;
    const rows = await listGebiete(db, { prefix, q: params.q, ebene: params.ebene, afterArs, limit: limit + 1 });
    const page = rows.slice(0, limit);
    res.json({ items: page.map(presentGebiet), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.ars) : null });
  });

  router.get('/:ars', async (req, res) => {
    const key = String(req.params.ars);
    const gebiet = /^\d{2,12}$/.test(key) ? await findGebiet(db, key) : undefined;
    if (!gebiet) throw notFound('Gebiet', key);
    // The chain up to the Land, nearest first: enough for breadcrumbs and "valid in" checks.
    const pfad = await enclosingGebiete(db, gebiet.ars);
    res.json({ ...presentGebiet(gebiet), plz: await plzOfGebiet(db, gebiet.ars), pfad: pfad.map((g) => ({ ars: g.ars, ebene: g.ebene, name: g.name })) });
  });

  return router;
}
