/**
 * The LeiKa catalogue, read-only and public: `GET /api/v1/leika?q=&gruppierung=&typisierung=&limit=&cursor=`
 * and `GET /api/v1/leika/{key}`, each entry with the Leistungen of this installation that use its
 * key (those the caller may see).
 */
import { Router } from 'express';
import type { Principal } from '../auth/policy';
import { visibilityOf } from '../auth/policy';
import { findLeika, leistungenUsingKeys, ozgByIds, searchLeika, type LeikaEintrag } from '../db/leikaStore';
import type { AppDeps } from '../http/deps';
import { decodeCursor, encodeCursor, parseLimit, queryParams } from '../http/pagination';
import { leistungTitle } from '../portal/leistungPage';
import { AppError, notFound } from '../shared/errors';
import { presentLeika, type LeikaUse } from './catalogue';

export function leikaRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;

  async function present(entries: LeikaEintrag[], actor: Principal) {
    const [ozg, uses] = await Promise.all([
      ozgByIds(db, entries.map((e) => e.ozgId ?? '')),
      leistungenUsingKeys(db, entries.map((e) => e.key), visibilityOf(actor, 'Leistung')),
    ]);
    const byKey = new Map<string, LeikaUse[]>();
    for (const u of uses) byKey.set(u.key, [...(byKey.get(u.key) ?? []), { id: u.uuid, name: leistungTitle(u.content, 'de').value, status: u.status }]);
    return entries.map((e) => presentLeika(e, e.ozgId ? ozg.get(e.ozgId) : undefined, byKey.get(e.key) ?? []));
  }

  router.get('/', async (req, res) => {
    const params = queryParams(req.query, ['q', 'gruppierung', 'typisierung', 'limit', 'cursor']);
    const limit = parseLimit(params.limit);
    if (params.q !== undefined && params.q.length > 100) throw new AppError('invalid_parameter', 'q is too long', [{ path: 'query.q', message: 'at most 100 characters' }]);
    if (params.gruppierung !== undefined && !/^\d{3}$/.test(params.gruppierung)) {
      throw new AppError('invalid_parameter', 'gruppierung must be the three digits of a Leistungsgruppierung (digits 3–5 of the key)', [{ path: 'query.gruppierung', message: 'must be three digits' }]);
    }
    if (params.typisierung !== undefined && !/^(1|2|2\/3|3|4|5|6|7|8|9|10|11)$/.test(params.typisierung)) {
      throw new AppError('invalid_parameter', 'typisierung must be one value such as 1, 2/3 or 4', [{ path: 'query.typisierung', message: 'unknown Typisierung' }]);
    }
    const afterKey = params.cursor ? decodeCursor(params.cursor, /^\d{14}$/) : undefined;
    // With words the order is by relevance, so there is one page only.
    const paged = !params.q || /^\d+$/.test(params.q.trim());
    const rows = await searchLeika(db, { q: params.q, gruppierung: params.gruppierung, typisierung: params.typisierung, afterKey, limit: limit + 1 });
    const page = rows.slice(0, limit);
    res.json({ items: await present(page, res.locals.actor), nextCursor: paged && rows.length > limit ? encodeCursor(page[page.length - 1]!.key) : null });
  });

  router.get('/:key', async (req, res) => {
    const key = String(req.params.key);
    const entry = /^\d{14}$/.test(key) ? await findLeika(db, key) : undefined;
    if (!entry) throw notFound('LeiKa entry', key);
    res.json((await present([entry], res.locals.actor))[0]);
  });

  return router;
}
