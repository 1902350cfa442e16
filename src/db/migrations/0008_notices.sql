-- Notices to tenants: a master text they localised has a new version.
CREATE TABLE notices (
  id                  uuid PRIMARY KEY,
  tenant_id           text NOT NULL REFERENCES tenants(id),
  kind                text NOT NULL CHECK (kind IN ('master_changed')),
  leistung_uuid       uuid NOT NULL,
  spezialisierung_uuid uuid NOT NULL,
  from_version        integer NOT NULL,
  to_version          integer NOT NULL,
  created_at          timestamptz NOT NULL DEFAULT now(),
  acknowledged_at     timestamptz,
  acknowledged_by     text
);
CREATE INDEX notices_open ON notices (tenant_id, created_at) WHERE acknowledged_at IS NULL;
-- One open notice per Spezialisierung: a newer master version updates it.
CREATE UNIQUE INDEX notices_one_open ON notices (spezialisierung_uuid) WHERE acknowledged_at IS NULL;
