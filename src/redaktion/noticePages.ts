/**
 * Master-change notices in the workspace: a municipality sees what changed in a master text it
 * localised (word diff beside its own text) and acknowledges the notice (src/notices/service.ts).
 */
import type { Router } from 'express';
import { findNotice } from '../db/noticeStore';
import type { AppDeps } from '../http/deps';
import { acknowledgeMasterChange, noticeComparison } from '../notices/service';
import { OBJECT_TYPES } from '../objectTypes';
import { langOf } from '../portal/i18n';
import { documentDiff } from '../shared/diff';
import { isUuid } from '../shared/references';
import { langQ, type Pages } from './pages';
import { diffView, objectName, textModules } from './view';

export function registerNoticePages(router: Router, { db, send, signedIn, notFound }: Pages, deps: AppDeps): void {
  router.get('/mitteilungen/:id', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const notice = isUuid(id) ? await findNotice(db, id.toLowerCase()) : undefined;
    if (!notice || notice.tenantId !== actor.tenantId) return notFound(req, res);
    const compared = await noticeComparison(deps.database, notice);
    if (!compared) return notFound(req, res);
    const { from, to, local } = compared;
    send(req, res, 'redaktion/notice', {
      heading: lang === 'en' ? 'New master version' : 'Neue Version des Stammtexts', notice, name: objectName(OBJECT_TYPES[0]!, to.content, lang),
      diff: diffView(documentDiff(from.content, to.content)), own: textModules(local.content, lang), ownUrl: `/redaktion/spezialisierungen/${local.uuid}${langQ(lang)}`,
    });
  });

  router.post('/mitteilungen/:id/quittieren', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const notice = await findNotice(db, String(req.params.id));
    if (!notice || notice.tenantId !== actor.tenantId) return notFound(req, res);
    await acknowledgeMasterChange(deps.database, deps.config.schemeAgencyId, actor, notice);
    res.redirect(303, `/redaktion${langQ(langOf(req.query.lang))}`);
  });
}
