-- Tenants, users, API tokens, sessions, login throttling and the audit trail.

-- A Fachressort is responsible for Leistungsgruppierungen (digits 3–5 of the LeiKa key).
ALTER TABLE tenants ADD COLUMN leistungsgruppierungen text[] NOT NULL DEFAULT '{}';

CREATE TABLE users (
  id             text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
  tenant_id      text NOT NULL REFERENCES tenants(id),
  role           text NOT NULL CHECK (role IN ('admin', 'landesredakteur', 'fachressort', 'kommunalredakteur')),
  display_name   text NOT NULL,
  password_hash  text NOT NULL,
  disabled       boolean NOT NULL DEFAULT false,
  created_at     timestamptz NOT NULL DEFAULT now()
);

-- Only a hash of the secret is kept; the token is shown once when it is created.
CREATE TABLE api_tokens (
  id            uuid PRIMARY KEY,
  label         text NOT NULL,
  tenant_id     text NOT NULL REFERENCES tenants(id),
  role          text NOT NULL CHECK (role IN ('landesredakteur', 'fachressort', 'kommunalredakteur', 'portal')),
  ars_prefix    text CHECK (ars_prefix ~ '^\d{1,12}$'),
  secret_hash   text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  created_by    text NOT NULL,
  expires_at    timestamptz,
  last_used_at  timestamptz,
  revoked_at    timestamptz
);
CREATE INDEX api_tokens_tenant ON api_tokens (tenant_id);

CREATE TABLE sessions (
  sid         text PRIMARY KEY,
  data        jsonb NOT NULL,
  expires_at  timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

-- Failed logins per account and per address in fixed windows (shared by every instance).
CREATE TABLE login_failures (
  key           text NOT NULL,
  window_start  timestamptz NOT NULL,
  count         integer NOT NULL,
  PRIMARY KEY (key, window_start)
);

-- Append-only: every write with who, what, when and the versions before and after.
CREATE TABLE audit_log (
  id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at              timestamptz NOT NULL DEFAULT now(),
  actor_id        text NOT NULL,
  actor_kind      text NOT NULL CHECK (actor_kind IN ('user', 'token', 'system')),
  tenant_id       text,
  object_table    text NOT NULL,
  object_uuid     uuid NOT NULL,
  xzufi_id        text,
  action          text NOT NULL CHECK (action IN ('create', 'update', 'delete', 'status')),
  version_before  integer,
  version_after   integer,
  detail          jsonb
);
CREATE INDEX audit_log_object ON audit_log (object_uuid, id);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
