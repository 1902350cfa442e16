-- Reference data from the fixtures (src/reference/): the LeiKa catalogue, the OZG-Umsetzungskatalog,
-- PLZ ↔ Gemeinde and the statistics of each Gemeinde. Loaded and kept up to date by
-- syncReferenceData() at start and by db:migrate; app_meta `reference_data` holds the version
-- (hash) of each fixture that is loaded.
CREATE TABLE leika_eintraege (
  key              text PRIMARY KEY,
  bezeichnung      text NOT NULL,
  typisierung      text NOT NULL DEFAULT '',
  ozg_id           text,
  rechtsgrundlage  text
);
CREATE INDEX leika_eintraege_ozg ON leika_eintraege (ozg_id);

CREATE TABLE ozg_leistungen (
  ozg_id      text PRIMARY KEY,
  name        text NOT NULL,
  lebenslage  text NOT NULL,
  themenfeld  text NOT NULL
);

CREATE TABLE plz_gemeinden (
  plz  text NOT NULL,
  ars  text NOT NULL REFERENCES gebiete(ars),
  ort  text NOT NULL,
  PRIMARY KEY (plz, ars)
);
CREATE INDEX plz_gemeinden_ars ON plz_gemeinden (ars);

ALTER TABLE gebiete ADD COLUMN bevoelkerung integer;
ALTER TABLE gebiete ADD COLUMN flaeche_km2 real;
ALTER TABLE gebiete ADD COLUMN plz_verwaltungssitz text;
ALTER TABLE gebiete ADD COLUMN laengengrad double precision;
ALTER TABLE gebiete ADD COLUMN breitengrad double precision;
