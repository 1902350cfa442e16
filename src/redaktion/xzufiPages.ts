/**
 * The workspace's XZuFi page: upload a message (a file, gzip allowed) to import it — always as a
 * job, whose page shows its progress and then the report per Klasse and per object — and the
 * export to download, whole or per area (the Sammlerdienst files the API serves). Rights as in
 * the API: xzufi_import to upload, xzufi_export to download; a municipal editor's export is its own
 * area. Nothing here has rules of its own: it calls the import pipeline and export of
 * src/syndication.
 */
import busboy from 'busboy';
import type { Request, Response, Router } from 'express';
import { canDo, pullLimit, type Principal } from '../auth/policy';
import { findImportJob, listImportJobs, type ImportJob } from '../db/syndicationStore';
import { csrfMatches } from '../http/auth';
import type { AppDeps } from '../http/deps';
import { langOf, type Lang } from '../portal/i18n';
import { AppError } from '../shared/errors';
import { isUuid } from '../shared/references';
import { normaliseArsPrefix } from '../gebiet/ars';
import { listExportFiles } from '../syndication/export';
import { readImportStream } from '../syndication/importBody';
import type { ImportReport } from '../syndication/importer';
import { startImportJob } from '../syndication/importJobs';
import { PRODUKT } from '../syndication/produkt';
import type { SchemaValidator } from '../xzufi/schemaValidator';
import { importReportView, jobStatusLabel, refusalText } from './importReport';
import { editorMessage } from './messages';
import type { Pages } from './pages';
import { resolvePick } from './pickers';

const en = (lang: Lang, de: string, english: string) => (lang === 'en' ? english : de);

/** The sender and the Landesredaktion (without a limit) see a job, as in the API. */
const seesJob = (actor: Principal, job: { createdBy: string }) => job.createdBy === actor.id || (actor.role === 'landesredakteur' && actor.limit === null);

interface Upload { csrf?: string; fileBeforeToken?: boolean; mode?: string; draft?: boolean; file?: { body: Buffer; bytes: number; name: string }; error?: AppError }

/** Reads the multipart form: the CSRF field must come before the file, or the file is not read. */
function readUpload(req: Request, limit: number): Promise<Upload> {
  return new Promise((resolve) => {
    const upload: Upload = {};
    let reading: Promise<void> = Promise.resolve();
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, limits: { files: 1, fields: 10, fieldSize: 1000, fileSize: limit + 1 } });
    } catch {
      resolve({ error: new AppError('unsupported_media_type', 'Send the form as multipart/form-data') });
      return;
    }
    parser.on('field', (name, value) => {
      if (name === '_csrf') upload.csrf = value;
      if (name === 'modus') upload.mode = value;
      if (name === 'entwurf') upload.draft = value === 'ja';
    });
    parser.on('file', (_name, stream, info) => {
      if (!upload.csrf) upload.fileBeforeToken = true;
      // No file chosen: browsers send an empty part without a name.
      if (upload.file || upload.error || !upload.csrf || !info.filename) {
        stream.resume();
        return;
      }
      reading = readImportStream(stream, undefined, limit).then(
        (read) => { if (read.bytes > 0) upload.file = { ...read, name: info.filename?.slice(0, 200) || 'upload.xml' }; },
        (err: unknown) => { upload.error = err instanceof AppError ? err : new AppError('bad_request', 'The file could not be read'); stream.resume(); },
      );
    });
    parser.on('close', () => { void reading.then(() => resolve(upload)); });
    parser.on('error', () => resolve({ ...upload, error: new AppError('bad_request', 'The form could not be read') }));
    req.pipe(parser);
  });
}

