/**
 * A small declarative description of how a domain document maps to XZuFi elements. One spec drives
 * the writer, the reader and the project XSD, so the three cannot drift apart.
 *
 * Conventions: a field's `el` may be a path `a/b` (wrapper `a` holding the repeated `b`); absent
 * values produce no element; arrays are never empty (an empty array is the same as no array).
 */
import { escapeAttr, escapeText, type XmlElement } from './xml';

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
const q = (name: string) => `${PREFIX}:${name}`;

// ---------------------------------------------------------------- writing

const INDENTS: string[] = [];
/** Line break and indentation of an element at `depth` (two spaces a level). */
const indent = (depth: number): string => (INDENTS[depth] ??= '\n' + '  '.repeat(depth));

/** Small pieces of a message outside the objects (head, loesche): element by element. */
export class XmlWriter {
  readonly parts: string[] = [];
  constructor(private depth = 0) {}

  open(name: string, attrs: Record<string, string | undefined> = {}): void {
    this.parts.push(`${indent(this.depth)}<${name}${attrString(attrs)}>`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    const last = this.parts.length - 1;
    if (this.parts[last]!.startsWith(`${indent(this.depth)}<${name}`) && this.parts[last]!.endsWith('>') && !this.parts[last]!.endsWith('/>')) {
      this.parts[last] = `${this.parts[last]!.slice(0, -1)}/>`; // nothing was written inside
    } else {
      this.parts.push(`${indent(this.depth)}</${name}>`);
    }
  }

  leaf(name: string, text: string, attrs: Record<string, string | undefined> = {}): void {
    this.parts.push(`${indent(this.depth)}<${name}${attrString(attrs)}>${escapeText(text)}</${name}>`);
  }

  /** Fields of a spec at the current depth (see fieldsXml). */
  fields(fields: Field[], value: Record<string, unknown>): void {
    this.parts.push(fieldsXml(fields, value, this.depth));
  }

  toString(): string {
    return this.parts.join('');
  }
}

function attrString(attrs: Record<string, string | undefined>): string {
  let s = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) s += ` ${k}="${escapeAttr(v)}"`;
  return s;
}

function scalarToString(kind: string, value: unknown): string {
  switch (kind) {
    case 'int':
    case 'decimal':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`not a finite number: ${String(value)}`);
      return decimalString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return String(value);
  }
}

/** xs:decimal has no exponent: 1e-7 must be written 0.0000001. */
function decimalString(n: number): string {
  const s = String(n);
  if (!/e/i.test(s)) return s;
  const [mantissa, exp] = s.toLowerCase().split('e') as [string, string];
  const e = Number(exp);
  const negative = mantissa.startsWith('-');
  const [intPart, frac = ''] = mantissa.replace('-', '').split('.') as [string, string?];
  const digits = intPart + frac;
  const point = intPart.length + e;
  const out = point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + out;
}

/**
 * The elements of `value` as the fields describe them, each on its own line at `depth`. Absent
 * values, null and empty arrays produce nothing; an element with nothing inside closes itself.
 *
 * Exports write hundreds of megabytes of this: each field list is compiled once into a function
 * of closures with its element names, fixed attributes and escaping decided up front, and the
 * text is built by concatenation (no element objects, no per-element attribute maps).
 */
export function fieldsXml(fields: Field[], value: Record<string, unknown>, depth: number): string {
  return compiledFields(fields)(value, depth);
}

type Emit = (value: Record<string, unknown>, depth: number) => string;
type EmitItem = (item: unknown, depth: number) => string;

const compiled = new WeakMap<Field[], Emit>();

function compiledFields(fields: Field[]): Emit {
  let emit = compiled.get(fields);
  if (!emit) {
    const parts = fields.filter((f): f is Exclude<Field, { kind: 'attr' }> => f.kind !== 'attr').map(compileField);
    emit = (value, depth) => {
      let s = '';
      for (const part of parts) s += part(value, depth);
      return s;
    };
    compiled.set(fields, emit);
  }
  return emit;
}

const absent = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

