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
