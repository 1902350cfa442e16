-- Every saved state of every object, immutable: the basis of version lists, diffs and restores.
CREATE TABLE object_versions (
  object_table      text NOT NULL,
  object_uuid       uuid NOT NULL,
  version           integer NOT NULL,
  scheme_agency_id  text NOT NULL,
  xzufi_id          text NOT NULL,
  status            text NOT NULL,
  content           jsonb NOT NULL,
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  comment           text,
  PRIMARY KEY (object_uuid, version)
);

CREATE FUNCTION object_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'object_versions is immutable';
END $$;
CREATE TRIGGER object_versions_no_update BEFORE UPDATE ON object_versions
  FOR EACH ROW EXECUTE FUNCTION object_versions_immutable();

-- The versions saved before this table existed: their current state.
INSERT INTO object_versions (object_table, object_uuid, version, scheme_agency_id, xzufi_id, status, content, created_at, created_by)
  SELECT 'leistungen', uuid, version, scheme_agency_id, xzufi_id, status, content, changed_at, changed_by FROM leistungen
  UNION ALL SELECT 'kategorien', uuid, version, scheme_agency_id, xzufi_id, status, content, changed_at, changed_by FROM kategorien
  UNION ALL SELECT 'spezialisierungen', uuid, version, scheme_agency_id, xzufi_id, status, content, changed_at, changed_by FROM spezialisierungen
  UNION ALL SELECT 'organisationseinheiten', uuid, version, scheme_agency_id, xzufi_id, status, content, changed_at, changed_by FROM organisationseinheiten
  UNION ALL SELECT 'onlinedienste', uuid, version, scheme_agency_id, xzufi_id, status, content, changed_at, changed_by FROM onlinedienste
  UNION ALL SELECT 'zustaendigkeiten', uuid, version, scheme_agency_id, xzufi_id, status, content, changed_at, changed_by FROM zustaendigkeiten;
