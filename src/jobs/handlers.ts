/** Every job kind this system runs, and the recurring jobs to keep scheduled. */
import type { Config } from '../config';
import type { Database } from '../db/client';
import { LINK_CHECK, linkCheckHandler, scheduleLinkCheck } from '../links/checker';
import { scheduleDispatch, webhookHandlers } from '../webhooks/webhooks';
import { OBJECT_TYPES } from '../objectTypes';
import { SCHEDULED_TRANSITION, scheduledTransitionHandler } from '../workflow/workflow';
import { MAINTENANCE, maintenanceHandler, scheduleMaintenance } from './maintenance';
import type { JobHandler } from './runner';
import { scheduleSources, SOURCE_PULL, sourcePullHandler, type PullConfig } from '../sources/jobs';

export function jobHandlers(config: Pick<Config, 'linkCheckAllowPrivate' | 'webhookAllowPrivate' | 'schemeAgencyId'>): Record<string, JobHandler> {
  return {
    [SCHEDULED_TRANSITION]: scheduledTransitionHandler(config.schemeAgencyId, OBJECT_TYPES),
    [MAINTENANCE]: maintenanceHandler,
    [LINK_CHECK]: linkCheckHandler({ allowPrivate: config.linkCheckAllowPrivate }),
    ...webhookHandlers({ allowPrivate: config.webhookAllowPrivate }),
  };
}

/** Jobs that may take minutes (pulls from sources): their own runner, so that they never delay the others. */
export function longJobHandlers(config: PullConfig): Record<string, JobHandler> {
  return { [SOURCE_PULL]: sourcePullHandler(config) };
}

export async function scheduleRecurringJobs(database: Database): Promise<void> {
  await scheduleSources(database);
  await scheduleMaintenance(database);
  await scheduleDispatch(database);
  await scheduleLinkCheck(database, new Date(Date.now() + 5 * 60_000));
}
