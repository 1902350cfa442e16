/**
 * Drizzle table definitions mirroring src/db/migrations/*.sql (the SQL files are the source of truth
 * for the database; these give the query layer its types).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, customType, doublePrecision, integer, jsonb, pgTable, primaryKey, real, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
/** 64-bit transaction id; read as text (`"1234"`), compared in SQL only. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

export const gebiete = pgTable('gebiete', {
  ars: text('ars').primaryKey(),
  schluessel: text('schluessel').notNull(),
  ebene: text('ebene').notNull(),
  name: text('name').notNull(),
  hinweis: text('hinweis'),
  parentArs: text('parent_ars'),
  /** Statistics of a Gemeinde (fixtures/gemeinden.tsv, migration 0017); null for other levels. */
  bevoelkerung: integer('bevoelkerung'),
  flaecheKm2: real('flaeche_km2'),
  plzVerwaltungssitz: text('plz_verwaltungssitz'),
  laengengrad: doublePrecision('laengengrad'),
  breitengrad: doublePrecision('breitengrad'),
});

/** The LeiKa catalogue (fixtures/leika.tsv). */
export const leikaEintraege = pgTable('leika_eintraege', {
  key: text('key').primaryKey(),
  bezeichnung: text('bezeichnung').notNull(),
  typisierung: text('typisierung').notNull().default(''),
  ozgId: text('ozg_id'),
  rechtsgrundlage: text('rechtsgrundlage'),
});

/** The OZG-Umsetzungskatalog (fixtures/ozg-leistungen.tsv). */
export const ozgLeistungen = pgTable('ozg_leistungen', {
  ozgId: text('ozg_id').primaryKey(),
  name: text('name').notNull(),
  lebenslage: text('lebenslage').notNull(),
  themenfeld: text('themenfeld').notNull(),
});

/** PLZ ↔ Gemeinde, many to many (fixtures/plz.tsv). */
export const plzGemeinden = pgTable('plz_gemeinden', {
  plz: text('plz').notNull(),
  ars: text('ars').notNull(),
  ort: text('ort').notNull(),
}, (t) => [primaryKey({ columns: [t.plz, t.ars] })]);

export const tenants = pgTable('tenants', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  ars: text('ars'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  leistungsgruppierungen: text('leistungsgruppierungen').array().notNull().default(sql`'{}'`),
});

