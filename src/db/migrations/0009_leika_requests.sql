-- Requests for new LeiKa keys: a Fachressort or a municipality asks, the Landesredaktion decides.
CREATE TABLE leika_requests (
  id                     uuid PRIMARY KEY,
  tenant_id              text NOT NULL REFERENCES tenants(id),
  requested_by           text NOT NULL,
  proposed_name          text NOT NULL,
  leistungsgruppierung   text NOT NULL CHECK (leistungsgruppierung ~ '^\d{3}$'),
  justification          text NOT NULL,
  status                 text NOT NULL DEFAULT 'offen' CHECK (status IN ('offen', 'rueckfrage', 'angenommen', 'abgelehnt')),
  leika_key              text CHECK (leika_key ~ '^\d{14}$'),
  messages               jsonb NOT NULL DEFAULT '[]',
  created_at             timestamptz NOT NULL DEFAULT now(),
  updated_at             timestamptz NOT NULL DEFAULT now(),
  decided_by             text
);
CREATE INDEX leika_requests_tenant ON leika_requests (tenant_id, created_at);
CREATE UNIQUE INDEX leika_requests_key ON leika_requests (leika_key) WHERE leika_key IS NOT NULL;
