/**
 * The editor workspace `/redaktion` (server-rendered, German with an English translation via
 * `?lang=en`): sign-in, dashboard, lists, edit forms, preview, history with diff, workflow
 * buttons with scheduling, master-change notices, the OZG dashboard. Every change goes through
 * the same services as the API (policy, validation, quality gate, versions, audit).
 */
import { getTableName } from 'drizzle-orm';
import express, { Router, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { decide, decideStep, findTransition, scopeOf, STATUSES, type Principal, type Resource, type Status } from '../auth/policy';
import { brokenLinks } from '../db/linkStore';
import { getDraft, listTransitions } from '../db/draftStore';
import { listLeikaRequests } from '../db/leikaRequestStore';
import { acknowledgeNotice, findNotice, listNotices } from '../db/noticeStore';
import { getObject, listObjects, PUBLISHED, statusIs, visibleWhere, type StoredObject } from '../db/objectStore';
import { spezialisierungen } from '../db/schema';
import { findVersion, listVersions } from '../db/versionStore';
import { checkCsrf, type Authentication } from '../http/auth';
import type { AppDeps } from '../http/deps';
import type { Views } from '../http/views';
import { OBJECT_TYPES, Spezialisierung } from '../objectTypes';
import { langOf, localized, MESSAGES, type Lang } from '../portal/i18n';
import { buildLeistungPage, leistungTitle, safeHtml } from '../portal/leistungPage';
import { qualityProblems } from '../quality/gate';
import { documentDiff } from '../shared/diff';
import { AppError, type ErrorDetail } from '../shared/errors';
import { createObject, factsOfRow, removeObject, replaceObject, workingOf, type ServiceContext } from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';
import { isUuid } from '../shared/references';
import { findTenant } from '../tenant/repository';
import { schedulesOf, transition } from '../workflow/workflow';
import { applyForm, renderField, TEXT_MODULES } from './forms';
import { ozgReport, ozgCsv, usageByDay } from './ozg';
import { landPrefix } from '../db/portalStore';
import { FORMS } from './typeForms';

const STATUS_LABEL: Record<Lang, Record<Status, string>> = {
  de: { entwurf: 'Entwurf', in_pruefung: 'In Prüfung', freigegeben: 'Freigegeben', zurueckgewiesen: 'Zurückgewiesen', veroeffentlicht: 'Veröffentlicht', archiviert: 'Archiviert' },
  en: { entwurf: 'Draft', in_pruefung: 'In review', freigegeben: 'Approved', zurueckgewiesen: 'Rejected', veroeffentlicht: 'Published', archiviert: 'Archived' },
};
const ACTION_LABEL: Record<Lang, Record<Status, string>> = {
  de: { entwurf: 'Zurück in den Entwurf', in_pruefung: 'Zur Prüfung einreichen', freigegeben: 'Fachlich freigeben', zurueckgewiesen: 'Zurückweisen', veroeffentlicht: 'Veröffentlichen', archiviert: 'Archivieren (offline nehmen)' },
  en: { entwurf: 'Back to draft', in_pruefung: 'Submit for review', freigegeben: 'Approve', zurueckgewiesen: 'Reject', veroeffentlicht: 'Publish', archiviert: 'Archive (take offline)' },
};
const TYPE_LABEL: Record<string, [string, string]> = {
  Leistung: ['Leistungen', 'Services'], Spezialisierung: ['Spezialisierungen', 'Localisations'], Organisationseinheit: ['Organisationseinheiten', 'Offices'],
  Onlinedienst: ['Onlinedienste', 'Online services'], Zustaendigkeit: ['Zuständigkeiten', 'Responsibilities'], Kategorie: ['Kategorien', 'Categories'],
};

/** A readable name of any object. */
export function objectName(type: ObjectType, content: Record<string, unknown>, lang: Lang): string {
  switch (type.name) {
    case 'Leistung': return leistungTitle(content, lang).value || String(content.referenzLeiKa ?? '');
    case 'Organisationseinheit': return localized(content.name as never, lang)?.value ?? '';
    case 'Onlinedienst': case 'Kategorie': return localized(content.bezeichnung as never, lang)?.value ?? '';
    case 'Spezialisierung': return `Spezialisierung ${(content.gebietID as string[] | undefined)?.join(', ') ?? ''}`;
    case 'Zustaendigkeit': return `Zuständigkeit ${String(content.gebietID ?? '')}`;
    default: return type.name;
  }
}

const typeByPath = (path: string) => OBJECT_TYPES.find((t) => t.path === path);

export function redaktionRouter(deps: AppDeps, views: Views, auth: Authentication): Router {
  const router = Router();
  const db = deps.database.db;
  router.use(express.urlencoded({ extended: false, limit: '2mb', parameterLimit: 5000 }));
  // Cookie sessions: every form post carries the session's CSRF token.
  router.use((req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    try {
      checkCsrf(req);
      next();
    } catch {
      res.status(403).type('text').send('Das Formular ist abgelaufen; bitte laden Sie die Seite neu (form expired; reload the page).');
    }
  });
  router.use((_req, res, next) => { res.set('Cache-Control', 'no-store'); next(); });

  const csrfToken = (req: Request) => (req.session.csrfToken ??= randomBytes(32).toString('base64url'));
  const actorOf = (res: Response) => res.locals.actor as Principal;
  const langQ = (lang: Lang) => (lang === 'en' ? '?lang=en' : '');

  function send(req: Request, res: Response, name: string, model: Record<string, unknown>, status = 200) {
    const lang = langOf(req.query.lang);
    const actor = actorOf(res);
    const other = new URL(req.originalUrl, 'http://x');
    if (lang === 'en') other.searchParams.delete('lang'); else other.searchParams.set('lang', 'en');
    views.send(res, name, {
      lang, area: 'redaktion', robots: 'noindex', title: `${String(model.heading ?? 'Redaktion')} – fim-redaktion`,
      otherLangUrl: `${other.pathname}${other.search}`, csrfToken: csrfToken(req), user: actor.kind === 'user' ? actor : undefined,
      langQuery: langQ(lang), types: OBJECT_TYPES.map((t) => ({ path: t.path, label: TYPE_LABEL[t.name]![lang === 'en' ? 1 : 0] })),
      ...model,
    }, status);
  }

  const signedIn = (req: Request, res: Response): Principal | undefined => {
    const actor = actorOf(res);
    if (actor.kind === 'user') return actor;
    res.redirect(303, `/redaktion/anmelden?weiter=${encodeURIComponent(req.originalUrl)}`);
    return undefined;
  };
  const ctxOf = (actor: Principal, comment?: string): ServiceContext => ({ database: deps.database, schemeAgencyId: deps.config.schemeAgencyId, actor, comment });

  // --- sign-in ---------------------------------------------------------------------------------
  router.get('/anmelden', (req, res) => send(req, res, 'redaktion/login', { heading: 'Anmelden', weiter: safeNext(req.query.weiter) }));
  router.post('/anmelden', async (req, res) => {
    const username = String(req.body.username ?? '');
    try {
      await auth.logIn(req, username, String(req.body.password ?? ''));
      res.redirect(303, safeNext(req.body.weiter));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      send(req, res, 'redaktion/login', { heading: 'Anmelden', username, weiter: safeNext(req.body.weiter), errors: [{ field: 'username', message: err.message }] }, err.status);
    }
  });
  router.post('/abmelden', async (req, res) => {
    await new Promise<void>((resolve, reject) => req.logout((e) => (e ? reject(e) : resolve())));
    await new Promise<void>((resolve) => req.session.destroy(() => resolve()));
    res.clearCookie('fimr.sid').redirect(303, '/redaktion/anmelden');
  });

  // --- dashboard -------------------------------------------------------------------------------
  router.get('/', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const drafts: unknown[] = [];
    const toApprove: unknown[] = [];
    const toPublish: unknown[] = [];
    for (const type of OBJECT_TYPES) {
      const resource = type.name as Resource;
      const visible = visibleWhere(type.table, { scope: scopeOf(actor, resource, 'read'), area: actor.area, tenantId: actor.tenantId, leistungsgruppierungen: actor.leistungsgruppierungen });
      const rowsWith = async (status: Status) => listObjects(db, type.table, { limit: 50, where: [statusIs(type.table, status, 'working'), ...(visible ? [visible] : [])] });
      const item = async (row: StoredObject) => {
        const w = workingOf(row, await getDraft(db, row.uuid));
        return { url: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`, name: objectName(type, w.content, lang), type: TYPE_LABEL[type.name]![lang === 'en' ? 1 : 0], status: STATUS_LABEL[lang][w.status], changedAt: w.changedAt, changedBy: w.changedBy };
      };
      for (const status of ['entwurf', 'zurueckgewiesen'] as const) {
        for (const row of await rowsWith(status)) if (decide(actor, 'update', resource, factsOfRow(row)).ok && (row.tenantId === actor.tenantId || row.changedBy === actor.id)) drafts.push(await item(row));
      }
      for (const row of await rowsWith('in_pruefung')) if (decideStep(actor, 'approve', resource, factsOfRow(row)).ok) toApprove.push(await item(row));
      for (const row of await rowsWith('freigegeben')) if (decideStep(actor, 'publish', resource, factsOfRow(row)).ok) toPublish.push(await item(row));
    }
    const notices = actor.tenantId ? await listNotices(db, actor.tenantId, true) : [];
    const noticeItems = await Promise.all(notices.map(async (n) => {
      const l = await getObject(db, OBJECT_TYPES[0]!.table, n.leistungUuid);
      return { url: `/redaktion/mitteilungen/${n.id}${langQ(lang)}`, name: l ? objectName(OBJECT_TYPES[0]!, l.content, lang) : n.leistungUuid, from: n.fromVersion, to: n.toVersion, at: n.createdAt };
    }));
    const links = [];
    for (const link of await brokenLinks(db)) {
      const type = OBJECT_TYPES.find((t) => getTableName(t.table) === link.objectTable);
      if (!type) continue;
      const row = await getObject(db, type.table, link.objectUuid);
      if (row && decide(actor, 'update', type.name as Resource, factsOfRow(row)).ok) {
        links.push({ url: link.url, status: link.httpStatus ?? link.error, object: objectName(type, row.content, lang), objectUrl: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}` });
      }
    }
    const requests = (await listLeikaRequests(db, actor.role === 'landesredakteur' || actor.role === 'admin' ? undefined : actor.tenantId ?? undefined))
      .filter((r) => r.status === 'offen' || r.status === 'rueckfrage').map((r) => ({ name: r.proposedName, status: r.status, gruppierung: r.leistungsgruppierung, at: r.createdAt }));
    send(req, res, 'redaktion/dashboard', {
      heading: lang === 'en' ? 'Dashboard' : 'Übersicht', drafts, toApprove, toPublish, notices: noticeItems, links, requests,
      usage: await usageByDay(db, actor, 30),
    });
  });

  // --- OZG dashboard ---------------------------------------------------------------------------
  router.get('/ozg', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    // The Landesredaktion's area is the Land itself: no choice to offer there.
    const land = await landPrefix(db);
    const ownArea = actor.area && actor.area !== land ? actor.area : undefined;
    const scope = req.query.gebiet === 'land' ? undefined : ownArea;
    const report = await ozgReport(db, scope, lang);
    if (req.query.format === 'csv') {
      res.type('text/csv; charset=utf-8').attachment(`ozg-${scope ?? 'land'}.csv`).send(ozgCsv(report));
      return;
    }
    send(req, res, 'redaktion/ozg', { heading: lang === 'en' ? 'OZG dashboard' : 'OZG-Übersicht', report, scoped: Boolean(scope), canScope: Boolean(ownArea) });
  });

  // --- master-change notices -------------------------------------------------------------------
  router.get('/mitteilungen/:id', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const notice = isUuid(id) ? await findNotice(db, id.toLowerCase()) : undefined;
    if (!notice || notice.tenantId !== actor.tenantId) return notFoundPage(req, res);
    const [from, to, local] = await Promise.all([findVersion(db, notice.leistungUuid, notice.fromVersion), findVersion(db, notice.leistungUuid, notice.toVersion), getObject(db, spezialisierungen, notice.spezialisierungUuid)]);
    if (!from || !to || !local) return notFoundPage(req, res);
    send(req, res, 'redaktion/notice', {
      heading: lang === 'en' ? 'New master version' : 'Neue Version des Stammtexts', notice, name: objectName(OBJECT_TYPES[0]!, to.content, lang),
      diff: diffView(documentDiff(from.content, to.content)), own: textModules(local.content, lang), ownUrl: `/redaktion/spezialisierungen/${local.uuid}${langQ(lang)}`,
    });
  });
  router.post('/mitteilungen/:id/quittieren', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const notice = await findNotice(db, String(req.params.id));
    if (!notice || notice.tenantId !== actor.tenantId) return notFoundPage(req, res);
    await db.transaction(async (tx) => {
      const local = await getObject(tx, spezialisierungen, notice.spezialisierungUuid);
      if (local) {
        await replaceObject({ ...ctxOf(actor, `Stammtext Version ${notice.toVersion} geprüft`), tx, live: local.status === PUBLISHED },
          Spezialisierung as unknown as ObjectType, local.uuid, { ...local.content, basisVersion: notice.toVersion });
      }
      await acknowledgeNotice(tx, notice.id, actor.id);
    });
    res.redirect(303, `/redaktion${langQ(langOf(req.query.lang))}`);
  });

  // --- object lists, forms, workflow -----------------------------------------------------------
  router.get('/:type', async (req, res) => {
    const type = typeByPath(String(req.params.type));
    if (!type) return notFoundPage(req, res);
    const actor = signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
    const status = typeof req.query.status === 'string' && (STATUSES as readonly string[]).includes(req.query.status) ? req.query.status : '';
    const resource = type.name as Resource;
    const visible = visibleWhere(type.table, { scope: scopeOf(actor, resource, 'read'), area: actor.area, tenantId: actor.tenantId, leistungsgruppierungen: actor.leistungsgruppierungen });
    const rows = await listObjects(db, type.table, { limit: 200, q: q || undefined, where: [...(visible ? [visible] : []), ...(status ? [statusIs(type.table, status, 'working')] : [])] });
    const items = await Promise.all(rows.map(async (row) => {
      const w = workingOf(row, await getDraft(db, row.uuid));
      return { url: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`, name: objectName(type, w.content, lang) || row.xzufiId, status: STATUS_LABEL[lang][w.status], live: row.status === PUBLISHED, changedAt: w.changedAt, editable: decide(actor, 'update', resource, factsOfRow(row)).ok };
    }));
    send(req, res, 'redaktion/list', {
      heading: TYPE_LABEL[type.name]![lang === 'en' ? 1 : 0], type: { path: type.path, name: type.name }, items, q, status,
      statuses: STATUSES.map((s) => ({ value: s, label: STATUS_LABEL[lang][s], selected: s === status })),
      canCreate: scopeOf(actor, resource, 'create') !== undefined,
    });
  });

  router.get('/:type/neu', async (req, res) => {
    const type = typeByPath(String(req.params.type));
    if (!type) return notFoundPage(req, res);
    const actor = signedIn(req, res);
    if (!actor) return;
    const preset: Record<string, unknown> = {};
    if (type.name === 'Spezialisierung' && typeof req.query.leistung === 'string') {
      preset.leistungId = req.query.leistung;
      const tenant = actor.tenantId ? await findTenant(db, actor.tenantId) : undefined;
      if (tenant?.ars) preset.gebietID = [tenant.ars];
    }
    await formPage(req, res, type, actor, { content: preset, isNew: true });
  });

  router.post('/:type/neu', async (req, res) => {
    const type = typeByPath(String(req.params.type));
    if (!type) return notFoundPage(req, res);
    const actor = signedIn(req, res);
    if (!actor) return;
    const base = type.name === 'Spezialisierung' || type.name === 'Zustaendigkeit' ? { leistungId: String(req.body.leistungId ?? '') } : {};
    const content = applyForm(FORMS[type.name]!, base, req.body);
    try {
      const row = await createObject(ctxOf(actor, stringField(req.body.comment)), type, content);
      res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, langOf(req.query.lang), { gespeichert: '1' }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await formPage(req, res, type, actor, { content, isNew: true, errors: err.details.length ? err.details : [{ path: '/', message: err.message }] }, err.status);
    }
  });

  router.get('/:type/:id', async (req, res) => {
    const found = await loadObject(req, res);
    if (!found) return;
    await formPage(req, res, found.type, found.actor, { row: found.row, saved: req.query.gespeichert === '1' });
  });

  router.post('/:type/:id', async (req, res) => {
    const found = await loadObject(req, res);
    if (!found) return;
    const { type, actor, row } = found;
    const working = workingOf(row, await getDraft(db, row.uuid));
    if (req.body.aktion === 'loeschen') {
      try {
        await removeObject(ctxOf(actor), type, row.uuid, Number(req.body.version));
        res.redirect(303, `/redaktion/${type.path}${langQ(langOf(req.query.lang))}`);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        await formPage(req, res, type, actor, { row, errors: [{ path: '/', message: err.message }] }, err.status);
      }
      return;
    }
    const content = applyForm(FORMS[type.name]!, working.content, req.body);
    try {
      await replaceObject(ctxOf(actor, stringField(req.body.comment)), type, row.uuid, { ...content, xzufiId: working.xzufiId, schemeAgencyID: working.schemeAgencyId }, Number(req.body.version));
      res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, langOf(req.query.lang), { gespeichert: '1' }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await formPage(req, res, type, actor, { row, content, errors: err.details.length ? err.details : [{ path: '/', message: err.message }] }, err.status);
    }
  });

  router.post('/:type/:id/status', async (req, res) => {
    const found = await loadObject(req, res);
    if (!found) return;
    const { type, actor, row } = found;
    const to = String(req.body.to ?? '') as Status;
    const at = typeof req.body.at === 'string' && req.body.at ? new Date(`${req.body.at}:00${berlinOffset(req.body.at)}`) : undefined;
    const level = req.body.level === 'silber' || req.body.level === 'gold' ? req.body.level : undefined;
    try {
      if (!(STATUSES as readonly string[]).includes(to)) throw new AppError('invalid_parameter', 'Unbekannter Status');
      if (at && Number.isNaN(at.getTime())) throw new AppError('validation_failed', 'Zeitpunkt ungültig', [{ path: '/at', message: 'Datum und Uhrzeit angeben' }]);
      await transition(ctxOf(actor), type, row.uuid, { to, comment: stringField(req.body.comment), level, at }, Number(req.body.version));
      res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, langOf(req.query.lang), { gespeichert: '1' }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await formPage(req, res, type, actor, { row, errors: err.details.length ? err.details.map((d) => ({ ...d, message: `${err.message}: ${d.message}` })) : [{ path: '/', message: err.message }] }, err.status);
    }
  });

  router.get('/:type/:id/versionen', async (req, res) => {
    const found = await loadObject(req, res, { working: true });
    if (!found) return;
    const { type, row } = found;
    const lang = langOf(req.query.lang);
    const versions = await listVersions(db, row.uuid);
    const to = Number(req.query.bis) || versions[0]?.version;
    const from = Number(req.query.von) || versions[1]?.version;
    const [a, b] = from && to ? await Promise.all([findVersion(db, row.uuid, from), findVersion(db, row.uuid, to)]) : [undefined, undefined];
    send(req, res, 'redaktion/history', {
      heading: `${lang === 'en' ? 'History' : 'Versionen'}: ${objectName(type, row.content, lang)}`, backUrl: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`,
      versions: versions.map((v) => ({ ...v, statusLabel: STATUS_LABEL[lang][v.status as Status] ?? v.status, isFrom: v.version === from, isTo: v.version === to })),
      diff: a && b ? diffView(documentDiff(a.content, b.content)) : undefined, from, to,
      transitions: await listTransitions(db, row.uuid), actionUrl: `/redaktion/${type.path}/${row.uuid}/versionen`,
    });
  });

  router.get('/:type/:id/vorschau', async (req, res) => {
    const found = await loadObject(req, res, { working: true });
    if (!found) return;
    const { type, row } = found;
    const lang = langOf(req.query.lang);
    const draft = await getDraft(db, row.uuid);
    const working = workingOf(row, draft);
    if (type.name !== 'Leistung') return notFoundPage(req, res);
    const base = (deps.config.publicUrl ?? `${req.protocol}://${req.get('host')}`).replace(/\/$/, '');
    const page = buildLeistungPage({
      leistung: { ...row, content: working.content }, locals: [], gebietNames: row.ars, lang, messages: MESSAGES[lang],
      query: langQ(lang), canonicalUrl: `${base}/leistungen/${row.uuid}`, baseUrl: base,
    });
    views.send(res, 'portal/leistung', { lang, area: 'portal', title: `Vorschau: ${page.title.value}`, robots: 'noindex', page, searchUrl: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`, printUrl: '#', preview: true });
  });

  async function loadObject(req: Request, res: Response, opts: { working?: boolean } = {}): Promise<{ type: ObjectType; actor: Principal; row: StoredObject } | undefined> {
    const type = typeByPath(String(req.params.type));
    const id = String(req.params.id);
    if (!type || !isUuid(id)) { notFoundPage(req, res); return undefined; }
    const actor = signedIn(req, res);
    if (!actor) return undefined;
    const row = await getObject(db, type.table, id.toLowerCase());
    const facts = factsOfRow(row ?? ({ ars: [], tenantId: null, status: '' } as unknown as StoredObject));
    if (!row || !decide(actor, 'read', type.name as Resource, opts.working ? { ...facts, published: false } : facts).ok) { notFoundPage(req, res); return undefined; }
    return { type, actor, row };
  }

  function notFoundPage(req: Request, res: Response) {
    send(req, res, 'redaktion/not-found', { heading: 'Nicht gefunden' }, 404);
  }

  async function formPage(req: Request, res: Response, type: ObjectType, actor: Principal,
    opts: { row?: StoredObject; content?: Record<string, unknown>; isNew?: boolean; errors?: ErrorDetail[]; saved?: boolean }, status = 200) {
    const lang = langOf(req.query.lang);
    // Those who may not see working versions (a municipality looking at a master text) see the live one.
    const seesWorking = opts.row ? decide(actor, 'read', type.name as Resource, { ...factsOfRow(opts.row), published: false }).ok : true;
    const draft = opts.row && seesWorking ? await getDraft(db, opts.row.uuid) : undefined;
    const working = opts.row ? workingOf(opts.row, draft) : undefined;
    const content = opts.content ?? working?.content ?? {};
    const errors = new Map((opts.errors ?? []).map((e) => [e.path, e.message]));
    const fields = FORMS[type.name]!.map((f) => renderField(f, content, errors));
    const resource = type.name as Resource;
    const canEdit = opts.row ? decide(actor, 'update', resource, factsOfRow(opts.row)).ok : scopeOf(actor, resource, 'create') !== undefined;
    let transitions: unknown[] = [];
    let master: unknown;
    let quality: ErrorDetail[] = [];
    if (opts.row && working) {
      transitions = STATUSES.map((to) => {
        const t = findTransition(resource, working.status, to);
        if (!t || !decideStep(actor, t.step, resource, factsOfRow(opts.row!)).ok) return undefined;
        return { to, label: ACTION_LABEL[lang][to], needsComment: t.step === 'reject', approve: t.step === 'approve', schedulable: t.step === 'publish' || t.step === 'unpublish', danger: t.step === 'reject' || t.step === 'unpublish' };
      }).filter(Boolean);
      if (canEdit) quality = await qualityProblems(db, type.name, opts.row.uuid, working.content);
    }
    if (type.name === 'Spezialisierung') {
      const leistungId = String(content.leistungId ?? '');
      const l = isUuid(leistungId) ? await getObject(db, OBJECT_TYPES[0]!.table, leistungId.toLowerCase()) : undefined;
      if (l) master = { name: objectName(OBJECT_TYPES[0]!, l.content, lang), modules: textModules(l.content, lang), version: l.version, id: l.uuid };
    }
    const schedules = opts.row ? await schedulesOf(db, opts.row.uuid) : {};
    send(req, res, 'redaktion/edit', {
      heading: opts.isNew ? `${TYPE_LABEL[type.name]![lang === 'en' ? 1 : 0]}: ${lang === 'en' ? 'new' : 'neu'}` : objectName(type, content, lang) || type.name,
      type: { path: type.path, name: type.name }, isNew: opts.isNew, row: opts.row, working, draft, fields, canEdit, transitions, master,
      errorList: (opts.errors ?? []).map((e) => ({ message: e.message, path: e.path, anchor: anchorFor(e.path) })), saved: opts.saved,
      statusLabel: working ? STATUS_LABEL[lang][working.status] : undefined, quality, schedules: Object.entries(schedules).map(([to, s]) => ({ to: STATUS_LABEL[lang][to as Status], ...s })),
      action: opts.isNew ? `/redaktion/${type.path}/neu${langQ(lang)}` : `/redaktion/${type.path}/${opts.row!.uuid}${langQ(lang)}`,
      statusAction: opts.row ? `/redaktion/${type.path}/${opts.row.uuid}/status${langQ(lang)}` : undefined,
      historyUrl: opts.row && seesWorking ? `/redaktion/${type.path}/${opts.row.uuid}/versionen${langQ(lang)}` : undefined,
      previewUrl: opts.row && type.name === 'Leistung' ? `/redaktion/${type.path}/${opts.row.uuid}/vorschau${langQ(lang)}` : undefined,
      localiseUrl: opts.row && type.name === 'Leistung' && scopeOf(actor, 'Spezialisierung', 'create') ? `/redaktion/spezialisierungen/neu?leistung=${opts.row.uuid}` : undefined,
      publicUrl: opts.row && type.name === 'Leistung' && opts.row.status === PUBLISHED ? `/leistungen/${opts.row.uuid}` : undefined,
      leistungId: content.leistungId,
    }, status);
  }

  return router;
}

/** Only local paths inside the workspace are followed after the sign-in. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/redaktion(\/[\w\-/?=&.%]*)?$/.test(value) ? value : '/redaktion';
}

const stringField = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim().slice(0, 1000) : undefined);

function withQuery(path: string, lang: Lang, extra: Record<string, string>): string {
  const p = new URLSearchParams({ ...(lang === 'en' ? { lang } : {}), ...extra });
  return `${path}?${p}`;
}

/** The id of the form control for an error path (for the error summary's links). */
function anchorFor(path: string): string {
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'modulText' && parts.length >= 2) return 'modulText';
  return parts.slice(0, 1).join('_') || 'form';
}

/** `2026-12-01T08:00` typed in Germany → its UTC offset on that day (+01:00 or +02:00). */
function berlinOffset(local: string): string {
  const guess = new Date(`${local}:00Z`);
  if (Number.isNaN(guess.getTime())) return 'Z';
  const berlin = new Date(guess.toLocaleString('en-US', { timeZone: 'Europe/Berlin' }));
  const utc = new Date(guess.toLocaleString('en-US', { timeZone: 'UTC' }));
  const minutes = Math.round((berlin.getTime() - utc.getTime()) / 60000);
  const sign = minutes >= 0 ? '+' : '-';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Text modules for reading (sanitised HTML), named as in the code list. */
function textModules(content: Record<string, unknown>, lang: Lang) {
  return ((content.modulText as Array<{ leikaTextmodul: string; inhalt: Array<{ languageCode: string; value: string }> }> | undefined) ?? [])
    .map((m) => {
      const text = localized(m.inhalt, lang);
      return { code: TEXT_MODULES.find((t) => t.value === m.leikaTextmodul)?.label ?? m.leikaTextmodul, text: text ? { lang: text.lang, html: safeHtml(text.value) } : undefined };
    });
}

function diffView(d: ReturnType<typeof documentDiff>) {
  return {
    modules: d.modules.filter((m) => m.change !== 'unchanged').map((m) => ({ ...m, segments: m.segments.map((s) => ({ ...s, ins: s.op === 'insert', del: s.op === 'delete' })) })),
    fields: d.fields.map((f) => ({ field: f.field, from: JSON.stringify(f.from ?? null), to: JSON.stringify(f.to ?? null) })),
  };
}
