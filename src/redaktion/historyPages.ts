/**
 * An object's history in the workspace: its versions with a comparison of any two, restoring an
 * earlier version (its content becomes the newest working version; the history keeps all), the
 * status changes in words, and — for those with the right read_audit — the audit trail of the
 * object. Restoring goes through the same service as the API's `…/versions/{n}/restore`.
 */
import type { Request, Response, Router } from 'express';
import { canDo, decide, type Principal, type Resource, type Status } from '../auth/policy';
import { listAudit } from '../db/accessStore';
import { getDraft, listTransitions } from '../db/draftStore';
import type { StoredObject } from '../db/objectStore';
import { findVersion, listVersions } from '../db/versionStore';
import { langOf, type Lang } from '../portal/i18n';
import { documentDiff } from '../shared/diff';
import { AppError } from '../shared/errors';
import { factsOfRow, replaceObject, workingOf, type ServiceContext } from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';
import { editorMessage } from './messages';
import { langQ, type Pages } from './pages';
import { diffView, objectName, STATUS_LABEL, withQuery } from './view';

type Loaded = { type: ObjectType; actor: Principal; row: StoredObject };

const ACTION: Record<string, [string, string]> = {
  create: ['angelegt', 'created'], update: ['geändert', 'changed'], delete: ['gelöscht', 'deleted'], status: ['Status geändert', 'status changed'],
};
const statusWord = (status: string | null | undefined, lang: Lang) => (status ? STATUS_LABEL[lang][status as Status] ?? status : '–');

export interface HistoryDeps {
  loadObject(req: Request, res: Response, opts?: { working?: boolean }): Promise<Loaded | undefined>;
  ctxOf(actor: Principal, comment?: string): ServiceContext;
}

export function registerHistoryPages(router: Router, { db, send }: Pages, { loadObject, ctxOf }: HistoryDeps): void {
  async function historyPage(req: Request, res: Response, { type, actor, row }: Loaded, extra: { error?: string } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const versions = await listVersions(db, row.uuid);
    const to = Number(req.query.bis) || versions[0]?.version;
    const from = Number(req.query.von) || versions[1]?.version;
    const [a, b] = from && to ? await Promise.all([findVersion(db, row.uuid, from), findVersion(db, row.uuid, to)]) : [undefined, undefined];
    const current = workingOf(row, await getDraft(db, row.uuid)).version;
    const canRestore = decide(actor, 'update', type.name as Resource, factsOfRow(row)).ok;
    const audit = canDo(actor, 'read_audit') ? await listAudit(db, { objectUuid: row.uuid, limit: 200 }) : undefined;
    const base = `/redaktion/${type.path}/${row.uuid}/versionen`;
    send(req, res, 'redaktion/history', {
      heading: `${lang === 'en' ? 'History' : 'Versionen'}: ${objectName(type, row.content, lang)}`, backUrl: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`,
      error: extra.error,
      versions: versions.map((v) => ({
        ...v, statusLabel: statusWord(v.status, lang), isFrom: v.version === from, isTo: v.version === to, current: v.version === current,
        restoreUrl: canRestore && v.version !== current ? `${base}/${v.version}/wiederherstellen${langQ(lang)}` : undefined,
      })),
      diff: a && b ? diffView(documentDiff(a.content, b.content)) : undefined, from, to, currentVersion: current,
      transitions: (await listTransitions(db, row.uuid)).map((t) => ({ ...t, fromLabel: statusWord(t.fromStatus, lang), toLabel: statusWord(t.toStatus, lang) })),
      actionUrl: base,
      audit: audit?.reverse().map((e) => ({
        at: e.at, who: e.actorId, kind: e.actorKind === 'token' ? (lang === 'en' ? 'API token' : 'API-Token') : e.actorKind === 'system' ? 'System' : '',
        action: ACTION[e.action]?.[lang === 'en' ? 1 : 0] ?? e.action,
        versions: e.versionBefore !== null || e.versionAfter !== null ? `${e.versionBefore ?? '–'} → ${e.versionAfter ?? '–'}` : '',
        detail: e.action === 'status' && e.detail ? `${statusWord(e.detail.from as string, lang)} → ${statusWord(e.detail.to as string, lang)}` : (typeof e.detail?.comment === 'string' ? e.detail.comment : ''),
      })),
    }, status);
  }

  router.get('/:type/:id/versionen', async (req, res) => {
    const found = await loadObject(req, res, { working: true });
    if (found) await historyPage(req, res, found);
  });

  router.post('/:type/:id/versionen/:version/wiederherstellen', async (req, res) => {
    const found = await loadObject(req, res, { working: true });
    if (!found) return;
    const { type, actor, row } = found;
    const lang = langOf(req.query.lang);
    const n = Number(req.params.version);
    const v = Number.isInteger(n) && n > 0 ? await findVersion(db, row.uuid, n) : undefined;
    if (!v) return historyPage(req, res, found, { error: lang === 'en' ? `There is no version ${req.params.version}.` : `Version ${req.params.version} gibt es nicht.` }, 404);
    try {
      const comment = lang === 'en' ? `Version ${n} restored` : `Version ${n} wiederhergestellt`;
      await replaceObject(ctxOf(actor, comment), type, row.uuid, { ...v.content, xzufiId: v.xzufiId, schemeAgencyID: v.schemeAgencyId }, Number(req.body.version));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const first = err.details[0] ?? { path: '/', message: err.message };
      return historyPage(req, res, found, { error: editorMessage(first, lang).message }, err.status);
    }
    res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, lang, { gespeichert: 'wiederhergestellt', version: String(n) }));
  });
}
