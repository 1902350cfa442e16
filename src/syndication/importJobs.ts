/**
 * Imports that run as jobs: started by the push endpoint (large messages, `?async=true`) and by
 * the workspace's upload, polled by their sender. The job runs in this process; its progress and
 * report are kept in `import_jobs` (an instance that stops leaves it "interrupted", see
 * failInterruptedImportJobs).
 */
import type { Logger } from 'pino';
import { insertImportJob, updateImportJob } from '../db/syndicationStore';
import type { AppDeps } from '../http/deps';
import type { ErrorDetail } from '../shared/errors';
import { ImportRefused, importXzufi, type ImportOptions, type ImportProblem } from './importer';

export function problemsToDetails(problems: ImportProblem[]): ErrorDetail[] {
  return problems.map((p) => ({ path: p.path ?? '/', message: p.message, ...(p.line ? { line: p.line } : {}), ...(p.column ? { column: p.column } : {}) }));
}

/** Records the job and starts it after this tick; returns its id. */
export async function startImportJob(deps: AppDeps, xml: Uint8Array, bytes: number, options: ImportOptions, log: Logger | undefined, fileName?: string): Promise<string> {
  const id = crypto.randomUUID();
  await insertImportJob(deps.database.db, { id, mode: options.mode, bytes, createdBy: options.actor.id, ...(fileName ? { fileName } : {}) });
  setImmediate(() => void runImportJob(deps, id, xml, options, log));
  return id;
}

async function runImportJob(deps: AppDeps, id: string, xml: Uint8Array, options: ImportOptions, log: Logger | undefined): Promise<void> {
  const db = deps.database.db;
  try {
    await updateImportJob(db, id, { status: 'running' });
    // Progress writes are not awaited by the import: it holds a transaction, and on PGlite (one
    // connection) such a write can only run after it; on a server pollers see it at once. They
    // are chained, so that an earlier one never lands after a later one.
    let written: Promise<unknown> = Promise.resolve();
    let last: { done: number; total: number } | undefined;
    const report = await importXzufi(deps.database, xml, {
      ...options,
      onProgress: (progress) => {
        last = progress;
        written = written.then(() => updateImportJob(db, id, { progress })).catch(() => undefined);
      },
    });
    await written;
    await updateImportJob(db, id, { status: report.status === 'rejected' ? 'rejected' : 'done', report: report as unknown as Record<string, unknown>, finishedAt: new Date(), ...(last ? { progress: last } : {}) });
  } catch (err) {
    if (err instanceof ImportRefused) {
      await updateImportJob(db, id, { status: 'rejected', report: { error: { code: err.code, message: err.message, details: problemsToDetails(err.problems) } }, finishedAt: new Date() });
      return;
    }
    (log ?? deps.logger).error({ err, job: id }, 'import job failed');
    await updateImportJob(db, id, { status: 'failed', report: { error: { code: 'internal_error', message: 'The import failed; it has been logged' } }, finishedAt: new Date() }).catch(() => undefined);
  }
}
