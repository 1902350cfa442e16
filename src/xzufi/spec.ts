/**
 * A small declarative description of how a domain document maps to XZuFi elements. One spec drives
 * the writer (writer.ts), the reader (here) and the project XSD, so the three cannot drift apart.
 *
 * Conventions: a field's `el` may be a path `a/b` (wrapper `a` holding the repeated `b`); absent
 * values produce no element; arrays are never empty (an empty array is the same as no array).
 * Elements the spec does not know are kept, not dropped: the reader puts them (as XmlNode trees,
 * with the known element they followed) into the record's `unmodelled`, and the writer writes them
 * back where they stood.
 */
import { XZUFI_NS, type XmlElement } from './xml';

export interface Ident {
  schemeAgencyID: string;
  id: string;
  /** Only where the scheme carries meaning (Zustaendigkeit ids). */
  schemeID?: string;
  schemeAgencyName?: string;
  schemeDataURI?: string;
  schemeName?: string;
  schemeURI?: string;
  schemeVersionID?: string;
}

/** Identifikator attributes beyond schemeAgencyID, in the order XZuFi declares them. */
export const IDENT_ATTRS = ['schemeAgencyName', 'schemeDataURI', 'schemeID', 'schemeName', 'schemeURI', 'schemeVersionID'] as const;

/** An element the project does not model, as it came (namespace omitted = XZuFi, '' = none). */
export interface XmlNode {
  name: string;
  ns?: string;
  attrs?: Record<string, string>;
  text?: string;
  children?: XmlNode[];
}

/** Where an unmodelled element stood: after the known element `after` (null: first), inside wrapper `in`. */
export interface Unmodelled { after: string | null; in?: string; element: XmlNode }

interface FieldBase {
  key: string;
  /** Element name, or `wrapper/element`. */
  el: string;
  many?: boolean;
  required?: boolean;
}

export type ScalarKind = 'string' | 'int' | 'decimal' | 'boolean' | 'date' | 'dateTime' | 'dateOrMonthDay';

export type Field =
  /** A localized string (`@languageCode`): a list of {languageCode, value}, or one with `single`. */
  | (FieldBase & { kind: 'text'; single?: boolean })
  | (FieldBase & { kind: ScalarKind; attrs?: Record<string, string>; values?: readonly string[] })
  /** A typed code (fixed list: only the code is kept), or with `raw` any list: {listURI, listVersionID, code, name}. */
  | (FieldBase & { kind: 'code'; listURI: string; listVersionID?: string; raw?: boolean })
  /** An Identifikator; references need their schemeAgencyID (`free`: other identifiers need not). */
  | (FieldBase & { kind: 'ident'; schemeID?: string; free?: boolean })
  | (FieldBase & { kind: 'object'; spec: ObjSpec })
  | (FieldBase & { kind: 'variant'; discriminator: string; variants: Variant[] })
  /** Exactly one of the options (an XSD choice); the options are fields of the same record. */
  | { kind: 'choice'; key: string; options: Field[]; required?: boolean }
  | { kind: 'attr'; key: string; name: string; required?: boolean; values?: readonly string[] };

export type ElementField = Exclude<Field, { kind: 'attr' } | { kind: 'choice' }>;

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

const variantLists = new WeakMap<Variant[], Map<string, Field[]>>();
/** The fields of a variant with those of the variants it extends, as one list (the same list each time). */
export function variantFields(variants: Variant[], value: string): Field[] {
  let lists = variantLists.get(variants);
  if (!lists) variantLists.set(variants, (lists = new Map()));
  let list = lists.get(value);
  if (!list) lists.set(value, (list = variantChain(variants, value).flatMap((c) => c.fields)));
  return list;
}

const elementLists = new WeakMap<Field[], ElementField[]>();
/** The element fields of a list, the options of its choices included, in order (the same list each time). */
export function elementFields(fields: Field[]): ElementField[] {
  let list = elementLists.get(fields);
  if (!list) elementLists.set(fields, (list = fields.flatMap((f) => (f.kind === 'attr' ? [] : f.kind === 'choice' ? elementFields(f.options) : [f]))));
  return list;
}

const outerName = (f: ElementField) => (f.el.includes('/') ? f.el.slice(0, f.el.indexOf('/')) : f.el);

// ---------------------------------------------------------------- reading

export const KEPT_MESSAGE = 'not modelled here: kept with the object and written again where it stood (not editable here)';

/** An element as an XmlNode: namespace as in the document, attributes as written (declarations left out). */
export function toNode(el: XmlElement): XmlNode {
  const node: XmlNode = { name: el.name };
  if (el.ns !== XZUFI_NS) node.ns = el.ns;
  const attrs = Object.entries(el.qattrs).filter(([k]) => !k.includes(':') || k.startsWith('xsi:') || k.startsWith('xml:'));
  if (attrs.length > 0) node.attrs = Object.fromEntries(attrs);
  if (el.children.length > 0) node.children = el.children.map(toNode);
  else if (el.text !== '') node.text = el.text;
  return node;
}

