/** Every job kind this system runs, and the recurring jobs to keep scheduled. */
import type { Database } from '../db/client';
import { scheduleDispatch, WEBHOOK_HANDLERS } from '../webhooks/webhooks';
import { MAINTENANCE, maintenanceHandler, scheduleMaintenance } from './maintenance';
import type { JobHandler } from './runner';

export const JOB_HANDLERS: Record<string, JobHandler> = {
  [MAINTENANCE]: maintenanceHandler,
  ...WEBHOOK_HANDLERS,
};

export async function scheduleRecurringJobs(database: Database): Promise<void> {
  await scheduleMaintenance(database);
  await scheduleDispatch(database);
}
