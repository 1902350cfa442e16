-- Background jobs (scheduled publishing, link checks, webhook deliveries …): claimed with
-- FOR UPDATE SKIP LOCKED, so that with several instances every job runs once; a claim expires,
-- so that a job of a crashed instance is taken up again.
CREATE TABLE jobs (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind           text NOT NULL,
  payload        jsonb NOT NULL DEFAULT '{}',
  run_at         timestamptz NOT NULL DEFAULT now(),
  status         text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'running', 'done', 'failed')),
  attempts       integer NOT NULL DEFAULT 0,
  max_attempts   integer NOT NULL DEFAULT 5 CHECK (max_attempts > 0),
  locked_by      text,
  locked_until   timestamptz,
  last_error     text,
  -- Optional key: a second job with the same pending key is not created (e.g. one publish per version).
  unique_key     text,
  created_at     timestamptz NOT NULL DEFAULT now(),
  finished_at    timestamptz
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE status IN ('pending', 'running');
CREATE UNIQUE INDEX jobs_unique_pending ON jobs (unique_key) WHERE unique_key IS NOT NULL AND status = 'pending';
