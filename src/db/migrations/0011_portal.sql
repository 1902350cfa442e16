-- Portal search and usage.
--
-- Leistungen get a weighted German search vector computed by the database from the content, so
-- that every writer (REST, import, migrations) produces the same: A the Leistungsbezeichnung
-- (modules 02, 03), B the Begriffe im Kontext (synonyms), C Teaser and Kurztext (24, 01, 05),
-- D every other text and the LeiKa key. The German snowball stemmer folds ä/ö/ü to a/o/u and ß
-- to ss; queries add the ae/oe/ue spellings (src/portal/search.ts).

CREATE FUNCTION fim_texts(doc jsonb, path jsonpath) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(string_agg(v #>> '{}', ' '), '') FROM jsonb_path_query(doc, path) v
$$;

CREATE FUNCTION fim_leistung_search(c jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT setweight(to_tsvector('german', fim_texts(c, '$.modulText[*] ? (@.leikaTextmodul == "02" || @.leikaTextmodul == "03").inhalt[*].value')), 'A')
      || setweight(to_tsvector('german', fim_texts(c, '$.modulBegriffImKontext[*].begriff')), 'B')
      || setweight(to_tsvector('german', fim_texts(c, '$.modulText[*] ? (@.leikaTextmodul == "24" || @.leikaTextmodul == "01" || @.leikaTextmodul == "05").inhalt[*].value')), 'C')
      || setweight(to_tsvector('german',
           fim_texts(c, '$.modulText[*] ? (!(@.leikaTextmodul == "02" || @.leikaTextmodul == "03" || @.leikaTextmodul == "24" || @.leikaTextmodul == "01" || @.leikaTextmodul == "05")).inhalt[*].value')
           || ' ' || fim_texts(c, '$.*.beschreibung[*].value') || ' ' || coalesce(c->>'referenzLeiKa', '')), 'D')
$$;

-- The name and synonyms alone (weights A and B), small: ranking every match by its whole text
-- reads every matching vector; ranking by this one reads a few bytes per row.
CREATE FUNCTION fim_leistung_title(c jsonb) RETURNS tsvector LANGUAGE sql IMMUTABLE AS $$
  SELECT setweight(to_tsvector('german', fim_texts(c, '$.modulText[*] ? (@.leikaTextmodul == "02" || @.leikaTextmodul == "03").inhalt[*].value')), 'A')
      || setweight(to_tsvector('german', fim_texts(c, '$.modulBegriffImKontext[*].begriff')), 'B')
$$;

ALTER TABLE leistungen ADD COLUMN search_title tsvector;

CREATE FUNCTION leistungen_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := fim_leistung_search(NEW.content);
  NEW.search_title := fim_leistung_title(NEW.content);
  RETURN NEW;
END $$;
CREATE TRIGGER leistungen_search BEFORE INSERT OR UPDATE OF content, search ON leistungen
  FOR EACH ROW EXECUTE FUNCTION leistungen_search_vector();
UPDATE leistungen SET search = fim_leistung_search(content);
CREATE INDEX leistungen_search_title ON leistungen USING gin (search_title);

-- Clicks on online-service links from the portal, per Onlinedienst and day: no cookies, no
-- addresses, nothing about the person.
CREATE TABLE onlinedienst_clicks (
  onlinedienst_uuid  uuid NOT NULL REFERENCES onlinedienste(uuid) ON DELETE CASCADE,
  day                date NOT NULL,
  clicks             integer NOT NULL DEFAULT 0,
  PRIMARY KEY (onlinedienst_uuid, day)
);
