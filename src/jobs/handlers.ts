/** Every job kind this system runs, and the recurring jobs to keep scheduled. */
import type { Config } from '../config';
import type { Database } from '../db/client';
import { LINK_CHECK, linkCheckHandler, scheduleLinkCheck } from '../links/checker';
import { scheduleDispatch, webhookHandlers } from '../webhooks/webhooks';
import { OBJECT_TYPES } from '../objectTypes';
import { SCHEDULED_TRANSITION, scheduledTransitionHandler } from '../workflow/workflow';
import { MAINTENANCE, maintenanceHandler, scheduleMaintenance } from './maintenance';
import type { JobHandler } from './runner';

export function jobHandlers(config: Pick<Config, 'linkCheckAllowPrivate' | 'webhookAllowPrivate' | 'schemeAgencyId'>): Record<string, JobHandler> {
  return {
    [SCHEDULED_TRANSITION]: scheduledTransitionHandler(config.schemeAgencyId, OBJECT_TYPES),
    [MAINTENANCE]: maintenanceHandler,
    [LINK_CHECK]: linkCheckHandler({ allowPrivate: config.linkCheckAllowPrivate }),
    ...webhookHandlers({ allowPrivate: config.webhookAllowPrivate }),
  };
}

export async function scheduleRecurringJobs(database: Database): Promise<void> {
  await scheduleMaintenance(database);
  await scheduleDispatch(database);
  await scheduleLinkCheck(database, new Date(Date.now() + 5 * 60_000));
}
