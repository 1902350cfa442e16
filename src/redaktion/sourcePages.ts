/**
 * The workspace's pages for sources (`/redaktion/quellen`, Landesredaktion without limit and
 * admins): the list with each source's last run, registering a source, a source's settings and
 * run history with "jetzt abrufen" and pause, and a run's report — for a run held by the
 * deletion guard the objects that would vanish from the portal, to confirm or reject. The rules
 * are those of the API (src/sources/).
 */
import type { Request, Response, Router } from 'express';
import type { Principal } from '../auth/policy';
import { listTenants } from '../db/accessStore';
import { findRun, latestRuns, listRuns, listSources, type RunRow } from '../db/sourceStore';
import type { AppDeps } from '../http/deps';
import { langOf, type Lang } from '../portal/i18n';
import { AppError, type ErrorDetail } from '../shared/errors';
import { SOURCE_KLASSEN, SOURCE_ROLES } from '../sources/grant';
import { confirmHeld, rejectHeld, type Candidate, type Deletion } from '../sources/guard';
import { pauseSource, runSoon } from '../sources/jobs';
import type { FileResult } from '../sources/pull';
import { sourceSettings } from '../sources/routes';
import { assertManagesSources, changeSource, registerSource, removeSource, sourceOf } from '../sources/sources';
import { KLASSE_TYPES } from '../syndication/mapping';
import type { Klasse } from '../xzufi/objects';
import { findObjectByXzufiId } from '../db/objectStore';
import { editorMessage } from './messages';
import { langQ, type Pages } from './pages';
import { berlinTime, objectName, stringField } from './view';

type Words = [string, string];
const en = (lang: Lang) => lang === 'en';
const w = (words: Words | undefined, lang: Lang, fallback: string) => words?.[en(lang) ? 1 : 0] ?? fallback;

export const RUN_STATUS: Record<string, Words> = {
  running: ['läuft', 'running'], succeeded: ['erfolgreich', 'succeeded'], partial: ['teilweise übernommen', 'partly applied'],
  held: ['angehalten – Löschungen zur Prüfung', 'held – deletions to review'], failed: ['fehlgeschlagen', 'failed'],
  interrupted: ['abgebrochen (Instanz beendet)', 'interrupted (instance stopped)'], confirmed: ['Löschungen bestätigt', 'deletions confirmed'],
  rejected: ['Löschungen verworfen', 'deletions rejected'], superseded: ['durch neueren Abruf ersetzt', 'superseded by a newer run'],
};
const KIND: Record<string, Words> = {
  index: ['Sammlerdienst (index.txt mit Dateien, vollständiger Bestand)', 'Collector (index.txt with files, the complete state)'],
  delta: ['Änderungs-Feed (Cursor)', 'Changes feed (cursor)'],
  bereitstelldienst: ['PVOG-Bereitstelldienst (JSON-Umschlag)', 'PVOG Bereitstelldienst (JSON envelope)'],
};
const CREDENTIALS: Record<string, Words> = { none: ['keine', 'none'], bearer: ['Bearer-Token', 'bearer token'], basic: ['Benutzername und Passwort (Basic)', 'user name and password (basic)'], oauth2: ['OAuth2 Client Credentials', 'OAuth2 client credentials'] };
const HELD: Record<string, Words> = {
  empty_index: ['Der Index der Quelle war leer.', "The source's index was empty."],
  failed_files: ['Nicht alle Dateien des Index konnten gelesen und übernommen werden.', 'Not every file of the index could be read and applied.'],
  over_limit: ['Es würden mehr Objekte gelöscht, als die Grenze der Quelle erlaubt.', "More objects would be deleted than the source's limit allows."],
};
const FILE_STATUS: Record<string, Words> = {
  applied: ['übernommen', 'applied'], partially_applied: ['teilweise übernommen', 'partly applied'], unchanged: ['unverändert', 'unchanged'],
  refused: ['abgelehnt', 'refused'], fetch_failed: ['nicht abrufbar', 'could not be fetched'],
};
const KLASSE_LABEL: Record<string, Words> = {
  Leistung: ['Leistungen', 'Services'], LeistungSpezialisierung: ['Spezialisierungen', 'Localisations'], Organisationseinheit: ['Organisationseinheiten', 'Offices'],
  Onlinedienst: ['Onlinedienste', 'Online services'], Zustaendigkeit: ['Zuständigkeiten', 'Responsibilities'],
};
const ROLE_LABEL: Record<string, Words> = { landesredakteur: ['Landesredaktion', 'state editor'], fachressort: ['Fachressort', 'ministry'], kommunalredakteur: ['Kommunalredaktion', 'municipal editor'] };

