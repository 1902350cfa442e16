-- XZuFi 2.2.0 as the FIM Portal models it (CONFORMANCE.md): a Leistung refers to several LeiKa
-- keys (`referenzLeiKa` repeats; `leika_key` stays the first, `leika_keys` holds all), and only
-- this installation's own Stammtexte are unique per key — another Redaktion's catalogue (a
-- municipality's, a neighbouring state's) may hold several Leistungen per key. `stammtext` marks
-- the own ones; migration 0016 sets it from the configured schemeAgencyID and reshapes contents.
ALTER TABLE leistungen ADD COLUMN leika_keys text[] NOT NULL DEFAULT '{}';
ALTER TABLE leistungen ADD COLUMN stammtext boolean NOT NULL DEFAULT true;
UPDATE leistungen SET leika_keys = ARRAY[leika_key] WHERE leika_key IS NOT NULL;
DROP INDEX leistungen_leika_unique;
CREATE UNIQUE INDEX leistungen_leika_unique ON leistungen (scheme_agency_id, leika_key) WHERE leika_key IS NOT NULL AND stammtext;
CREATE INDEX leistungen_leika_keys ON leistungen USING gin (leika_keys);

-- The search vector reads the new shapes: every LeiKa key, Begriffe im Kontext inside their
-- modules (the old flat list is still read, for contents not yet reshaped).
CREATE OR REPLACE FUNCTION fim_leistung_search(c jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT setweight(to_tsvector('german', fim_texts(c, '$.modulText[*] ? (@.leikaTextmodul == "02" || @.leikaTextmodul == "03").inhalt[*].value')), 'A')
      || setweight(to_tsvector('german', fim_texts(c, '$.modulBegriffImKontext[*].begriffImKontext[*].begriff') || ' ' || fim_texts(c, '$.modulBegriffImKontext[*].begriff')), 'B')
      || setweight(to_tsvector('german', fim_texts(c, '$.modulText[*] ? (@.leikaTextmodul == "24" || @.leikaTextmodul == "01" || @.leikaTextmodul == "05").inhalt[*].value')), 'C')
      || setweight(to_tsvector('german',
           fim_texts(c, '$.modulText[*] ? (!(@.leikaTextmodul == "02" || @.leikaTextmodul == "03" || @.leikaTextmodul == "24" || @.leikaTextmodul == "01" || @.leikaTextmodul == "05")).inhalt[*].value')
           || ' ' || fim_texts(c, '$.*.beschreibung[*].value') || ' ' || fim_texts(c, '$.referenzLeiKa[*]')), 'D')
$$;

-- Every stored vector as the new function reads it (0016 recomputes those whose content it reshapes).
UPDATE leistungen SET search = fim_leistung_search(content);

-- The history stays immutable — except for one thing: a data migration that changes the shape of
-- stored contents (0016) may rewrite `content`, and only `content`, inside its own transaction
-- after `SET LOCAL fim.reshape_versions = 'on'`. Without it, what a version said could not be read
-- or restored in the new shape.
CREATE OR REPLACE FUNCTION object_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('fim.reshape_versions', true), '') = 'on'
     AND (NEW.object_table, NEW.object_uuid, NEW.version, NEW.scheme_agency_id, NEW.xzufi_id, NEW.status, NEW.created_at, NEW.created_by, NEW.comment)
         IS NOT DISTINCT FROM (OLD.object_table, OLD.object_uuid, OLD.version, OLD.scheme_agency_id, OLD.xzufi_id, OLD.status, OLD.created_at, OLD.created_by, OLD.comment) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'object_versions is immutable';
END $$;
