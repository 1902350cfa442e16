/** Drizzle definitions of the pull subscriptions' tables (migration 0019; see src/sources). */
import { integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid, boolean } from 'drizzle-orm/pg-core';

export type SourceKind = 'index' | 'delta' | 'bereitstelldienst';
export type CredentialsKind = 'none' | 'bearer' | 'basic' | 'oauth2';
export type RunStatus = 'running' | 'succeeded' | 'partial' | 'held' | 'failed' | 'interrupted' | 'confirmed' | 'rejected' | 'superseded';
/** Figures of a run (src/sources/pull.ts). */
export type RunStats = Record<'filesListed' | 'filesFetched' | 'filesUnchanged' | 'filesFailed' | 'pages' | 'created' | 'updated' | 'unchanged' | 'deleted' | 'held' | 'failedObjects' | 'bytes' | 'requests' | 'durationMs', number>;
export interface IndexState { etag?: string; lastModified?: string; lines: string[] }

export const sources = pgTable('sources', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull().$type<SourceKind>(),
  url: text('url').notNull(),
  tenantId: text('tenant_id').notNull(),
  role: text('role').notNull(),
  arsPrefix: text('ars_prefix'),
  schemeAgencyIds: text('scheme_agency_ids').array().notNull(),
  klassen: text('klassen').array().notNull(),
  target: text('target').notNull().$type<'live' | 'draft'>().default('live'),
  credentialsKind: text('credentials_kind').notNull().$type<CredentialsKind>().default('none'),
  credentials: text('credentials'),
  intervalMinutes: integer('interval_minutes').notNull().default(60),
  deletionLimitPercent: real('deletion_limit_percent').notNull().default(5),
  deletionLimitCount: integer('deletion_limit_count').notNull().default(50),
  paused: boolean('paused').notNull().default(false),
  cursor: text('cursor'),
  indexState: jsonb('index_state').$type<IndexState>(),
  runBy: text('run_by'),
  runUntil: timestamp('run_until', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const sourceRuns = pgTable('source_runs', {
  id: uuid('id').primaryKey(),
  sourceId: uuid('source_id').notNull(),
  status: text('status').notNull().$type<RunStatus>(),
  trigger: text('trigger').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  stats: jsonb('stats').notNull().$type<RunStats>(),
  report: jsonb('report').notNull().$type<Record<string, unknown>>().default({}),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
});

export const sourceFiles = pgTable('source_files', {
  sourceId: uuid('source_id').notNull(),
  path: text('path').notNull(),
  etag: text('etag'),
  lastModified: text('last_modified'),
  fetchedAt: timestamp('fetched_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.sourceId, t.path] })]);

export const sourceObjects = pgTable('source_objects', {
  sourceId: uuid('source_id').notNull(),
  klasse: text('klasse').notNull(),
  schemeAgencyId: text('scheme_agency_id').notNull(),
  xzufiId: text('xzufi_id').notNull(),
  file: text('file'),
  seenRun: uuid('seen_run'),
}, (t) => [primaryKey({ columns: [t.sourceId, t.klasse, t.schemeAgencyId, t.xzufiId] })]);
