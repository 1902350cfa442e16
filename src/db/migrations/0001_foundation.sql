-- Foundation: Gebiete, tenants and the XZuFi object types.
-- Every object table shares the same envelope columns (identity, owner, status, version, audit
-- timestamps) and keeps the XZuFi-shaped body in `content` (validated against schemas/ before
-- every write). Columns beside it exist for what is queried or enforced.

CREATE TABLE gebiete (
  ars         text PRIMARY KEY CHECK (ars ~ '^\d{12}$'),
  schluessel  text NOT NULL UNIQUE CHECK (schluessel ~ '^\d{2,12}$'),
  ebene       text NOT NULL CHECK (ebene IN ('bundesland','regierungsbezirk','kreis','kreisfreie_stadt','gemeinde','ortsteil')),
  name        text NOT NULL,
  hinweis     text,
  parent_ars  text REFERENCES gebiete(ars)
);
CREATE INDEX gebiete_schluessel_prefix ON gebiete (schluessel text_pattern_ops);
CREATE INDEX gebiete_name_lower ON gebiete (lower(name) text_pattern_ops);
CREATE INDEX gebiete_parent ON gebiete (parent_ars);

CREATE TABLE tenants (
  id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  name        text NOT NULL,
  kind        text NOT NULL CHECK (kind IN ('landesredaktion','fachressort','landkreis','kommune','integration','portal')),
  ars         text REFERENCES gebiete(ars),
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- The envelope every object table shares, copied with LIKE … INCLUDING ALL (columns, defaults,
-- checks, identity, primary and unique keys; foreign keys are added per table). A template only.
CREATE TABLE object_envelope (
  uuid              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  seq               bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  scheme_agency_id  text NOT NULL,
  xzufi_id          text NOT NULL,
  tenant_id         text,
  status            text NOT NULL DEFAULT 'veroeffentlicht',
  version           integer NOT NULL DEFAULT 1 CHECK (version > 0),
  created_at        timestamptz NOT NULL DEFAULT now(),
  created_by        text NOT NULL,
  changed_at        timestamptz NOT NULL DEFAULT now(),
  changed_by        text NOT NULL,
  content           jsonb NOT NULL,
  search            tsvector NOT NULL,
  ars               text[] NOT NULL DEFAULT '{}',
  UNIQUE (scheme_agency_id, xzufi_id)
);

CREATE TABLE leistungen (
  LIKE object_envelope INCLUDING ALL,
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  leika_key         text CHECK (leika_key ~ '^\d{14}$')
);
CREATE INDEX leistungen_leika_key ON leistungen (leika_key text_pattern_ops);
CREATE INDEX leistungen_ars ON leistungen USING gin (ars);
CREATE INDEX leistungen_changed_at ON leistungen (changed_at);
CREATE INDEX leistungen_content ON leistungen USING gin (content jsonb_path_ops);
CREATE INDEX leistungen_search ON leistungen USING gin (search);

CREATE TABLE kategorien (
  LIKE object_envelope INCLUDING ALL,
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  parent_uuid       uuid REFERENCES kategorien(uuid)
);
CREATE INDEX kategorien_parent ON kategorien (parent_uuid);
CREATE INDEX kategorien_changed_at ON kategorien (changed_at);
CREATE INDEX kategorien_search ON kategorien USING gin (search);

CREATE TABLE leistung_kategorien (
  leistung_uuid   uuid NOT NULL REFERENCES leistungen(uuid) ON DELETE CASCADE,
  kategorie_uuid  uuid NOT NULL REFERENCES kategorien(uuid),
  PRIMARY KEY (leistung_uuid, kategorie_uuid)
);
CREATE INDEX leistung_kategorien_kategorie ON leistung_kategorien (kategorie_uuid);

CREATE TABLE spezialisierungen (
  LIKE object_envelope INCLUDING ALL,
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  leistung_uuid     uuid NOT NULL REFERENCES leistungen(uuid)
);
CREATE INDEX spezialisierungen_leistung ON spezialisierungen (leistung_uuid);
CREATE INDEX spezialisierungen_ars ON spezialisierungen USING gin (ars);
CREATE INDEX spezialisierungen_changed_at ON spezialisierungen (changed_at);
CREATE INDEX spezialisierungen_search ON spezialisierungen USING gin (search);

CREATE TABLE organisationseinheiten (
  LIKE object_envelope INCLUDING ALL,
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  parent_uuid       uuid REFERENCES organisationseinheiten(uuid)
);
CREATE INDEX organisationseinheiten_parent ON organisationseinheiten (parent_uuid);
CREATE INDEX organisationseinheiten_ars ON organisationseinheiten USING gin (ars);
CREATE INDEX organisationseinheiten_changed_at ON organisationseinheiten (changed_at);
CREATE INDEX organisationseinheiten_content ON organisationseinheiten USING gin (content jsonb_path_ops);
CREATE INDEX organisationseinheiten_search ON organisationseinheiten USING gin (search);

CREATE TABLE onlinedienste (
  LIKE object_envelope INCLUDING ALL,
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  reifegrad         smallint CHECK (reifegrad BETWEEN 0 AND 4)
);
CREATE INDEX onlinedienste_ars ON onlinedienste USING gin (ars);
CREATE INDEX onlinedienste_changed_at ON onlinedienste (changed_at);
CREATE INDEX onlinedienste_content ON onlinedienste USING gin (content jsonb_path_ops);
CREATE INDEX onlinedienste_search ON onlinedienste USING gin (search);

CREATE TABLE onlinedienst_leistungen (
  onlinedienst_uuid  uuid NOT NULL REFERENCES onlinedienste(uuid) ON DELETE CASCADE,
  leistung_uuid      uuid NOT NULL REFERENCES leistungen(uuid),
  PRIMARY KEY (onlinedienst_uuid, leistung_uuid)
);
CREATE INDEX onlinedienst_leistungen_leistung ON onlinedienst_leistungen (leistung_uuid);

CREATE TABLE zustaendigkeiten (
  LIKE object_envelope INCLUDING ALL,
  FOREIGN KEY (tenant_id) REFERENCES tenants(id),
  leistung_uuid             uuid NOT NULL REFERENCES leistungen(uuid),
  organisationseinheit_uuid uuid REFERENCES organisationseinheiten(uuid),
  onlinedienst_uuid         uuid REFERENCES onlinedienste(uuid),
  gebiet_ars                text NOT NULL REFERENCES gebiete(ars),
  rolle                     text NOT NULL,
  CHECK (num_nonnulls(organisationseinheit_uuid, onlinedienst_uuid) = 1)
);
CREATE UNIQUE INDEX zustaendigkeiten_natural ON zustaendigkeiten
  (leistung_uuid, coalesce(organisationseinheit_uuid, onlinedienst_uuid), gebiet_ars, rolle);
CREATE INDEX zustaendigkeiten_leistung ON zustaendigkeiten (leistung_uuid);
CREATE INDEX zustaendigkeiten_oe ON zustaendigkeiten (organisationseinheit_uuid);
CREATE INDEX zustaendigkeiten_od ON zustaendigkeiten (onlinedienst_uuid);
CREATE INDEX zustaendigkeiten_gebiet ON zustaendigkeiten (gebiet_ars text_pattern_ops);
CREATE INDEX zustaendigkeiten_ars ON zustaendigkeiten USING gin (ars);
CREATE INDEX zustaendigkeiten_changed_at ON zustaendigkeiten (changed_at);

-- Installation facts that must survive restarts (e.g. whether the demo data was loaded once).
CREATE TABLE app_meta (
  key         text PRIMARY KEY,
  value       jsonb NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

-- One Stammtext per LeiKa key and Redaktion.
CREATE UNIQUE INDEX leistungen_leika_unique ON leistungen (scheme_agency_id, leika_key) WHERE leika_key IS NOT NULL;