/** Field errors of the source form in words an editor understands. */
const FIELD_WORDS: Record<string, Words> = {
  '/name': ['Bitte einen Namen angeben (höchstens 100 Zeichen), den noch keine andere Quelle trägt.', 'Give a name (at most 100 characters) no other source has.'],
  '/kind': ['Bitte die Art der Quelle wählen.', 'Choose the kind of source.'],
  '/tenant': ['Bitte den Mandanten wählen, als der die Quelle schreibt.', 'Choose the tenant the source writes as.'],
  '/role': ['Bitte die Rolle wählen, mit der die Quelle schreibt.', 'Choose the role the source writes with.'],
  '/ars': ['Der Regionalschlüssel muss aus 1–12 Ziffern bestehen und im Gebiet des Mandanten liegen.', "The regional key must be 1–12 digits inside the tenant's area."],
  '/schemeAgencyIds': ['Bitte die Redaktionskennungen (schemeAgencyID) angeben, deren Objekte die Quelle schreiben darf, z. B. S06000.', 'Give the schemeAgencyIDs whose objects the source may write, e.g. S06000.'],
  '/klassen': ['Bitte mindestens eine Objektklasse wählen.', 'Choose at least one object class.'],
  '/intervalMinutes': ['Der Abstand muss zwischen 5 Minuten und 7 Tagen (10080 Minuten) liegen.', 'The interval must be 5 minutes to 7 days (10080 minutes).'],
  '/deletionLimitPercent': ['Bitte einen Anteil von 0 bis 100 Prozent angeben.', 'Give a share from 0 to 100 percent.'],
  '/deletionLimitCount': ['Bitte eine ganze Zahl ab 0 angeben.', 'Give a whole number from 0.'],
};

function shownErrors(details: ErrorDetail[], lang: Lang): ErrorDetail[] {
  return details.map((d) => {
    if (d.path === '/url' || d.path === '/credentials/tokenUrl') {
      const localised = editorMessage(d, lang);
      const generic: Words = ['Bitte eine vollständige Adresse mit http:// oder https:// angeben.', 'Give a complete address starting with http:// or https://.'];
      return { ...d, message: localised.message !== d.message ? localised.message : w(/public address|resolved/.test(d.message) ? undefined : generic, lang, d.message) };
    }
    if (d.path.startsWith('/credentials')) {
      const key = /CREDENTIALS_KEY/.test(d.message);
      return { ...d, message: key ? w(['Zugangsdaten können nicht gespeichert werden: Der Betrieb hat keinen Schlüssel (CREDENTIALS_KEY) eingerichtet.', 'Credentials cannot be stored: the operator has not set CREDENTIALS_KEY.'], lang, d.message) : w(['Bitte die Zugangsdaten der gewählten Art vollständig angeben.', 'Give the credentials of the chosen kind completely.'], lang, d.message) };
    }
    return FIELD_WORDS[d.path] ? { ...d, message: w(FIELD_WORDS[d.path], lang, d.message) } : editorMessage(d, lang);
  });
}

/** The form's fields as the API's body. */
function bodyOf(form: Record<string, unknown>): Record<string, unknown> {
  const kind = stringField(form.zugang) ?? 'none';
  const credentials = kind === 'bearer' ? { kind, token: form.token }
    : kind === 'basic' ? { kind, username: form.benutzer, password: form.passwort }
      : kind === 'oauth2' ? { kind, tokenUrl: form.tokenUrl, clientId: form.clientId, clientSecret: form.clientSecret, scope: form.scope }
        : undefined;
  return {
    name: stringField(form.name) ?? '', kind: form.art, url: stringField(form.url) ?? '', tenant: form.mandant, role: form.rolle,
    ars: stringField(form.ars) ?? null, schemeAgencyIds: stringField(form.kennungen) ?? '',
    klassen: ([] as unknown[]).concat(form.klassen ?? []), target: form.ziel === 'draft' ? 'draft' : 'live',
    intervalMinutes: stringField(form.abstand), deletionLimitPercent: stringField(form.grenzeProzent), deletionLimitCount: stringField(form.grenzeAnzahl),
    ...(credentials ? { credentials } : kind === 'none' && form.zugangLoeschen ? { credentials: null } : {}),
  };
}

