-- Syndication: every write gets a position in one change order, deletions leave tombstones, and
-- long imports are tracked as jobs.
--
-- The delta feed orders changes by (change_xid, change_seq): the id of the writing transaction,
-- then a global sequence. Readers only see changes of transactions older than every transaction
-- still running (pg_snapshot_xmin), so a slow writer can never commit "behind" a cursor a portal
-- already holds; ordering by the sequence alone would lose such changes.

CREATE SEQUENCE xzufi_change_seq;

ALTER TABLE object_envelope
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();

ALTER TABLE leistungen
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE kategorien
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE spezialisierungen
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE organisationseinheiten
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE onlinedienste
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE zustaendigkeiten
  ADD COLUMN change_seq bigint NOT NULL DEFAULT nextval('xzufi_change_seq'),
  ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();

CREATE INDEX leistungen_change ON leistungen (change_xid, change_seq);
CREATE INDEX kategorien_change ON kategorien (change_xid, change_seq);
CREATE INDEX spezialisierungen_change ON spezialisierungen (change_xid, change_seq);
CREATE INDEX organisationseinheiten_change ON organisationseinheiten (change_xid, change_seq);
CREATE INDEX onlinedienste_change ON onlinedienste (change_xid, change_seq);
CREATE INDEX zustaendigkeiten_change ON zustaendigkeiten (change_xid, change_seq);

-- What a deleted object was (or what an object was before its id or territory changed), so that
-- the delta feed can send `loesche` for it. Kept: PVOG also keeps deletions in its feed.
CREATE TABLE xzufi_tombstones (
  change_seq        bigint PRIMARY KEY DEFAULT nextval('xzufi_change_seq'),
  change_xid        xid8 NOT NULL DEFAULT pg_current_xact_id(),
  object_table      text NOT NULL,
  object_uuid       uuid NOT NULL,
  scheme_agency_id  text NOT NULL,
  xzufi_id          text NOT NULL,
  ars               text[] NOT NULL DEFAULT '{}',
  reason            text NOT NULL CHECK (reason IN ('deleted', 'moved', 'renamed')),
  deleted_at        timestamptz NOT NULL DEFAULT now(),
  deleted_by        text NOT NULL
);
CREATE INDEX xzufi_tombstones_change ON xzufi_tombstones (change_xid, change_seq);

CREATE TABLE import_jobs (
  id           uuid PRIMARY KEY,
  status       text NOT NULL CHECK (status IN ('queued', 'running', 'done', 'rejected', 'failed')),
  mode         text NOT NULL CHECK (mode IN ('atomic', 'partial')),
  bytes        bigint NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   text NOT NULL,
  finished_at  timestamptz,
  progress     jsonb NOT NULL DEFAULT '{}',
  report       jsonb
);
