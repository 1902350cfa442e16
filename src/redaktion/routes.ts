/**
 * The editor workspace `/redaktion` (server-rendered, German with an English translation via
 * `?lang=en`): sign-in, dashboard, lists, edit forms, preview, history with diff, workflow
 * buttons with scheduling, master-change notices, the OZG dashboard. Every change goes through
 * the same services as the API (policy, validation, quality gate, versions, audit).
 */
import express, { Router, type Request, type Response } from 'express';
import { randomBytes } from 'node:crypto';
import { canDo, decide, decideStep, findTransition, scopeOf, STATUSES, visibilityOf, type Principal, type Resource, type Status } from '../auth/policy';
import { getDraft } from '../db/draftStore';
import { getObject, PUBLISHED, type StoredObject } from '../db/objectStore';
import { checkCsrf, type Authentication } from '../http/auth';
import type { AppDeps } from '../http/deps';
import type { Views } from '../http/views';
import { OBJECT_TYPES } from '../objectTypes';
import { langOf, MESSAGES, type Lang } from '../portal/i18n';
import { buildMasterPage } from '../portal/leistungPage';
import { leistungView, renderMaster } from '../portal/leistungFragments';
import { placeParts } from '../portal/placeParts';
import { baseUrl } from '../portal/routes';
import { qualityProblems } from '../quality/gate';
import { AppError, type ErrorDetail } from '../shared/errors';
import { createObject, factsOfRow, removeObject, replaceObject, workingOf, type ServiceContext } from '../shared/objectService';
import type { ObjectType } from '../shared/objectType';
import { isUuid } from '../shared/references';
import { findTenant } from '../tenant/repository';
import { schedulesOf, transition } from '../workflow/workflow';
import { dashboardModel } from './dashboard';
import { applyForm, name as fieldName, renderField, rowAction, selectorPaths, type PickState } from './forms';
import { IMPORT_MAP } from '../http/vendor';
import { registerAdminPages } from './adminPages';
import { labelIn } from './formLabels';
import { registerOzgPages } from './ozgPages';
import { langQ, typeByPath, type Pages } from './pages';
import { registerListPages } from './listPages';
import { registerHistoryPages } from './historyPages';
import { registerLeikaRequestPages } from './leikaRequestPages';
import { registerWebhookPages } from './webhookPages';
import { registerSourcePages } from './sourcePages';
import { registerNoticePages } from './noticePages';
import { registerXzufiPages, registerXzufiUpload } from './xzufiPages';
import type { SchemaValidator } from '../xzufi/schemaValidator';
import { DONE, editorMessage } from './messages';
import { PICK_TARGETS, suggest } from './pickers';
import { pickerLabels, resolvePicks } from './pickSteps';
import { findLeika, leistungenUsingKeys, searchLeika } from '../db/leikaStore';
import { typisierungOf } from '../leika/catalogue';
import { FORMS } from './typeForms';
import { htmlReductions, type Reduction } from './sanitizerNotes';
import {
  ACTION_LABEL, anchorFor, berlinOffset, objectName, safeNext, STATUS_LABEL, stringField, textModules, TYPE_LABEL, withQuery,
} from './view';

