/**
 * A small declarative description of how a domain document maps to XZuFi elements. One spec drives
 * the writer (writer.ts), the reader (here) and the project XSD, so the three cannot drift apart.
 *
 * Conventions: a field's `el` may be a path `a/b` (wrapper `a` holding the repeated `b`); absent
 * values produce no element; arrays are never empty (an empty array is the same as no array).
 */
import type { XmlElement } from './xml';

export interface Ident {
  schemeAgencyID: string;
  id: string;
  /** Only where the scheme carries meaning (Zustaendigkeit ids). */
  schemeID?: string;
}

interface FieldBase {
  key: string;
  /** Element name, or `wrapper/element`. */
  el: string;
  many?: boolean;
  required?: boolean;
}

export type Field =
  | (FieldBase & { kind: 'text' })
  | (FieldBase & { kind: 'string' | 'int' | 'decimal' | 'boolean' | 'date' | 'dateTime'; attrs?: Record<string, string>; values?: readonly string[] })
  | (FieldBase & { kind: 'code'; listURI: string; listVersionID?: string })
  | (FieldBase & { kind: 'ident'; schemeID?: string })
  | (FieldBase & { kind: 'object'; spec: ObjSpec })
  | (FieldBase & { kind: 'variant'; discriminator: string; variants: Variant[] })
  | { kind: 'attr'; key: string; name: string; required?: boolean; values?: readonly string[] };

export interface Variant {
  value: string;
  /** XSD type name written as xsi:type; each variant extends the one before it. */
  typeName: string;
  fields: Field[];
}

export interface ObjSpec {
  /** Name of the XSD complexType. */
  typeName: string;
  fields: Field[];
  /** Domain value → the shape the fields describe (e.g. derived fields removed). */
  toXml?(value: Record<string, unknown>): Record<string, unknown>;
  /** The inverse of toXml. */
  fromXml?(value: Record<string, unknown>): Record<string, unknown>;
}

export interface DecodeProblem {
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export const PREFIX = 'xzufi';
/** The variant of that value with those it extends, base first. */
export function variantChain(variants: Variant[], value: string): Variant[] {
  const index = variants.findIndex((v) => v.value === value);
  if (index === -1) throw new TypeError(`unknown variant ${value}`);
  return variants.slice(0, index + 1);
}

// ---------------------------------------------------------------- reading

export function readFields(el: XmlElement, fields: Field[], path: string, problems: DecodeProblem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const f of fields) {
    if (f.kind === 'attr') {
      const v = el.attrs[f.name];
      if (v !== undefined) out[f.key] = v;
      continue;
    }
    const [outer, inner] = f.el.includes('/') ? f.el.split('/') as [string, string] : [undefined, f.el];
    known.add(outer ?? inner);
    let container: XmlElement | undefined = el;
    let base = path;
    if (outer) {
      const wrappers = el.children.filter((c) => c.name === outer);
      if (wrappers.length > 1) problems.push({ path: `${path}/${outer}`, message: 'may appear only once', severity: 'error' });
      container = wrappers[0];
      base = `${path}/${outer}`;
      if (container) {
        for (const c of container.children) if (c.name !== inner) problems.push({ path: `${base}/${c.name}`, message: 'unknown element ignored', severity: 'warning' });
      }
    }
    if (!container) continue;
    const matches = container.children.filter((c) => c.name === inner);
    if (matches.length === 0) continue;
    const many = f.kind === 'text' || f.many;
    if (!many && matches.length > 1) problems.push({ path: `${base}/${inner}`, message: 'may appear only once', severity: 'error' });
    const values = matches.map((m, i) => readItem(m, f, many ? `${base}/${inner}[${i + 1}]` : `${base}/${inner}`, problems));
    out[f.key] = many ? values : values[0];
  }
  for (const c of el.children) {
    if (!known.has(c.name)) problems.push({ path: `${path}/${c.name}`, message: 'unknown element ignored', severity: 'warning' });
  }
  return out;
}

function readItem(el: XmlElement, f: Exclude<Field, { kind: 'attr' }>, path: string, problems: DecodeProblem[]): unknown {
  const error = (message: string) => problems.push({ path, message, severity: 'error' });
  switch (f.kind) {
    case 'text': {
      const languageCode = el.attrs.languageCode;
      if (languageCode === undefined) error('languageCode is missing');
      return { languageCode, value: el.text };
    }
    case 'code': {
      const code = el.children.find((c) => c.name === 'code');
      if (!code) error('code is missing');
      return code?.text.trim() ?? '';
    }
    case 'ident': {
      const id: Ident = { schemeAgencyID: el.attrs.schemeAgencyID ?? '', id: el.text.trim() };
      if (!el.attrs.schemeAgencyID) error('schemeAgencyID is missing');
      if (el.attrs.schemeID !== undefined && el.attrs.schemeID !== f.schemeID) id.schemeID = el.attrs.schemeID;
      return id;
    }
    case 'object': {
      const v = readFields(el, f.spec.fields, path, problems);
      return f.spec.fromXml ? f.spec.fromXml(v) : v;
    }
    case 'variant': {
      const typeName = el.attrs.type ? el.attrs.type.slice(el.attrs.type.indexOf(':') + 1) : undefined;
      const variant = f.variants.find((v) => v.typeName === typeName) ?? f.variants[0]!;
      if (typeName === undefined) problems.push({ path, message: `xsi:type is missing; read as ${variant.typeName}`, severity: 'warning' });
      else if (variant.typeName !== typeName) error(`xsi:type ${typeName} is not one of ${f.variants.map((v) => v.typeName).join(', ')}`);
      const chain = variantChain(f.variants, variant.value);
      return { [f.discriminator]: variant.value, ...readFields(el, chain.flatMap((c) => c.fields), path, problems) };
    }
    default: {
      const raw = el.text;
      switch (f.kind) {
        case 'int':
          if (!/^\s*[+-]?\d+\s*$/.test(raw)) error(`${raw} is not an integer`);
          return Number(raw);
        case 'decimal':
          if (!/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(raw)) error(`${raw} is not a decimal number`);
          return Number(raw);
        case 'boolean': {
          const t = raw.trim();
          if (!['true', 'false', '1', '0'].includes(t)) error(`${raw} is not a boolean`);
          return t === 'true' || t === '1';
        }
        case 'date':
        case 'dateTime':
          return raw.trim();
        default:
          return raw;
      }
    }
  }
}

// ---------------------------------------------------------------- paths

/**
 * A JSON pointer into a document (`/modulText/2/inhalt/0/value`) as an element path of its XZuFi
 * form (`/modulText[3]/inhalt[1]`), for reports. Unknown keys are kept as they are.
 */
export function elementPath(spec: ObjSpec, pointer: string): string {
  let fields: Field[] = spec.fields;
  let current: Field | undefined;
  let out = '';
  for (const part of pointer.split('/').filter(Boolean)) {
    if (/^\d+$/.test(part) && current) {
      out += `[${Number(part) + 1}]`;
      continue;
    }
    if (current?.kind === 'text' && (part === 'value' || part === 'languageCode')) {
      if (part === 'languageCode') out += '/@languageCode';
      continue;
    }
    const f = fields.find((x) => x.key === part);
    if (!f) {
      out += `/${part}`;
      fields = [];
      current = undefined;
      continue;
    }
    current = f;
    if (f.kind === 'attr') {
      out += `/@${f.name}`;
      fields = [];
      continue;
    }
    out += `/${f.el}`;
    fields = f.kind === 'object' ? f.spec.fields : f.kind === 'variant' ? f.variants.flatMap((v) => v.fields) : [];
  }
  return out || '/';
}
