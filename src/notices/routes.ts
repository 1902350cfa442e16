/**
 * `/api/v1/notices`: a tenant's notices that a master text it localised has a new version; the
 * editor compares old master ↔ new master ↔ own text and acknowledges, which records the new
 * master version as the basis of the Spezialisierung.
 */
import { Router } from 'express';
import type { Principal } from '../auth/policy';
import { findNotice, listNotices, type NoticeRow } from '../db/noticeStore';
import type { AppDeps } from '../http/deps';
import { queryParams } from '../http/pagination';
import { documentDiff } from '../shared/diff';
import { AppError, notFound } from '../shared/errors';
import { isUuid } from '../shared/references';
import { acknowledgeMasterChange, noticeComparison } from './service';

const present = (n: NoticeRow) => ({
  id: n.id, kind: n.kind, leistungId: n.leistungUuid, spezialisierungId: n.spezialisierungUuid, fromVersion: n.fromVersion, toVersion: n.toVersion,
  createdAt: n.createdAt.toISOString(), acknowledgedAt: n.acknowledgedAt?.toISOString() ?? null, acknowledgedBy: n.acknowledgedBy,
});

export function noticeRouter(deps: AppDeps): Router {
  const router = Router();
  const db = deps.database.db;

  const signedIn = (actor: Principal) => {
    if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'Sign in or send a token');
    return actor;
  };
  const own = async (id: string, actor: Principal) => {
    const notice = isUuid(id) ? await findNotice(db, id.toLowerCase()) : undefined;
    if (!notice || notice.tenantId !== actor.tenantId) throw notFound('Notice', id);
    return notice;
  };

  router.get('/', async (req, res) => {
    const actor = signedIn(res.locals.actor);
    const params = queryParams(req.query, ['open']);
    res.json({ items: actor.tenantId ? (await listNotices(db, actor.tenantId, params.open !== 'false')).map(present) : [] });
  });

  router.get('/:id/compare', async (req, res) => {
    const notice = await own(String(req.params.id), signedIn(res.locals.actor));
    const compared = await noticeComparison(deps.database, notice);
    if (!compared) throw notFound('Compared version', notice.id);
    const { from, to, local } = compared;
    res.json({ notice: present(notice), masterFrom: from.content, masterTo: to.content, own: local.content, masterDiff: documentDiff(from.content, to.content) });
  });

  router.post('/:id/acknowledge', async (req, res) => {
    const actor = signedIn(res.locals.actor);
    const notice = await own(String(req.params.id), actor);
    if (notice.acknowledgedAt) throw new AppError('conflict', 'The notice was acknowledged already');
    if (!await acknowledgeMasterChange(deps.database, deps.config.schemeAgencyId, actor, notice)) throw new AppError('conflict', 'The notice was acknowledged already');
    res.json(present((await findNotice(db, notice.id))!));
  });

  return router;
}