export function registerSourcePages(router: Router, { db, send, signedIn, notFound }: Pages, deps: AppDeps): void {
  const settings = sourceSettings(deps.config);
  const allowed = (req: Request, res: Response): Principal | undefined => {
    const actor = signedIn(req, res);
    if (!actor) return undefined;
    try {
      assertManagesSources(actor);
      return actor;
    } catch {
      notFound(req, res);
      return undefined;
    }
  };
  const runView = (r: RunRow, sourceId: string, lang: Lang) => ({
    ...r, statusLabel: w(RUN_STATUS[r.status], lang, r.status), at: berlinTime(r.startedAt, lang), held: r.status === 'held',
    failedRun: r.status === 'failed' || r.status === 'partial', url_: `/redaktion/quellen/${sourceId}/laeufe/${r.id}${langQ(lang)}`,
    seconds: ((r.stats.durationMs ?? 0) / 1000).toLocaleString(en(lang) ? 'en' : 'de', { maximumFractionDigits: 1 }),
  });

  async function listPage(req: Request, res: Response, extra: { errors?: ErrorDetail[]; values?: Record<string, unknown>; done?: string } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const last = new Map((await latestRuns(db)).map((r) => [r.sourceId, r]));
    const shown = shownErrors(extra.errors ?? [], lang);
    const at = (path: string) => shown.find((e) => e.path === path || (path === '/credentials' && e.path.startsWith('/credentials')))?.message;
    const v = extra.values ?? {};
    const chosen = ([] as unknown[]).concat(v.klassen ?? SOURCE_KLASSEN);
    send(req, res, 'redaktion/quellen', {
      heading: en(lang) ? 'Sources' : 'Quellen', done: extra.done, values: v,
      errorList: shown.map((e) => ({ message: e.message, anchor: `quelle-${(e.path.replace(/^\//, '').split('/')[0]) || 'name'}` })),
      err: Object.fromEntries(['/name', '/kind', '/url', '/tenant', '/role', '/ars', '/schemeAgencyIds', '/klassen', '/intervalMinutes', '/deletionLimitPercent', '/deletionLimitCount', '/credentials'].map((p) => [p.slice(1), at(p)])),
      sources: (await listSources(db)).map((s) => {
        const r = last.get(s.id);
        return { ...s, kindLabel: w(KIND[s.kind], lang, s.kind), url_: `/redaktion/quellen/${s.id}${langQ(lang)}`, last: r ? runView(r, s.id, lang) : undefined };
      }),
      kinds: Object.keys(KIND).map((k) => ({ value: k, label: w(KIND[k], lang, k), checked: (v.art ?? 'index') === k })),
      tenants: (await listTenants(db)).map((t) => ({ value: t.id, label: t.name, selected: v.mandant === t.id })),
      roles: SOURCE_ROLES.map((r) => ({ value: r, label: w(ROLE_LABEL[r], lang, r), selected: (v.rolle ?? 'landesredakteur') === r })),
      klassen: SOURCE_KLASSEN.map((k) => ({ value: k, label: w(KLASSE_LABEL[k], lang, k), checked: chosen.includes(k) })),
      zugang: Object.keys(CREDENTIALS).map((k) => ({ value: k, label: w(CREDENTIALS[k], lang, k), checked: (v.zugang ?? 'none') === k })),
      keyMissing: !settings.credentialsKey,
    }, status);
  }

  router.get('/quellen', async (req, res) => {
    if (allowed(req, res)) await listPage(req, res);
  });

  router.post('/quellen', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    try {
      const source = await registerSource(db, actor, bodyOf(req.body), settings);
      await runSoon(deps.database, source.id);
      res.redirect(303, `/redaktion/quellen/${source.id}?angelegt=1${en(lang) ? '&lang=en' : ''}`);
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      const { token: _t, passwort: _p, clientSecret: _c, ...values } = req.body as Record<string, unknown>;
      await listPage(req, res, { errors: err.details.length ? err.details : [{ path: '/name', message: err.message }], values }, err.status === 409 ? 409 : 422);
    }
  });

  async function detailPage(req: Request, res: Response, actor: Principal, extra: { done?: string; errors?: ErrorDetail[] } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const source = await sourceOf(db, actor, String(req.params.id));
    const runs = await listRuns(db, source.id, 30);
    const shown = shownErrors(extra.errors ?? [], lang);
    const done = extra.done ?? (req.query.angelegt ? (en(lang) ? 'Source registered; its first run is queued.' : 'Quelle angelegt; der erste Abruf ist eingeplant.') : undefined);
    send(req, res, 'redaktion/quelle', {
      heading: `${en(lang) ? 'Source' : 'Quelle'}: ${source.name}`, source, done,
      errorList: shown.map((e) => ({ message: e.message, anchor: 'quelle-einstellungen' })),
      kindLabel: w(KIND[source.kind], lang, source.kind), credentialsLabel: w(CREDENTIALS[source.credentialsKind], lang, source.credentialsKind),
      roleLabel: w(ROLE_LABEL[source.role], lang, source.role),
      klassenText: source.klassen.map((k) => w(KLASSE_LABEL[k], lang, k)).join(', '), agencies: source.schemeAgencyIds.join(', '),
      runs: runs.map((r) => runView(r, source.id, lang)), held: runs[0]?.status === 'held' ? runView(runs[0], source.id, lang) : undefined,
    }, status);
  }

  const withSource = (handler: (req: Request, res: Response, actor: Principal) => Promise<void>) => async (req: Request, res: Response) => {
    const actor = allowed(req, res);
    if (!actor) return;
    try {
      await handler(req, res, actor);
    } catch (err) {
      if (err instanceof AppError && err.status === 404) return notFound(req, res);
      throw err;
    }
  };

  router.get('/quellen/:id', withSource((req, res, actor) => detailPage(req, res, actor)));

  router.post('/quellen/:id/abrufen', withSource(async (req, res, actor) => {
    const source = await sourceOf(db, actor, String(req.params.id));
    await runSoon(deps.database, source.id);
    await detailPage(req, res, actor, { done: en(langOf(req.query.lang)) ? 'Run queued; it starts within seconds. Reload the page to see it.' : 'Abruf eingeplant; er beginnt in wenigen Sekunden. Laden Sie die Seite neu, um ihn zu sehen.' });
  }));

  router.post('/quellen/:id/pausieren', withSource(async (req, res, actor) => {
    const source = await sourceOf(db, actor, String(req.params.id));
    const paused = !source.paused;
    await changeSource(db, actor, source.id, { paused }, settings);
    await pauseSource(deps.database, source.id, paused);
    const lang = langOf(req.query.lang);
    await detailPage(req, res, actor, { done: paused ? (en(lang) ? 'Paused: no scheduled runs until resumed.' : 'Pausiert: keine geplanten Abrufe, bis Sie fortsetzen.') : (en(lang) ? 'Resumed; a run is due now.' : 'Fortgesetzt; ein Abruf steht jetzt an.') });
  }));

  router.post('/quellen/:id/einstellungen', withSource(async (req, res, actor) => {
    const source = await sourceOf(db, actor, String(req.params.id));
    const lang = langOf(req.query.lang);
    const body = bodyOf({ ...req.body, art: source.kind });
    delete body.kind;
    try {
      await changeSource(db, actor, source.id, body, settings);
      await detailPage(req, res, actor, { done: en(lang) ? 'Settings saved.' : 'Einstellungen gespeichert.' });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      await detailPage(req, res, actor, { errors: err.details.length ? err.details : [{ path: '/name', message: err.message }] }, err.status);
    }
  }));

  router.post('/quellen/:id/entfernen', withSource(async (req, res, actor) => {
    const source = await sourceOf(db, actor, String(req.params.id));
    await pauseSource(deps.database, source.id, true);
    await removeSource(db, actor, source.id);
    const lang = langOf(req.query.lang);
    await listPage(req, res, { done: en(lang) ? `Source ${source.name} removed; the objects it wrote stay.` : `Quelle ${source.name} entfernt; die Objekte, die sie geschrieben hat, bleiben.` });
  }));

  async function runPage(req: Request, res: Response, actor: Principal, extra: { done?: string; error?: string } = {}, status = 200) {
    const lang = langOf(req.query.lang);
    const source = await sourceOf(db, actor, String(req.params.id));
    const run = /^[0-9a-f-]{36}$/i.test(String(req.params.run)) ? await findRun(db, source.id, String(req.params.run).toLowerCase()) : undefined;
    if (!run) throw new AppError('not_found', 'no such run');
    const report = run.report as { heldReason?: string; limit?: number; sourceObjects?: number; candidates?: Candidate[]; candidatesTruncated?: boolean; deletions?: Deletion[]; files?: FileResult[]; error?: { code: string; message: string } };
    const named = async (o: { klasse: string; schemeAgencyId: string; xzufiId: string }) => {
      const type = KLASSE_TYPES[o.klasse as Klasse];
      const row = type ? await findObjectByXzufiId(db, type.table, o.schemeAgencyId, o.xzufiId) : undefined;
      return { ...o, klasseLabel: w(KLASSE_LABEL[o.klasse], lang, o.klasse), name: row ? objectName(type, row.content, lang) || o.xzufiId : o.xzufiId, url_: row ? `/redaktion/${type.path}/${row.uuid}${langQ(lang)}` : undefined, published: row?.status === 'veroeffentlicht' };
    };
    const candidates = await Promise.all((report.candidates ?? []).slice(0, 1000).map(named));
    const vanish = Object.entries(candidates.filter((c) => c.published).reduce<Record<string, number>>((m, c) => ({ ...m, [c.klasseLabel]: (m[c.klasseLabel] ?? 0) + 1 }), {})).map(([label, n]) => `${n} ${label}`).join(', ');
    const newest = (await listRuns(db, source.id, 1))[0];
    send(req, res, 'redaktion/quelle-lauf', {
      heading: `${en(lang) ? 'Run of' : 'Abruf von'} ${source.name}, ${berlinTime(run.startedAt, lang)}`, source, run: runView(run, source.id, lang), done: extra.done,
      errorList: extra.error ? [{ message: extra.error, anchor: 'entscheidung' }] : [],
      decidable: run.status === 'held' && newest?.id === run.id, heldReason: report.heldReason ? w(HELD[report.heldReason], lang, report.heldReason) : undefined,
      limit: report.limit, sourceObjects: report.sourceObjects, candidates, candidateCount: report.candidates?.length ?? 0, moreCandidates: (report.candidates?.length ?? 0) > candidates.length || report.candidatesTruncated,
      vanish, error: report.error,
      deletions: await Promise.all((report.deletions ?? []).map(async (d) => ({ ...(await named(d)), outcomeLabel: d.outcome === 'deleted' ? (en(lang) ? 'deleted' : 'gelöscht') : d.outcome === 'absent' ? (en(lang) ? 'was gone already' : 'war schon entfernt') : (en(lang) ? `not deleted: ${d.message}` : `nicht gelöscht: ${d.message}`) }))),
      files: (report.files ?? []).filter((f) => f.status !== 'applied' && f.status !== 'unchanged').map((f) => ({ ...f, statusLabel: w(FILE_STATUS[f.status], lang, f.status) })),
    }, status);
  }

  router.get('/quellen/:id/laeufe/:run', withSource((req, res, actor) => runPage(req, res, actor)));

  for (const [path, decide] of [['bestaetigen', 'confirm'], ['verwerfen', 'reject']] as const) {
    router.post(`/quellen/:id/laeufe/:run/${path}`, withSource(async (req, res, actor) => {
      const lang = langOf(req.query.lang);
      const source = await sourceOf(db, actor, String(req.params.id));
      try {
        if (decide === 'confirm') await confirmHeld(deps.database, deps.config.schemeAgencyId, source.id, String(req.params.run).toLowerCase(), actor);
        else await rejectHeld(deps.database, source.id, String(req.params.run).toLowerCase(), actor);
      } catch (err) {
        if (!(err instanceof AppError) || err.status !== 409) throw err;
        return runPage(req, res, actor, { error: en(lang) ? 'This run can no longer be decided: it was decided already or a newer run replaced it.' : 'Über diesen Abruf kann nicht mehr entschieden werden: Er ist schon entschieden oder durch einen neueren ersetzt.' }, 409);
      }
      await runPage(req, res, actor, { done: decide === 'confirm' ? (en(lang) ? 'Deletions confirmed and carried out.' : 'Löschungen bestätigt und ausgeführt.') : (en(lang) ? 'Deletions rejected: the objects stay and no longer belong to the source.' : 'Löschungen verworfen: Die Objekte bleiben und gehören nicht mehr zur Quelle.') });
    }));
  }
}