function compileField(f: Exclude<Field, { kind: 'attr' }>): Emit {
  const [outer, inner] = f.el.includes('/') ? f.el.split('/') as [string, string] : [undefined, f.el];
  const item = compileItem(f, q(inner));
  const many = f.kind === 'text' || f.many === true;
  const key = f.key;
  const items = (v: unknown, depth: number) => {
    if (!many) return item(v, depth);
    let s = '';
    for (const one of v as unknown[]) s += item(one, depth);
    return s;
  };
  if (!outer) return (value, depth) => (absent(value[key]) ? '' : items(value[key], depth));
  const open = `<${q(outer)}>`;
  const close = `</${q(outer)}>`;
  return (value, depth) => {
    const v = value[key];
    if (absent(v)) return '';
    return indent(depth) + open + items(v, depth + 1) + indent(depth) + close;
  };
}

/** ` name="value"` for the fixed attributes of a field, escaped once. */
const fixedAttrs = (attrs: Record<string, string | undefined>) => attrString(attrs);

function compileItem(f: Exclude<Field, { kind: 'attr' }>, el: string): EmitItem {
  const closeTag = `</${el}>`;
  switch (f.kind) {
    case 'text':
      return (item, depth) => {
        const t = item as { languageCode?: string; value: string };
        const lang = t.languageCode === undefined ? '' : ` languageCode="${escapeAttr(t.languageCode)}"`;
        return `${indent(depth)}<${el}${lang}>${escapeText(t.value)}${closeTag}`;
      };
    case 'code': {
      const open = `<${el}${fixedAttrs({ listURI: f.listURI, listVersionID: f.listVersionID })}>`;
      return (item, depth) => `${indent(depth)}${open}${indent(depth + 1)}<code>${escapeText(String(item))}</code>${indent(depth)}${closeTag}`;
    }
    case 'ident':
      return (item, depth) => {
        const id = item as Ident;
        const schemeID = id.schemeID ?? f.schemeID;
        return `${indent(depth)}<${el}${id.schemeAgencyID === undefined ? '' : ` schemeAgencyID="${escapeAttr(id.schemeAgencyID)}"`}`
          + `${schemeID === undefined ? '' : ` schemeID="${escapeAttr(schemeID)}"`}>${escapeText(id.id)}${closeTag}`;
      };
    case 'object': {
      const spec = f.spec;
      const attrFields = spec.fields.filter((x): x is Extract<Field, { kind: 'attr' }> => x.kind === 'attr');
      return (item, depth) => {
        const v = spec.toXml ? spec.toXml(item as Record<string, unknown>) : (item as Record<string, unknown>);
        let attrs = '';
        for (const a of attrFields) if (v[a.key] !== undefined) attrs += ` ${a.name}="${escapeAttr(String(v[a.key]))}"`;
        const inside = compiledFields(spec.fields)(v, depth + 1);
        return inside === '' ? `${indent(depth)}<${el}${attrs}/>` : `${indent(depth)}<${el}${attrs}>${inside}${indent(depth)}${closeTag}`;
      };
    }
    case 'variant':
      return (item, depth) => {
        const v = item as Record<string, unknown>;
        const chain = variantChain(f.variants, String(v[f.discriminator]));
        const allowed = new Set([f.discriminator, ...chain.flatMap((c) => c.fields.map((x) => x.key))]);
        const extra = Object.keys(v).filter((k) => !allowed.has(k));
        if (extra.length > 0) throw new TypeError(`${f.key}: ${extra.join(', ')} not allowed for ${String(v[f.discriminator])}`);
        let inside = '';
        for (const c of chain) inside += compiledFields(c.fields)(v, depth + 1);
        const open = `<${el} xsi:type="${escapeAttr(q(chain[chain.length - 1]!.typeName))}"`;
        return inside === '' ? `${indent(depth)}${open}/>` : `${indent(depth)}${open}>${inside}${indent(depth)}${closeTag}`;
      };
    default: {
      const kind = f.kind;
      const open = `<${el}${fixedAttrs(f.attrs ?? {})}>`;
      return (item, depth) => `${indent(depth)}${open}${escapeText(scalarToString(kind, item))}${closeTag}`;
    }
  }
}

function variantChain(variants: Variant[], value: string): Variant[] {
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