function keep(out: Record<string, unknown>, entry: Unmodelled): void {
  ((out.unmodelled ??= []) as Unmodelled[]).push(entry);
}

export function readFields(el: XmlElement, fields: Field[], path: string, problems: DecodeProblem[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const all = elementFields(fields);
  const known = new Set(all.map(outerName));
  for (const f of fields) {
    if (f.kind === 'attr') {
      const v = el.attrs[f.name];
      if (v !== undefined) out[f.key] = v;
    }
  }
  for (const f of all) {
    const [outer, inner] = f.el.includes('/') ? f.el.split('/') as [string, string] : [undefined, f.el];
    let container: XmlElement | undefined = el;
    let base = path;
    if (outer) {
      const wrappers = el.children.filter((c) => c.name === outer);
      if (wrappers.length > 1) problems.push({ path: `${path}/${outer}`, message: 'may appear only once', severity: 'error' });
      container = wrappers[0];
      base = `${path}/${outer}`;
      if (container) {
        let last: string | null = null;
        for (const c of container.children) {
          if (c.name === inner) { last = inner; continue; }
          keep(out, { after: last, in: outer, element: toNode(c) });
          problems.push({ path: `${base}/${c.name}`, message: KEPT_MESSAGE, severity: 'warning' });
        }
      }
    }
    if (!container) continue;
    const matches = container.children.filter((c) => c.name === inner);
    if (matches.length === 0) continue;
    const many = (f.kind === 'text' && !f.single) || f.many;
    if (!many && matches.length > 1) problems.push({ path: `${base}/${inner}`, message: 'may appear only once', severity: 'error' });
    const values = matches.map((m, i) => readItem(m, f, many ? `${base}/${inner}[${i + 1}]` : `${base}/${inner}`, problems));
    out[f.key] = many ? values : values[0];
  }
  for (const f of fields) {
    if (f.kind === 'choice') {
      const given = elementFields(f.options).filter((o) => out[o.key] !== undefined);
      if (given.length > 1) problems.push({ path, message: `only one of ${given.map((g) => g.el).join(', ')} may be given`, severity: 'error' });
    }
  }
  // Unknown elements, in document order, each with the known element before it.
  let last: string | null = null;
  for (const c of el.children) {
    if (known.has(c.name)) { last = c.name; continue; }
    keep(out, { after: last, element: toNode(c) });
    problems.push({ path: `${path}/${c.name}`, message: KEPT_MESSAGE, severity: 'warning' });
  }
  return out;
}

function readIdent(el: XmlElement, f: Extract<Field, { kind: 'ident' }>, error: (message: string) => void): Ident {
  const id: Ident = { schemeAgencyID: el.attrs.schemeAgencyID ?? '', id: el.text.trim() };
  if (!el.attrs.schemeAgencyID && !f.free) error('schemeAgencyID is missing');
  for (const a of IDENT_ATTRS) {
    const v = el.attrs[a];
    if (v === undefined || (a === 'schemeID' && v === f.schemeID)) continue;
    id[a] = v;
  }
  if (f.free && !el.attrs.schemeAgencyID) delete (id as Partial<Ident>).schemeAgencyID;
  return id;
}

function readItem(el: XmlElement, f: ElementField, path: string, problems: DecodeProblem[]): unknown {
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
      if (!f.raw) return code?.text.trim() ?? '';
      const name = el.children.find((c) => c.name === 'name');
      return {
        ...(el.attrs.listURI !== undefined ? { listURI: el.attrs.listURI } : {}),
        ...(el.attrs.listVersionID !== undefined ? { listVersionID: el.attrs.listVersionID } : {}),
        code: code?.text.trim() ?? '',
        ...(name ? { name: name.text } : {}),
      };
    }
    case 'ident':
      return readIdent(el, f, error);
    case 'object': {
      const v = readFields(el, f.spec.fields, path, problems);
      return f.spec.fromXml ? f.spec.fromXml(v) : v;
    }
    case 'variant': {
      const typeName = el.attrs.type ? el.attrs.type.slice(el.attrs.type.indexOf(':') + 1) : undefined;
      const variant = f.variants.find((v) => v.typeName === typeName) ?? f.variants[0]!;
      if (typeName === undefined) problems.push({ path, message: `xsi:type is missing; read as ${variant.typeName}`, severity: 'warning' });
      else if (variant.typeName !== typeName) error(`xsi:type ${typeName} is not one of ${f.variants.map((v) => v.typeName).join(', ')}`);
      return { [f.discriminator]: variant.value, ...readFields(el, variantFields(f.variants, variant.value), path, problems) };
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
        case 'dateOrMonthDay':
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
    const f = [...fields.filter((x) => x.kind === 'attr'), ...elementFields(fields)].find((x) => x.key === part);
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