/** Envelope shared by every XZuFi object table. */
const objectColumns = () => ({
  uuid: uuid('uuid').primaryKey().defaultRandom(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  schemeAgencyId: text('scheme_agency_id').notNull(),
  xzufiId: text('xzufi_id').notNull(),
  tenantId: text('tenant_id'),
  status: text('status').notNull().default('entwurf').$type<WorkflowStatus>(),
  version: integer('version').notNull().default(1),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  changedBy: text('changed_by').notNull(),
  content: jsonb('content').notNull().$type<Record<string, unknown>>(),
  search: tsvector('search').notNull(),
  ars: text('ars').array().notNull().default(sql`'{}'`),
  /** Position in the change order of the delta feed (see migration 0002). */
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(sql`nextval('xzufi_change_seq')`),
  changeXid: xid8('change_xid').notNull().default(sql`pg_current_xact_id()`),
  /** The version that is live (or was, until archived); null while never published (migration 0010). */
  publishedVersion: integer('published_version'),
  publishedAt: timestamp('published_at', { withTimezone: true, mode: 'date' }),
  publishedBy: text('published_by'),
  /** Fachliche Freigabe of the row's version: who, when, level. */
  freigabe: jsonb('freigabe').$type<Freigabe>(),
  /** Reason of the last status change (a rejection's reason). */
  statusComment: text('status_comment'),
});

export type WorkflowStatus = 'entwurf' | 'in_pruefung' | 'freigegeben' | 'zurueckgewiesen' | 'veroeffentlicht' | 'archiviert';
/** Who approved (user or token id, and the tenant's name as shown to citizens), when, at which level. */
export interface Freigabe { by: string; at: string; level?: 'silber' | 'gold'; tenant?: string | null; tenantName?: string }

export const leistungen = pgTable('leistungen', {
  ...objectColumns(),
  /** The first LeiKa key (its own); `leikaKeys` all it refers to (migration 0015). */
  leikaKey: text('leika_key'),
  leikaKeys: text('leika_keys').array().notNull().default(sql`'{}'`),
  /** One of this installation's Stammtexte (its schemeAgencyID): unique per LeiKa key. */
  stammtext: boolean('stammtext').notNull().default(true),
});
export const kategorien = pgTable('kategorien', { ...objectColumns(), parentUuid: uuid('parent_uuid') });
export const spezialisierungen = pgTable('spezialisierungen', { ...objectColumns(), leistungUuid: uuid('leistung_uuid').notNull() });
export const organisationseinheiten = pgTable('organisationseinheiten', { ...objectColumns(), parentUuid: uuid('parent_uuid') });
export const onlinedienste = pgTable('onlinedienste', { ...objectColumns(), reifegrad: smallint('reifegrad') });
export const zustaendigkeiten = pgTable('zustaendigkeiten', {
  ...objectColumns(),
  leistungUuid: uuid('leistung_uuid').notNull(),
  organisationseinheitUuid: uuid('organisationseinheit_uuid'),
  onlinedienstUuid: uuid('onlinedienst_uuid'),
  gebietArs: text('gebiet_ars').notNull(),
  rolle: text('rolle').notNull(),
});

export const leistungKategorien = pgTable('leistung_kategorien', {
  leistungUuid: uuid('leistung_uuid').notNull(),
  kategorieUuid: uuid('kategorie_uuid').notNull(),
}, (t) => [primaryKey({ columns: [t.leistungUuid, t.kategorieUuid] })]);

export const onlinedienstLeistungen = pgTable('onlinedienst_leistungen', {
  onlinedienstUuid: uuid('onlinedienst_uuid').notNull(),
  leistungUuid: uuid('leistung_uuid').notNull(),
}, (t) => [primaryKey({ columns: [t.onlinedienstUuid, t.leistungUuid] })]);

export const objectTables = { leistungen, kategorien, spezialisierungen, organisationseinheiten, onlinedienste, zustaendigkeiten };
export type ObjectTableName = keyof typeof objectTables;
export type ObjectTable = (typeof objectTables)[ObjectTableName];

export const appMeta = pgTable('app_meta', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const tombstones = pgTable('xzufi_tombstones', {
  changeSeq: bigint('change_seq', { mode: 'number' }).primaryKey().default(sql`nextval('xzufi_change_seq')`),
  changeXid: xid8('change_xid').notNull().default(sql`pg_current_xact_id()`),
  objectTable: text('object_table').notNull(),
  objectUuid: uuid('object_uuid').notNull(),
  schemeAgencyId: text('scheme_agency_id').notNull(),
  xzufiId: text('xzufi_id').notNull(),
  ars: text('ars').array().notNull().default(sql`'{}'`),
  reason: text('reason').notNull().$type<'deleted' | 'moved' | 'renamed'>(),
  deletedAt: timestamp('deleted_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  deletedBy: text('deleted_by').notNull(),
});

export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey(),
  status: text('status').notNull().$type<'queued' | 'running' | 'done' | 'rejected' | 'failed'>(),
  mode: text('mode').notNull().$type<'atomic' | 'partial'>(),
  bytes: bigint('bytes', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  fileName: text('file_name'),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
  progress: jsonb('progress').notNull().$type<Record<string, unknown>>().default({}),
  report: jsonb('report').$type<Record<string, unknown>>(),
});

export const users = pgTable('users', {
  id: text('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  role: text('role').notNull(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  disabled: boolean('disabled').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey(),
  label: text('label').notNull(),
  tenantId: text('tenant_id').notNull(),
  role: text('role').notNull(),
  arsPrefix: text('ars_prefix'),
  secretHash: text('secret_hash').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true, mode: 'date' }),
  revokedAt: timestamp('revoked_at', { withTimezone: true, mode: 'date' }),
});

export const sessions = pgTable('sessions', {
  sid: text('sid').primaryKey(),
  data: jsonb('data').notNull().$type<Record<string, unknown>>(),
  expiresAt: timestamp('expires_at', { withTimezone: true, mode: 'date' }).notNull(),
});

export const loginFailures = pgTable('login_failures', {
  key: text('key').notNull(),
  windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
  count: integer('count').notNull(),
}, (t) => [primaryKey({ columns: [t.key, t.windowStart] })]);

export const loginKnownAddresses = pgTable('login_known_addresses', {
  userId: text('user_id').notNull(),
  addressHash: text('address_hash').notNull(),
  lastSuccess: timestamp('last_success', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.userId, t.addressHash] })]);

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  actorId: text('actor_id').notNull(),
  actorKind: text('actor_kind').notNull().$type<'user' | 'token' | 'system'>(),
  tenantId: text('tenant_id'),
  objectTable: text('object_table').notNull(),
  objectUuid: uuid('object_uuid').notNull(),
  xzufiId: text('xzufi_id'),
  action: text('action').notNull().$type<'create' | 'update' | 'delete' | 'status'>(),
  versionBefore: integer('version_before'),
  versionAfter: integer('version_after'),
  detail: jsonb('detail').$type<Record<string, unknown>>(),
});

export const objectVersions = pgTable('object_versions', {
  objectTable: text('object_table').notNull(),
  objectUuid: uuid('object_uuid').notNull(),
  version: integer('version').notNull(),
  schemeAgencyId: text('scheme_agency_id').notNull(),
  xzufiId: text('xzufi_id').notNull(),
  status: text('status').notNull(),
  content: jsonb('content').notNull().$type<Record<string, unknown>>(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  comment: text('comment'),
}, (t) => [primaryKey({ columns: [t.objectUuid, t.version] })]);

export const jobs = pgTable('jobs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  kind: text('kind').notNull(),
  payload: jsonb('payload').notNull().$type<Record<string, unknown>>().default({}),
  runAt: timestamp('run_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  status: text('status').notNull().$type<'pending' | 'running' | 'done' | 'failed'>().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(5),
  lockedBy: text('locked_by'),
  lockedUntil: timestamp('locked_until', { withTimezone: true, mode: 'date' }),
  lastError: text('last_error'),
  uniqueKey: text('unique_key'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }),
});

