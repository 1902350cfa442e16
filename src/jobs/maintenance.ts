/**
 * Housekeeping as a job that schedules its next run: expired sessions, old login failures, old
 * jobs, and XZuFi import jobs whose instance stopped before they finished.
 */
import type { Database } from '../db/client';
import { deleteExpiredSessions, deleteOldLoginFailures } from '../db/accessStore';
import { deleteFinishedJobs, enqueueJob } from '../db/jobStore';
import { failInterruptedImportJobs } from '../db/syndicationStore';
import type { JobHandler } from './runner';

export const MAINTENANCE = 'maintenance.cleanup';
const EVERY_MS = 60 * 60_000;

export const maintenanceHandler: JobHandler = async (_job, { database }) => {
  const db = database.db;
  await deleteExpiredSessions(db);
  await deleteOldLoginFailures(db);
  await deleteFinishedJobs(db, 30);
  await failInterruptedImportJobs(db, 6);
  await scheduleMaintenance(database, new Date(Date.now() + EVERY_MS));
};

/** Ensures one pending maintenance job (several instances may call this at start). */
export async function scheduleMaintenance(database: Database, at = new Date()): Promise<void> {
  await enqueueJob(database.db, { kind: MAINTENANCE, runAt: at, uniqueKey: MAINTENANCE, maxAttempts: 3 });
}

