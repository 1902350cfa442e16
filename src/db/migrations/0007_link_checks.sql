-- Results of the link checker: one row per URL, and where each URL is used.
CREATE TABLE link_checks (
  url              text PRIMARY KEY,
  status           text NOT NULL CHECK (status IN ('ok', 'broken')),
  http_status      integer,
  error            text,
  checked_at       timestamptz NOT NULL DEFAULT now(),
  broken_since     timestamptz
);

CREATE TABLE link_uses (
  url           text NOT NULL,
  object_table  text NOT NULL,
  object_uuid   uuid NOT NULL,
  path          text NOT NULL,
  PRIMARY KEY (object_uuid, path)
);
CREATE INDEX link_uses_url ON link_uses (url);
