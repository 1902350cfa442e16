-- Editorial workflow: entwurf → in_pruefung → freigegeben → veroeffentlicht → archiviert, and
-- zurueckgewiesen with a reason.
--
-- The object row is what the world references and what portals receive: the live version of a
-- published object, or the only version of one never published. Editing a published object does
-- not touch the row: the new working version waits in object_drafts (one per object) until it is
-- published, when it replaces the row. Every save still lands in object_versions.

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['leistungen', 'kategorien', 'spezialisierungen', 'organisationseinheiten', 'onlinedienste', 'zustaendigkeiten'] LOOP
    EXECUTE format('ALTER TABLE %I
        ALTER COLUMN status SET DEFAULT ''entwurf'',
        ADD COLUMN published_version integer,
        ADD COLUMN published_at timestamptz,
        ADD COLUMN published_by text,
        ADD COLUMN freigabe jsonb,
        ADD COLUMN status_comment text,
        ADD CONSTRAINT %I CHECK (status IN (''entwurf'', ''in_pruefung'', ''freigegeben'', ''zurueckgewiesen'', ''veroeffentlicht'', ''archiviert''))',
      t, t || '_status_check');
    EXECUTE format('UPDATE %I SET published_version = version, published_at = changed_at, published_by = changed_by WHERE status = ''veroeffentlicht''', t);
    EXECUTE format('CREATE INDEX %I ON %I (status)', t || '_status', t);
  END LOOP;
END $$;

-- The working version of a published object (never of one that is not live: that one is edited
-- in its row). Removed when it is published or the object is deleted.
CREATE TABLE object_drafts (
  object_uuid       uuid PRIMARY KEY,
  object_table      text NOT NULL,
  version           integer NOT NULL CHECK (version > 0),
  base_version      integer NOT NULL,
  status            text NOT NULL CHECK (status IN ('entwurf', 'in_pruefung', 'freigegeben', 'zurueckgewiesen')),
  scheme_agency_id  text NOT NULL,
  xzufi_id          text NOT NULL,
  content           jsonb NOT NULL,
  freigabe          jsonb,
  status_comment    text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  changed_at        timestamptz NOT NULL DEFAULT now(),
  changed_by        text NOT NULL,
  CHECK (version > base_version)
);
CREATE INDEX object_drafts_status ON object_drafts (object_table, status);

-- Every status change: who, when, from → to, why; scheduled ones name the time they were due.
CREATE TABLE object_transitions (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  object_table   text NOT NULL,
  object_uuid    uuid NOT NULL,
  version        integer NOT NULL,
  from_status    text NOT NULL,
  to_status      text NOT NULL,
  comment        text,
  level          text CHECK (level IN ('silber', 'gold')),
  at             timestamptz NOT NULL DEFAULT now(),
  by             text NOT NULL,
  scheduled_for  timestamptz
);
CREATE INDEX object_transitions_object ON object_transitions (object_uuid, id);
