-- The portal searches in memory (src/portal/readModel.ts) over the weighted vector `search`,
-- whose weights A and B already mark the names and synonyms: the small name vector of 0011 and
-- its index are no longer read, and every write of a Leistung computed and indexed it.

DROP INDEX leistungen_search_title;

CREATE OR REPLACE FUNCTION leistungen_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.search := fim_leistung_search(NEW.content);
  RETURN NEW;
END $$;

ALTER TABLE leistungen DROP COLUMN search_title;
DROP FUNCTION fim_leistung_title(jsonb);
