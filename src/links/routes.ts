/** `GET /api/v1/links`: the broken links in the objects the caller keeps (may update). */
import { getTableName } from 'drizzle-orm';
import { Router } from 'express';
import { decide, type Principal, type Resource } from '../auth/policy';
import { brokenLinks } from '../db/linkStore';
import { rowsByUuid, tableByName } from '../db/syndicationStore';
import type { AppDeps } from '../http/deps';
import { queryParams } from '../http/pagination';
import { OBJECT_TYPES } from '../objectTypes';
import { AppError } from '../shared/errors';
import { factsOfRow } from '../shared/objectService';

export function linkRouter(deps: AppDeps): Router {
  const router = Router();
  router.get('/', async (req, res) => {
    const actor = res.locals.actor as Principal;
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in or send a token');
    queryParams(req.query, ['status']);
    const links = await brokenLinks(deps.database.db);
    const byTable = new Map<string, string[]>();
    for (const l of links) byTable.set(l.objectTable, [...(byTable.get(l.objectTable) ?? []), l.objectUuid]);
    const mine = new Set<string>();
    for (const [tableName, uuids] of byTable) {
      const type = OBJECT_TYPES.find((t) => getTableName(t.table) === tableName)!;
      for (const row of await rowsByUuid(deps.database.db, tableByName(tableName), [...new Set(uuids)])) {
        if (decide(actor, 'update', type.name as Resource, factsOfRow(row)).ok) mine.add(row.uuid);
      }
    }
    res.json({
      items: links.filter((l) => mine.has(l.objectUuid)).map((l) => ({
        url: l.url, httpStatus: l.httpStatus, error: l.error, checkedAt: l.checkedAt.toISOString(), brokenSince: l.brokenSince?.toISOString() ?? null,
        object: { type: OBJECT_TYPES.find((t) => getTableName(t.table) === l.objectTable)!.name, id: l.objectUuid, path: l.path },
      })),
    });
  });
  return router;
}