export const webhookSubscriptions = pgTable('webhook_subscriptions', {
  id: uuid('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  url: text('url').notNull(),
  secret: text('secret').notNull(),
  arsPrefix: text('ars_prefix'),
  klassen: text('klassen').array().notNull().default(sql`'{}'`),
  active: boolean('active').notNull().default(true),
  feedXid: text('feed_xid').notNull(),
  feedSeq: bigint('feed_seq', { mode: 'number' }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
});

export const webhookDeliveries = pgTable('webhook_deliveries', {
  id: uuid('id').primaryKey(),
  subscriptionId: uuid('subscription_id').notNull(),
  event: jsonb('event').notNull().$type<Record<string, unknown>>(),
  status: text('status').notNull().$type<'pending' | 'delivered' | 'failed'>().default('pending'),
  attempts: integer('attempts').notNull().default(0),
  lastStatus: integer('last_status'),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true, mode: 'date' }),
});

export const linkChecks = pgTable('link_checks', {
  url: text('url').primaryKey(),
  status: text('status').notNull().$type<'ok' | 'broken'>(),
  httpStatus: integer('http_status'),
  error: text('error'),
  checkedAt: timestamp('checked_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  brokenSince: timestamp('broken_since', { withTimezone: true, mode: 'date' }),
});

export const linkUses = pgTable('link_uses', {
  url: text('url').notNull(),
  objectTable: text('object_table').notNull(),
  objectUuid: uuid('object_uuid').notNull(),
  path: text('path').notNull(),
}, (t) => [primaryKey({ columns: [t.objectUuid, t.path] })]);

export const notices = pgTable('notices', {
  id: uuid('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  kind: text('kind').notNull().$type<'master_changed'>(),
  leistungUuid: uuid('leistung_uuid').notNull(),
  spezialisierungUuid: uuid('spezialisierung_uuid').notNull(),
  fromVersion: integer('from_version').notNull(),
  toVersion: integer('to_version').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
  acknowledgedBy: text('acknowledged_by'),
});

export const leikaRequests = pgTable('leika_requests', {
  id: uuid('id').primaryKey(),
  tenantId: text('tenant_id').notNull(),
  requestedBy: text('requested_by').notNull(),
  proposedName: text('proposed_name').notNull(),
  leistungsgruppierung: text('leistungsgruppierung').notNull(),
  justification: text('justification').notNull(),
  status: text('status').notNull().$type<'offen' | 'rueckfrage' | 'angenommen' | 'abgelehnt'>().default('offen'),
  leikaKey: text('leika_key'),
  messages: jsonb('messages').notNull().$type<Array<{ at: string; by: string; text: string; kind: string }>>().default([]),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  decidedBy: text('decided_by'),
});

/** The working version of a published object (migration 0010). */
export const objectDrafts = pgTable('object_drafts', {
  objectUuid: uuid('object_uuid').primaryKey(),
  objectTable: text('object_table').notNull(),
  version: integer('version').notNull(),
  baseVersion: integer('base_version').notNull(),
  status: text('status').notNull().$type<'entwurf' | 'in_pruefung' | 'freigegeben' | 'zurueckgewiesen'>(),
  schemeAgencyId: text('scheme_agency_id').notNull(),
  xzufiId: text('xzufi_id').notNull(),
  content: jsonb('content').notNull().$type<Record<string, unknown>>(),
  freigabe: jsonb('freigabe').$type<Freigabe>(),
  statusComment: text('status_comment'),
  createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  createdBy: text('created_by').notNull(),
  changedAt: timestamp('changed_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  changedBy: text('changed_by').notNull(),
});

export const objectTransitions = pgTable('object_transitions', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  objectTable: text('object_table').notNull(),
  objectUuid: uuid('object_uuid').notNull(),
  version: integer('version').notNull(),
  fromStatus: text('from_status').notNull(),
  toStatus: text('to_status').notNull(),
  comment: text('comment'),
  level: text('level').$type<'silber' | 'gold'>(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  by: text('by').notNull(),
  scheduledFor: timestamp('scheduled_for', { withTimezone: true, mode: 'date' }),
});

export const onlinedienstClicks = pgTable('onlinedienst_clicks', {
  onlinedienstUuid: uuid('onlinedienst_uuid').notNull(),
  day: text('day').notNull(),
  clicks: integer('clicks').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.onlinedienstUuid, t.day] })]);

/** Pull subscriptions (migration 0019). */
export * from './sourceSchema';
