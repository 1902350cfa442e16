/**
 * fast-check generators for the codec's documents, derived from the JSON Schemas in schemas/ so
 * that they follow every schema change. The few rules a schema states with if/then or not
 * (Kosten, Frist) and the references (XZuFi identifiers instead of database ids) are written by hand.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc, { type Arbitrary } from 'fast-check';
import type { Klasse, XzufiObject } from '../../src/xzufi/objects';
import type { Ident } from '../../src/xzufi/spec';

type Schema = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const SCHEMA_DIR = join(__dirname, '..', '..', 'schemas');
const schemas = new Map<string, Schema>();
const load = (file: string): Schema => {
  if (!schemas.has(file)) schemas.set(file, JSON.parse(readFileSync(join(SCHEMA_DIR, file), 'utf8')));
  return schemas.get(file)!;
};

/** Characters that stress the XML layer: markup, entities, umlauts, line ends, spaces. */
const CHARS = [...'abcXYZ019 äöüßÄÖÜéç€–„“<>&"\'/=;#\n\t\r'];
export const textValue = (min = 0, max = 30) => fc.string({ unit: fc.constantFrom(...CHARS), minLength: min, maxLength: max });

const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const isoDateTime = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
const httpUrl = fc.webUrl({ validSchemes: ['https', 'http'] }).filter((u) => /^https?:\/\//.test(u) && u.length < 200);
const money = fc.integer({ min: 0, max: 10_000_000 }).map((c) => ({ value: c / 100, currencyCode: 'EUR' }));
const monthDay = fc.record({ m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) }).map(({ m, d }) => `--${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

/** Where a schema says "exactly one of" with if/then or oneOf, the shapes are written by hand. */
const overrides: Record<string, () => Arbitrary<unknown>> = {
  kosten: () => fc.record({
    typ: fc.stringMatching(/^\d{3}$/),
    beschreibung: texts(),
    vorkasse: fc.boolean(),
    linkKostenbildung: httpUrl,
    positionDarstellung: fc.nat(20),
  }, { requiredKeys: [] }).chain((base) => fc.oneof(
    fc.record({ fix: fc.record({ betrag: money }) }),
    fc.record({ frei: fc.record({ beschreibungKostenfreiheit: texts() }, { requiredKeys: [] }) }),
    fc.record({ variabel: fc.record({ betragUntergrenze: money, betragObergrenze: money, beschreibungVariabilitaet: texts() }, { requiredKeys: [] }) }),
  ).map((a) => ({ ...base, ...a }))),
  fristOhneTyp: () => periodArbitrary(false),
  frist: () => periodArbitrary(true),
  dateOrMonthDay: () => fc.oneof(isoDate, monthDay),
  dokument: () => fc.record({
    typ: fc.oneof(fc.record({ code: fc.stringMatching(/^\d{3}$/) }), fc.record({ nichtGelisteterWert: textValue(1, 20) })),
    bezeichnung: texts(),
    beschreibung: texts(),
    referenzFormularID: fc.array(freeIdent, { minLength: 1, maxLength: 2 }),
    angabeSignatur: fc.constantFrom('001', '004', '101'),
  }, { requiredKeys: [] }),
  identifikator: () => freeIdent,
  unmodelled: () => fc.constant(undefined),
};

function periodArbitrary(withTyp: boolean): Arbitrary<unknown> {
  return fc.record({
    typ: withTyp ? fc.constantFrom('001', '002', '003', '005', '006', '009') : fc.constant(undefined),
    beschreibung: texts(),
    positionDarstellung: fc.nat(20),
    which: fc.constantFrom('dauer', 'stichtag'),
    dauer: fromSchema(load('common.schema.json').$defs.dauer, 'common.schema.json'),
    stichtag: fc.record({ von: fc.oneof(isoDate, monthDay), bis: fc.oneof(isoDate, monthDay) }, { requiredKeys: ['von'] }),
  }, { requiredKeys: ['which', 'dauer', 'stichtag'] }).map(({ which, dauer, stichtag, typ, ...rest }) => ({
    ...rest, ...(typ === undefined ? {} : { typ }), ...(which === 'dauer' ? { dauer } : { stichtag }),
  }));
}

/** An Identifikator that is no reference: agency and further attributes optional. */
const freeIdent: Arbitrary<Record<string, string>> = fc.record({
  id: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,30}$/),
  schemeAgencyID: fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/),
  schemeName: textValue(1, 15),
  schemeVersionID: fc.stringMatching(/^\d{1,3}$/),
}, { requiredKeys: ['id'] });

function texts(): Arbitrary<unknown> {
  return fc.uniqueArray(fc.record({ languageCode: fc.constantFrom('de', 'en'), value: textValue(1) }), { minLength: 1, maxLength: 2, selector: (t) => t.languageCode });
}

function resolve(ref: string, file: string): { schema: Schema; file: string; name: string } {
  const [target, pointer] = ref.split('#') as [string, string];
  const f = target || file;
  let node: Schema = load(f);
  for (const part of pointer.split('/').filter(Boolean)) node = node[part];
  return { schema: node, file: f, name: pointer.split('/').pop()! };
}

/** An arbitrary for a JSON Schema node (the subset our schemas use). Arrays are never empty. */
export function fromSchema(schema: Schema, file: string, omit: string[] = []): Arbitrary<unknown> {
  if (schema.$ref) {
    const r = resolve(schema.$ref, file);
    if (overrides[r.name]) return overrides[r.name]!();
    if (r.name === 'texts') return texts();
    return fromSchema(r.schema, r.file);
  }
  if (schema.allOf) {
    // The parts and the schema's own properties together (a module: its base fields and its own).
    let base = file;
    const parts = schema.allOf.map((s: Schema) => {
      if (!s.$ref) return s;
      const r = resolve(s.$ref, file);
      base = r.file;
      return r.schema;
    });
    const { allOf: _a, ...own } = schema;
    if (!own.properties && !parts.some((p: Schema) => p.properties)) return fromSchema(Object.assign({}, ...parts), base);
    const merged = { type: 'object', ...own, properties: Object.assign({}, ...parts.map((p: Schema) => p.properties ?? {})) };
    for (const [k, v] of Object.entries(own.properties ?? {})) merged.properties[k] = v;
    // Own properties are relative to this file; the base's to theirs.
    const props: Record<string, Arbitrary<unknown>> = {};
    for (const [k, v] of Object.entries(merged.properties as Record<string, Schema>)) {
      if (omit.includes(k)) continue;
      props[k] = fromSchema(v, own.properties?.[k] ? file : base);
    }
    return fc.record(props, { requiredKeys: [...new Set([...(own.required ?? []), ...parts.flatMap((p: Schema) => p.required ?? [])])] })
      .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
  }
  if (schema.oneOf) return fc.oneof(...schema.oneOf.map((s: Schema) => fromSchema(s, file)));
  if (schema.enum) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'object': {
      const props: Record<string, Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) if (!omit.includes(k)) props[k] = fromSchema(v as Schema, file);
      return fc.record(props, { requiredKeys: (schema.required ?? []).filter((k: string) => !omit.includes(k)) })
        .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
    }
    case 'array': {
      const item = fromSchema(schema.items, file);
      const opts = { minLength: Math.max(1, schema.minItems ?? 0), maxLength: Math.min(3, schema.maxItems ?? 3) };
      return schema.uniqueItems ? fc.uniqueArray(item, { ...opts, selector: (v) => JSON.stringify(v) }) : fc.array(item, opts);
    }
    case 'string':
      if (schema.format === 'date') return isoDate;
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'uri') return httpUrl;
      if (schema.anyOf) return fc.oneof(isoDate, monthDay);
      if (schema.format === 'date-time') return isoDateTime;
      if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 100));
      return textValue(schema.minLength ?? 0, Math.min(schema.maxLength ?? 30, 30));
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 10_000 });
    case 'number':
      // JSON (and so every stored document) has no -0.
      return fc.double({ min: schema.minimum ?? 0, max: Math.min(schema.maximum ?? 1e9, 1e9), noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'boolean':
      return fc.boolean();
    default:
      throw new Error(`no generator for ${JSON.stringify(schema).slice(0, 100)}`);
  }
}

export const ident: Arbitrary<Ident> = fc.record({
  schemeAgencyID: fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/),
  id: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,40}$/),
});

const versionsinformation = fc.record({
  erstelltDatumZeit: isoDateTime, erstelltDurch: textValue(1, 20), geaendertDatumZeit: isoDateTime, geaendertDurch: textValue(1, 20), version: fc.integer({ min: 1, max: 999 }).map(String),
}, { requiredKeys: [] });

const IDS = ['xzufiId', 'schemeAgencyID'];
const typeSchema = (file: string) => load(file);

const leistungsobjekt = fc.record({ id: fc.stringMatching(/^\d{14}$/) });
const struktur = fc.oneof(
  fc.record({ typ: fc.constant('lo'), leistungsgruppierung: fc.stringMatching(/^\d{3}$/) }, { requiredKeys: ['typ'] }),
  fc.record({ typ: fc.constant('lov'), leistungsgruppierung: fc.stringMatching(/^\d{3}$/), leistungsobjektID: leistungsobjekt, verrichtung: fc.stringMatching(/^\d{3}$/) }, { requiredKeys: ['typ'] }),
  fc.record({ typ: fc.constant('lovd'), leistungsgruppierung: fc.stringMatching(/^\d{3}$/), leistungsobjektID: leistungsobjekt, verrichtung: fc.stringMatching(/^\d{3}$/), verrichtungsdetail: texts() }, { requiredKeys: ['typ'] }),
);

const kategorie = fc.record({
  id: ident,
  idSekundaer: fc.array(freeIdent, { minLength: 1, maxLength: 2 }),
  uebergeordneteKategorieId: ident,
  untergeordneteKategorieID: fc.array(ident, { minLength: 1, maxLength: 2 }),
  bezeichnung: texts(),
  beschreibung: texts(),
  klasse: fc.record({ id: fc.record({ id: fc.stringMatching(/^\d{3}$/) }), bezeichnung: texts(), version: fc.stringMatching(/^\d{1,2}$/) }, { requiredKeys: ['id'] }),
}, { requiredKeys: ['id', 'bezeichnung'] });

const contentArbitraries: Record<Klasse, Arbitrary<Record<string, unknown>>> = {
  Leistung: fc.record({
    base: fromSchema(typeSchema('leistung.schema.json'), 'leistung.schema.json', [...IDS, 'kategorieIds', 'struktur', 'idAttribute', 'unmodelled']),
    struktur: fc.option(struktur, { nil: undefined }),
    kategorie: fc.option(fc.array(kategorie, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  }).map(({ base, struktur: s, kategorie: k }) => {
    // The codec's documents carry the LeiKa keys as a list (REST accepts one key as a string too).
    const b = base as Record<string, unknown>;
    return { ...b, ...(typeof b.referenzLeiKa === 'string' ? { referenzLeiKa: [b.referenzLeiKa] } : {}), ...(s ? { struktur: s } : {}), ...(k ? { kategorie: k } : {}) };
  }),
  LeistungSpezialisierung: fc.record({
    base: fromSchema(typeSchema('spezialisierung.schema.json'), 'spezialisierung.schema.json', [...IDS, 'leistungId', 'basisVersion', 'idAttribute', 'unmodelled']),
    leistungId: ident,
  }).map(({ base, leistungId }) => ({ ...(base as object), leistungId })),
  Organisationseinheit: fc.record({
    base: fromSchema(typeSchema('organisationseinheit.schema.json'), 'organisationseinheit.schema.json', [...IDS, 'uebergeordneteOrganisationseinheitId', 'idAttribute', 'unmodelled']),
    parent: fc.option(ident, { nil: undefined }),
  }).map(({ base, parent }) => ({ ...(base as object), ...(parent ? { uebergeordneteOrganisationseinheitId: parent } : {}) })),
  Onlinedienst: fc.record({
    base: fromSchema(typeSchema('onlinedienst.schema.json'), 'onlinedienst.schema.json', [...IDS, 'leistungIds', 'idAttribute', 'unmodelled']),
    leistungIds: fc.option(fc.array(ident, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  }).map(({ base, leistungIds }) => ({ ...(base as object), ...(leistungIds ? { leistungIds } : {}) })),
  Zustaendigkeit: fc.record({
    leistungId: ident,
    responsible: ident,
    viaOnlinedienst: fc.boolean(),
    gebietID: fc.stringMatching(/^\d{12}$/),
    rolle: fc.constantFrom('01', '02', '03'),
  }).map(({ responsible, viaOnlinedienst, ...rest }) => ({ ...rest, [viaOnlinedienst ? 'onlinedienstId' : 'organisationseinheitId']: responsible })),
};

export function xzufiObject(klasse: Klasse): Arbitrary<XzufiObject> {
  return fc.record({
    id: ident,
    content: contentArbitraries[klasse],
    versionsinformation: fc.option(versionsinformation, { nil: undefined }),
  }).map(({ id, content, versionsinformation: vi }) => ({ klasse, id, content, ...(vi ? { versionsinformation: vi } : {}) }));
}

export const anyXzufiObject = fc.constantFrom<Klasse>('Leistung', 'LeistungSpezialisierung', 'Organisationseinheit', 'Onlinedienst', 'Zustaendigkeit').chain(xzufiObject);