export function redaktionRouter(deps: AppDeps & { validator: SchemaValidator }, views: Views, auth: Authentication): Router {
  const router = Router();
  const db = deps.database.db;
  const pages: Pages = { db, send, signedIn, notFound: (req, res) => notFoundPage(req, res) };
  // The upload's multipart body carries its own CSRF token: registered before the check below.
  registerXzufiUpload(router, pages, deps);
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
  function actorOf(res: Response) { return res.locals.actor as Principal; }

  function send(req: Request, res: Response, name: string, model: Record<string, unknown>, status = 200) {
    const lang = langOf(req.query.lang);
    const actor = actorOf(res);
    const other = new URL(req.originalUrl, 'http://x');
    if (lang === 'en') other.searchParams.delete('lang'); else other.searchParams.set('lang', 'en');
    views.send(res, name, {
      lang, area: 'redaktion', robots: 'noindex', title: `${String(model.heading ?? 'Redaktion')} – fim-redaktion`,
      otherLangUrl: `${other.pathname}${other.search}`, csrfToken: csrfToken(req), user: actor.kind === 'user' ? actor : undefined, canAdmin: actor.kind === 'user' && canDo(actor, 'manage_access'),
      canXzufi: actor.kind === 'user' && (canDo(actor, 'xzufi_import') || canDo(actor, 'xzufi_export')),
      canLeikaRequests: actor.kind === 'user' && canDo(actor, 'request_leika'),
      canWebhooks: actor.kind === 'user' && canDo(actor, 'xzufi_export') && !!actor.tenantId, importMap: IMPORT_MAP,
      canSources: actor.kind === 'user' && (actor.role === 'landesredakteur' || actor.role === 'admin') && actor.limit === null,
      langQuery: langQ(lang), types: OBJECT_TYPES.map((t) => ({ path: t.path, label: TYPE_LABEL[t.name]![lang === 'en' ? 1 : 0] })),
      ...model,
    }, status);
  }

  function signedIn(req: Request, res: Response): Principal | undefined {
    const actor = actorOf(res);
    if (actor.kind === 'user') return actor;
    res.redirect(303, `/redaktion/anmelden?weiter=${encodeURIComponent(req.originalUrl)}`);
    return undefined;
  }
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
    send(req, res, 'redaktion/dashboard', await dashboardModel(db, actor, langOf(req.query.lang)));
  });

  // --- OZG dashboard (ozgPages.ts) -------------------------------------------------------------
  registerOzgPages(router, pages);
  registerXzufiPages(router, pages, deps);
  registerLeikaRequestPages(router, pages);
  registerWebhookPages(router, pages, deps);
  registerSourcePages(router, pages, deps);

  // --- master-change notices (noticePages.ts) ---------------------------------------------------
  registerNoticePages(router, pages, deps);

  // --- Verwaltung: tenants, users, tokens (manage_access) -------------------------------------
  registerAdminPages(router, pages);

  // --- picker suggestions (public/picker.js) --------------------------------------------------
  router.get('/auswahl/:ziel', async (req, res) => {
    const actor = signedIn(req, res);
    if (!actor) return;
    const target = PICK_TARGETS[String(req.params.ziel)];
    if (!target) return notFoundPage(req, res);
    const q = typeof req.query.q === 'string' ? req.query.q : '';
    res.set('Cache-Control', 'no-store').json({ items: await suggest(db, actor, target, q, langOf(req.query.lang), { multi: req.query.mehrere === '1' }) });
  });

  // --- object lists, forms, workflow -----------------------------------------------------------
  registerListPages(router, pages);

  router.get('/:type/neu', async (req, res) => {
    const type = typeByPath(String(req.params.type));
    if (!type) return notFoundPage(req, res);
    const actor = signedIn(req, res);
    if (!actor) return;
    const preset: Record<string, unknown> = {};
    const q = (key: string) => (typeof req.query[key] === 'string' && isUuid(req.query[key] as string) ? (req.query[key] as string).toLowerCase() : undefined);
    const tenant = actor.tenantId ? await findTenant(db, actor.tenantId) : undefined;
    if (type.name === 'Spezialisierung' && q('leistung')) {
      preset.leistungId = q('leistung');
      if (tenant?.ars) preset.gebietID = [tenant.ars];
    }
    // "Zuständigkeit anlegen" from a Leistung, an office or an online service: both ends filled.
    if (type.name === 'Zustaendigkeit') {
      if (q('leistung')) preset.leistungId = q('leistung');
      if (q('organisationseinheit')) preset.organisationseinheitId = q('organisationseinheit');
      if (q('onlinedienst')) preset.onlinedienstId = q('onlinedienst');
      if (tenant?.ars && tenant.kind !== 'landesredaktion') preset.gebietID = tenant.ars;
    }
    // A new Leistung from the LeiKa catalogue: key, Typisierung and Leistungsbezeichnung (02), all editable.
    let leika: { q: string; hits: Array<{ url: string; label: string; typisierung: string }> } | undefined;
    if (type.name === 'Leistung') {
      const lang = langOf(req.query.lang);
      const key = typeof req.query.leika === 'string' && /^\d{14}$/.test(req.query.leika) ? req.query.leika : undefined;
      const entry = key ? await findLeika(db, key) : undefined;
      if (entry) {
        preset.referenzLeiKa = [entry.key];
        if (typisierungOf(entry).length) preset.typisierung = typisierungOf(entry);
        preset.modulText = [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: entry.bezeichnung }] }];
      }
      const text = typeof req.query.leikaSuche === 'string' ? req.query.leikaSuche.trim().slice(0, 100) : '';
      if (text) {
        const hits = await searchLeika(db, { q: text, limit: 20 });
        leika = { q: text, hits: hits.map((e) => ({ url: withQuery(`/redaktion/leistungen/neu`, lang, { leika: e.key }), label: `${e.bezeichnung} (${e.key})`, typisierung: e.typisierung ?? '' })) };
      }
    }
    await formPage(req, res, type, actor, { content: preset, isNew: true, leika });
  });

  router.post('/:type/neu', async (req, res) => {
    const type = typeByPath(String(req.params.type));
    if (!type) return notFoundPage(req, res);
    const actor = signedIn(req, res);
    if (!actor) return;
    const base = type.name === 'Spezialisierung' ? { leistungId: String(req.body.leistungId ?? '') } : {};
    const picked = await resolvePicks(db, actor, FORMS[type.name]!, req.body, langOf(req.query.lang));
    const content = applyForm(FORMS[type.name]!, base, picked.body);
    // "Zeile hinzufügen" / "nach oben": the form again with the change, nothing saved.
    const rows = rowAction(FORMS[type.name]!, content, picked.body);
    if (rows) return formPage(req, res, type, actor, { content, isNew: true, errors: picked.problems, picks: picked.picks, extraRows: rows.extraRows });
    if (picked.problems.length) return formPage(req, res, type, actor, { content, isNew: true, errors: picked.problems, picks: picked.picks }, 422);
    // Formatting the portals do not allow: shown with the cleaned text before anything is saved.
    const reduced = htmlReductions(FORMS[type.name]!, picked.body, langOf(req.query.lang));
    if (reduced.length) return formPage(req, res, type, actor, { content, isNew: true, picks: picked.picks, reduced, unsaved: true });
    try {
      const row = await createObject(ctxOf(actor, stringField(req.body.comment)), type, content);
      res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, langOf(req.query.lang), { gespeichert: 'created' }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await formPage(req, res, type, actor, { content, isNew: true, errors: err.details.length ? err.details : [{ path: '/', message: err.message }] }, err.status);
    }
  });

  router.get('/:type/:id', async (req, res) => {
    const found = await loadObject(req, res);
    if (!found) return;
    const done = typeof req.query.gespeichert === 'string' ? DONE[req.query.gespeichert] ?? DONE.saved : undefined;
    await formPage(req, res, found.type, found.actor, { row: found.row, saved: done?.[langOf(req.query.lang)] });
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
    const picked = await resolvePicks(db, actor, FORMS[type.name]!, req.body, langOf(req.query.lang));
    const content = applyForm(FORMS[type.name]!, working.content, picked.body);
    const rows = rowAction(FORMS[type.name]!, content, picked.body);
    if (rows) return formPage(req, res, type, actor, { row, content, errors: picked.problems, picks: picked.picks, extraRows: rows.extraRows, unsaved: true });
    if (picked.problems.length) return formPage(req, res, type, actor, { row, content, errors: picked.problems, picks: picked.picks }, 422);
    const reduced = htmlReductions(FORMS[type.name]!, picked.body, langOf(req.query.lang));
    if (reduced.length) return formPage(req, res, type, actor, { row, content, picks: picked.picks, reduced, unsaved: true });
    // A workflow button of the action bar ("… – speichert vorher"): save, then take the step.
    const next = typeof req.body.weiter === 'string' && (STATUSES as readonly string[]).includes(req.body.weiter) ? req.body.weiter as Status : undefined;
    let saved;
    try {
      saved = await replaceObject(ctxOf(actor, stringField(req.body.comment)), type, row.uuid, { ...content, xzufiId: working.xzufiId, schemeAgencyID: working.schemeAgencyId }, Number(req.body.version));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      return formPage(req, res, type, actor, { row, content, errors: err.details.length ? err.details : [{ path: '/', message: err.message }] }, err.status);
    }
    if (next) {
      try {
        await transition(ctxOf(actor), type, row.uuid, { to: next, comment: stringField(req.body.comment) }, saved.draft?.version ?? saved.object.version);
      } catch (err) {
        if (!(err instanceof AppError)) throw err;
        const lang = langOf(req.query.lang);
        const now = (await getObject(db, type.table, row.uuid)) ?? row;
        return formPage(req, res, type, actor, { row: now, saved: DONE.saved![lang], errors: [{ path: '/', message: err.message }, ...err.details] }, err.status);
      }
    }
    res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, langOf(req.query.lang), { gespeichert: next ?? 'saved' }));
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
      res.redirect(303, withQuery(`/redaktion/${type.path}/${row.uuid}`, langOf(req.query.lang), { gespeichert: at && at.getTime() > Date.now() ? 'geplant' : to }));
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await formPage(req, res, type, actor, { row, errors: [{ path: '/', message: err.message }, ...err.details] }, err.status);
    }
  });

  registerHistoryPages(router, pages, { loadObject, ctxOf });

  router.get('/:type/:id/vorschau', async (req, res) => {
    const found = await loadObject(req, res, { working: true });
    if (!found) return;
    const { type, row } = found;
    const lang = langOf(req.query.lang);
    const draft = await getDraft(db, row.uuid);
    const working = workingOf(row, draft);
    if (type.name !== 'Leistung') return notFoundPage(req, res);
    const base = baseUrl(deps, req);
    const master = renderMaster(views, buildMasterPage({ leistung: { ...row, content: working.content }, locals: [], gebietNames: row.ars, lang, messages: MESSAGES[lang] }), lang);
    const view = leistungView(master, placeParts(undefined, lang, MESSAGES[lang], langQ(lang)), { lang, messages: MESSAGES[lang], canonicalUrl: `${base}/leistungen/${row.uuid}`, baseUrl: base });
    views.send(res, 'portal/leistung', { lang, area: 'portal', title: `Vorschau: ${view.page.title.value}`, robots: 'noindex', ...view, searchUrl: `/redaktion/${type.path}/${row.uuid}${langQ(lang)}`, printUrl: '#', preview: true });
  });

  async function loadObject(req: Request, res: Response, opts: { working?: boolean } = {}): Promise<{ type: ObjectType; actor: Principal; row: StoredObject } | undefined> {
    const type = typeByPath(String(req.params.type));
    const id = String(req.params.id);
    if (!type || !isUuid(id)) { notFoundPage(req, res); return undefined; }
    const actor = signedIn(req, res);
    if (!actor) return undefined;
    const row = await getObject(db, type.table, id.toLowerCase());
    // With `working`: only for those who may see working versions (history, preview).
    const readable = row && decide(actor, 'read', type.name as Resource, { ...factsOfRow(row), ...(opts.working ? { published: false } : {}) }).ok;
    if (!row || !readable) { notFoundPage(req, res); return undefined; }
    return { type, actor, row };
  }

  /** A single picker's visible input is `<id>__text`: the error summary links there. */
  function refAnchor(type: ObjectType, path: string): string | undefined {
    const field = FORMS[type.name]!.find((f) => f.kind === 'ref' && `/${f.path.replace(/\./g, '/')}` === path);
    return field ? `${fieldName(field.path)}__text` : undefined;
  }

  /** The label of the form field an error path points into ("/gueltigkeitGebietID/0" → "Gültigkeitsgebiet"). */
  function fieldLabelFor(type: ObjectType, path: string, lang: Lang): string | undefined {
    const fields = FORMS[type.name]!.map((f) => ({ f, pointer: `/${f.path.replace(/\./g, '/')}` }))
      .filter(({ pointer }) => path === pointer || path.startsWith(`${pointer}/`)).sort((a, b) => b.pointer.length - a.pointer.length);
    return labelIn(lang, fields[0]?.f.label);
  }

  function notFoundPage(req: Request, res: Response) {
    send(req, res, 'redaktion/not-found', { heading: 'Nicht gefunden' }, 404);
  }

  async function formPage(req: Request, res: Response, type: ObjectType, actor: Principal,
    opts: { row?: StoredObject; content?: Record<string, unknown>; isNew?: boolean; errors?: ErrorDetail[]; saved?: string; picks?: Map<string, PickState>; leika?: unknown; extraRows?: Map<string, number>; unsaved?: boolean; reduced?: Reduction[] }, status = 200) {
    const lang = langOf(req.query.lang);
    // Those who may not see working versions (a municipality looking at a master text) see the live one.
    const seesWorking = opts.row ? decide(actor, 'read', type.name as Resource, { ...factsOfRow(opts.row), published: false }).ok : true;
    const draft = opts.row && seesWorking ? await getDraft(db, opts.row.uuid) : undefined;
    const working = opts.row ? workingOf(opts.row, draft) : undefined;
    const content = opts.content ?? working?.content ?? {};
    // In the editor's words, at the field's own path, each message once.
    const seen = new Set<string>();
    const shown = selectorPaths(content, opts.errors ?? []).map((e) => editorMessage(e, lang)).filter((e) => !seen.has(`${e.path} ${e.message}`) && seen.add(`${e.path} ${e.message}`));
    const errors = new Map(shown.map((e) => [e.path, e.message]));
    const labels = await pickerLabels(db, FORMS[type.name]!, content, lang);
    const fields = FORMS[type.name]!.map((f) => renderField(f, content, errors, { labels, picks: opts.picks, lang, extraRows: opts.extraRows }));
    // Long forms get a navigation to their sections.
    const sections = fields.length > 6 ? fields.map((f) => ({ id: f.kind === 'ref' ? `${f.id}__text` : f.kind === 'modules' ? 'modulText' : f.id, label: f.label })) : [];
    const resource = type.name as Resource;
    const canEdit = opts.row ? decide(actor, 'update', resource, factsOfRow(opts.row)).ok : scopeOf(actor, resource, 'create') !== undefined;
    let transitions: unknown[] = [];
    let master: unknown;
    let quality: Array<ErrorDetail & { label?: string }> = [];
    if (opts.row && working) {
      transitions = STATUSES.map((to) => {
        const t = findTransition(resource, working.status, to);
        if (!t || !decideStep(actor, t.step, resource, factsOfRow(opts.row!)).ok) return undefined;
        return { to, label: ACTION_LABEL[lang][to], needsComment: t.step === 'reject', approve: t.step === 'approve', schedulable: t.step === 'publish' || t.step === 'unpublish', danger: t.step === 'reject' || t.step === 'unpublish', forward: ['submit', 'approve', 'publish'].includes(t.step),
          saveAndLabel: `${lang === 'en' ? 'Save and ' : 'Speichern und '}${ACTION_LABEL[lang][to].charAt(0).toLowerCase()}${ACTION_LABEL[lang][to].slice(1)}` };
      }).filter(Boolean);
      if (canEdit) quality = (await qualityProblems(db, type.name, opts.row.uuid, working.content)).map((q) => ({ ...editorMessage(q, lang), label: fieldLabelFor(type, q.path, lang) }));
    }
    if (type.name === 'Spezialisierung') {
      const leistungId = String(content.leistungId ?? '');
      const found = isUuid(leistungId) ? await getObject(db, OBJECT_TYPES[0]!.table, leistungId.toLowerCase()) : undefined;
      // The master text as this editor may read it (the API's rule): the live version, or — for its
      // editors — the row; never a Leistung the editor could not open itself.
      const l = found && decide(actor, 'read', 'Leistung', factsOfRow(found)).ok ? found : undefined;
      if (l) master = { name: objectName(OBJECT_TYPES[0]!, l.content, lang), modules: textModules(l.content, lang), version: l.version, id: l.uuid };
    }
    // Other Leistungen with the same LeiKa key (another Redaktion's catalogue may hold several): shown, not refused.
    let overlaps: Array<{ key: string; name: string; url: string; status: string }> = [];
    if (type.name === 'Leistung') {
      const keys = ((content.referenzLeiKa as string[] | undefined) ?? []).filter((k) => /^\d{14}$/.test(k));
      const uses = await leistungenUsingKeys(db, keys, visibilityOf(actor, 'Leistung'));
      overlaps = uses.filter((u) => u.uuid !== opts.row?.uuid).slice(0, 20).map((u) => ({
        key: u.key, name: objectName(type, u.content, lang) || u.key, url: `/redaktion/leistungen/${u.uuid}${langQ(lang)}`, status: STATUS_LABEL[lang][u.status as Status] ?? u.status,
      }));
    }
    const schedules = opts.row ? await schedulesOf(db, opts.row.uuid) : {};
    send(req, res, 'redaktion/edit', {
      heading: opts.isNew ? `${TYPE_LABEL[type.name]![lang === 'en' ? 1 : 0]}: ${lang === 'en' ? 'new' : 'neu'}` : objectName(type, content, lang) || type.name,
      type: { path: type.path, name: type.name }, isNew: opts.isNew, row: opts.row, working, draft, fields, canEdit, transitions, master,
      errorList: shown.map((e) => ({ message: e.message, path: e.path, label: fieldLabelFor(type, e.path, lang), anchor: refAnchor(type, e.path) ?? anchorFor(e.path) })), saved: opts.saved, reduced: opts.reduced,
      statusLabel: working ? STATUS_LABEL[lang][working.status] : undefined, quality, schedules: Object.entries(schedules).map(([to, s]) => ({ to: STATUS_LABEL[lang][to as Status], ...s })),
      action: opts.isNew ? `/redaktion/${type.path}/neu${langQ(lang)}` : `/redaktion/${type.path}/${opts.row!.uuid}${langQ(lang)}`,
      statusAction: opts.row ? `/redaktion/${type.path}/${opts.row.uuid}/status${langQ(lang)}` : undefined,
      historyUrl: opts.row && seesWorking ? `/redaktion/${type.path}/${opts.row.uuid}/versionen${langQ(lang)}` : undefined,
      previewUrl: opts.row && type.name === 'Leistung' ? `/redaktion/${type.path}/${opts.row.uuid}/vorschau${langQ(lang)}` : undefined,
      localiseUrl: opts.row && type.name === 'Leistung' && scopeOf(actor, 'Spezialisierung', 'create') ? `/redaktion/spezialisierungen/neu?leistung=${opts.row.uuid}` : undefined,
      publicUrl: opts.row && type.name === 'Leistung' && opts.row.status === PUBLISHED ? `/leistungen/${opts.row.uuid}` : undefined,
      leistungId: content.leistungId, leika: opts.leika, leikaSearch: type.name === 'Leistung' && opts.isNew, sections, unsaved: opts.unsaved, overlaps,
      newZustaendigkeitUrl: opts.row && opts.row.status === PUBLISHED && ['Leistung', 'Organisationseinheit', 'Onlinedienst'].includes(type.name) && scopeOf(actor, 'Zustaendigkeit', 'create')
        ? withQuery('/redaktion/zustaendigkeiten/neu', lang, { [type.name === 'Leistung' ? 'leistung' : type.name === 'Organisationseinheit' ? 'organisationseinheit' : 'onlinedienst']: opts.row.uuid }) : undefined,
    }, status);
  }

  return router;
}
