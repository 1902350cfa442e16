-- Pull subscriptions (src/sources): systems this installation collects XZuFi from, their runs,
-- the files they serve (for conditional requests) and the objects each source wrote (so that a
-- full index can only ever delete what its source wrote).
CREATE TABLE sources (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('index', 'delta', 'bereitstelldienst')),
  url text NOT NULL,
  tenant_id text NOT NULL REFERENCES tenants (id),
  role text NOT NULL,
  ars_prefix text,
  scheme_agency_ids text[] NOT NULL,
  klassen text[] NOT NULL,
  target text NOT NULL DEFAULT 'live' CHECK (target IN ('live', 'draft')),
  credentials_kind text NOT NULL DEFAULT 'none' CHECK (credentials_kind IN ('none', 'bearer', 'basic', 'oauth2')),
  -- AES-256-GCM under CREDENTIALS_KEY (src/sources/credentials.ts); never returned.
  credentials text,
  interval_minutes integer NOT NULL DEFAULT 60,
  deletion_limit_percent real NOT NULL DEFAULT 5,
  deletion_limit_count integer NOT NULL DEFAULT 50,
  paused boolean NOT NULL DEFAULT false,
  -- delta: the feed cursor; bereitstelldienst: the next request URL. Written in the transaction of the page it follows.
  cursor text,
  -- index: the last index.txt (ETag, Last-Modified, its lines).
  index_state jsonb,
  -- Who runs the source now, until when (renewed while it runs): one run at a time, whoever starts it.
  run_by text,
  run_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  changed_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE source_runs (
  id uuid PRIMARY KEY,
  source_id uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'held', 'failed', 'interrupted', 'confirmed', 'rejected', 'superseded')),
  trigger text NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  stats jsonb NOT NULL DEFAULT '{}',
  report jsonb NOT NULL DEFAULT '{}',
  decided_by text,
  decided_at timestamptz
);
CREATE INDEX source_runs_by_source ON source_runs (source_id, started_at DESC);

CREATE TABLE source_files (
  source_id uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  path text NOT NULL,
  etag text,
  last_modified text,
  fetched_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (source_id, path)
);

CREATE TABLE source_objects (
  source_id uuid NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
  klasse text NOT NULL,
  scheme_agency_id text NOT NULL,
  xzufi_id text NOT NULL,
  -- The index file that held it last (index sources).
  file text,
  seen_run uuid,
  PRIMARY KEY (source_id, klasse, scheme_agency_id, xzufi_id)
);
CREATE INDEX source_objects_by_identity ON source_objects (klasse, scheme_agency_id, xzufi_id);