/** Registered before the workspace's CSRF check: the multipart body carries the token itself. */
export function registerXzufiUpload(router: Router, pages: Pages, deps: AppDeps & { validator: SchemaValidator }): void {
  router.post('/xzufi/import', async (req, res) => {
    res.set('Cache-Control', 'no-store');
    const actor = pages.signedIn(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    if (!canDo(actor, 'xzufi_import')) return pages.notFound(req, res);
    const upload = await readUpload(req, deps.config.importBodyLimit);
    if (!csrfMatches(req, upload.csrf) || upload.fileBeforeToken) {
      res.status(403).type('text').send('Das Formular ist abgelaufen; bitte laden Sie die Seite neu (form expired; reload the page).');
      return;
    }
    const fail = (status: number, message: string) => renderPage(req, res, pages, deps, { error: message, mode: upload.mode, draft: upload.draft }, status);
    if (upload.error) {
      const code = upload.error.code;
      return fail(code === 'body_too_large' ? 413 : 422, refusalText(code, upload.error.message, lang));
    }
    if (!upload.file) return fail(422, en(lang, 'Bitte eine XZuFi-Datei (XML, auch gzip) auswählen.', 'Choose an XZuFi file (XML, gzip allowed).'));
    const mode = upload.mode === 'partial' ? 'partial' : 'atomic';
    const id = await startImportJob(deps, upload.file.body, upload.file.bytes, {
      mode, target: upload.draft ? 'draft' : 'live', actor, schemeAgencyId: deps.config.schemeAgencyId, validator: deps.validator,
    }, req.log, upload.file.name);
    res.redirect(303, `/redaktion/xzufi/import/${id}${lang === 'en' ? '?lang=en' : ''}`);
  });
}

async function renderPage(req: Request, res: Response, pages: Pages, deps: AppDeps, extra: { error?: string; mode?: string; draft?: boolean } = {}, status = 200): Promise<void> {
  const actor = res.locals.actor as Principal;
  const lang = langOf(req.query.lang);
  const canImport = canDo(actor, 'xzufi_import');
  const canExport = canDo(actor, 'xzufi_export');
  const jobs = canImport ? await listImportJobs(pages.db, actor.id, 20) : [];
  // The area of the export: a municipality's own; the Landesredaktion may pick one (or none: all).
  let area = pullLimit(actor) ?? undefined;
  let areaError: string | undefined;
  let areaChoices: Array<{ label: string; href: string }> = [];
  const gebiet = typeof req.query.gebiet === 'string' ? req.query.gebiet.trim().slice(0, 100) : '';
  if (gebiet && !pullLimit(actor)) {
    const picked = await resolvePick(pages.db, actor, 'Gebiet', gebiet, lang);
    if ('value' in picked) area = normaliseArsPrefix(picked.value) ?? undefined;
    else if ('choices' in picked) {
      areaError = en(lang, `Mehrere Gebiete heißen „${gebiet}“ – bitte eines wählen:`, `Several areas are called “${gebiet}” – choose one:`);
      areaChoices = picked.choices.slice(0, 20).map((c) => ({ label: c.label, href: `/redaktion/xzufi?gebiet=${encodeURIComponent(c.value)}${lang === 'en' ? '&lang=en' : ''}#export-h` }));
    } else areaError = en(lang, `Kein Gebiet „${gebiet}“ gefunden (Ort, PLZ oder Regionalschlüssel).`, `No area “${gebiet}” found (place, postcode or regional key).`);
  }
  const files = canExport ? await listExportFiles(pages.db, PRODUKT, area) : [];
  const base = area ? `/xzufi/v1/ars/${area}` : '/xzufi/v1';
  pages.send(req, res, 'redaktion/xzufi', {
    heading: en(lang, 'XZuFi-Import und -Export', 'XZuFi import and export'),
    canImport, canExport, error: extra.error, areaError, areaChoices, gebiet, exportArea: area, fixedArea: !!pullLimit(actor),
    partial: extra.mode === 'partial', draft: extra.draft,
    jobs: jobs.map((j) => jobRow(j, lang)),
    indexHref: `${base}/index.txt`,
    files: files.map((f) => ({ name: f.name, klasse: f.klasse, count: f.count, href: `${base}/files/${f.name}`, changed: f.lastModified.toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin' }) })),
    objects: files.reduce((n, f) => n + f.count, 0),
  }, status);
}

function jobRow(job: Omit<ImportJob, 'report'>, lang: Lang) {
  return {
    id: job.id, name: job.fileName ?? en(lang, 'über die Schnittstelle', 'through the API'),
    at: job.createdAt.toLocaleString(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin' }),
    status: jobStatusLabel(job.status, lang), bytes: new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'de-DE').format(job.bytes),
  };
}

export function registerXzufiPages(router: Router, pages: Pages, deps: AppDeps): void {
  const allowed = (req: Request, res: Response) => {
    const actor = pages.signedIn(req, res);
    if (!actor) return undefined;
    if (canDo(actor, 'xzufi_import') || canDo(actor, 'xzufi_export')) return actor;
    pages.notFound(req, res);
    return undefined;
  };

  router.get('/xzufi', async (req, res) => {
    if (!allowed(req, res)) return;
    await renderPage(req, res, pages, deps);
  });

  router.get('/xzufi/import/:id', async (req, res) => {
    const actor = allowed(req, res);
    if (!actor) return;
    const lang = langOf(req.query.lang);
    const id = String(req.params.id);
    const job = isUuid(id) ? await findImportJob(pages.db, id.toLowerCase()) : undefined;
    if (!job || !seesJob(actor, job)) return pages.notFound(req, res);
    const running = job.status === 'queued' || job.status === 'running';
    const progress = job.progress as { done?: number; total?: number };
    const report = job.report as (ImportReport & { error?: undefined }) | { error: { code: string; message: string; details?: Array<{ path: string; message: string; line?: number; column?: number }> } } | null;
    pages.send(req, res, 'redaktion/xzufi-job', {
      heading: en(lang, `Import ${job.fileName ?? ''}`.trim(), `Import ${job.fileName ?? ''}`.trim()),
      job: jobRow(job, lang), running, refreshSeconds: running ? 2 : undefined,
      progress: running && progress.total ? { done: progress.done ?? 0, total: progress.total } : undefined,
      refused: report && 'error' in report && report.error ? {
        text: refusalText(report.error.code, report.error.message, lang),
        details: (report.error.details ?? []).slice(0, 50).map((d) => ({ ...editorMessage({ path: d.path, message: d.message }, lang), where: d.line ? `${en(lang, 'Zeile', 'line')} ${d.line}${d.column ? `, ${en(lang, 'Spalte', 'column')} ${d.column}` : ''}` : '' })),
      } : undefined,
      report: report && !('error' in report && report.error) ? importReportView(report as ImportReport, lang) : undefined,
    });
  });
}
