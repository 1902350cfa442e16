/**
 * The writer of the codec: XML for the elements a spec (spec.ts) describes, and a small
 * element-by-element writer for the parts of a message outside the objects.
 */
import { elementFields, IDENT_ATTRS, PREFIX, variantChain, variantFields, type ElementField, type Field, type Ident, type Unmodelled, type XmlNode } from './spec';
import { escapeAttr, escapeText, XZUFI_NS } from './xml';

const q = (name: string) => `${PREFIX}:${name}`;

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
    const elements = elementFields(fields);
    const parts = elements.map(compileField);
    const names = elements.map((f) => (f.el.includes('/') ? f.el.slice(0, f.el.indexOf('/')) : f.el));
    emit = (value, depth) => {
      const kept = value.unmodelled as Unmodelled[] | undefined;
      if (!kept || kept.length === 0) {
        let s = '';
        for (const part of parts) s += part(value, depth);
        return s;
      }
      // Elements kept from a foreign system go back where they stood: after the known element they followed.
      const outside = kept.filter((k) => k.in === undefined);
      const after = (name: string | null) => outside.filter((k) => k.after === name).map((k) => nodeXml(k.element, depth, XZUFI_NS)).join('');
      let s = after(null);
      const written = new Set<string>();
      parts.forEach((part, i) => {
        s += part(value, depth);
        if (!written.has(names[i]!)) s += after(names[i]!);
        written.add(names[i]!);
      });
      // Anchors this spec does not have (a renamed element): at the end rather than lost.
      s += outside.filter((k) => k.after !== null && !names.includes(k.after)).map((k) => nodeXml(k.element, depth, XZUFI_NS)).join('');
      return s;
    };
    compiled.set(fields, emit);
  }
  return emit;
}

/** An element kept as it came, under the canonical prefixes: XZuFi as xzufi:, no namespace unprefixed, others declared where they start. */
export function nodeXml(node: XmlNode, depth: number, parentNs: string | undefined): string {
  const ns = node.ns === undefined ? XZUFI_NS : node.ns;
  const name = ns === XZUFI_NS ? q(node.name) : ns === '' ? node.name : `ns1:${node.name}`;
  const declare = ns !== XZUFI_NS && ns !== '' && ns !== parentNs ? ` xmlns:ns1="${escapeAttr(ns)}"` : '';
  let attrs = declare;
  for (const [k, v] of Object.entries(node.attrs ?? {})) attrs += ` ${k}="${escapeAttr(k === 'xsi:type' ? canonicalType(v) : v)}"`;
  if (node.children && node.children.length > 0) {
    let inside = '';
    for (const c of node.children) inside += nodeXml(c, depth + 1, ns);
    return `${indent(depth)}<${name}${attrs}>${inside}${indent(depth)}</${name}>`;
  }
  if (node.text === undefined || node.text === '') return `${indent(depth)}<${name}${attrs}/>`;
  return `${indent(depth)}<${name}${attrs}>${escapeText(node.text)}</${name}>`;
}

/** xsi:type values are QNames: a type of the XZuFi namespace is named with the prefix this writer uses. */
const canonicalType = (value: string) => (value.includes(':') ? `${PREFIX}:${value.slice(value.indexOf(':') + 1)}` : value);

const absent = (v: unknown) => v === undefined || v === null || (Array.isArray(v) && v.length === 0);

function compileField(f: ElementField): Emit {
  const [outer, inner] = f.el.includes('/') ? f.el.split('/') as [string, string] : [undefined, f.el];
  const item = compileItem(f, q(inner));
  const many = (f.kind === 'text' && !f.single) || f.many === true;
  const key = f.key;
  const items = (v: unknown, depth: number) => {
    if (!many) return item(v, depth);
    let s = '';
    // A single value where a list belongs is a list of one (a hand-written document may say `referenzLeiKa: '…'`).
    for (const one of Array.isArray(v) ? v : [v]) s += item(one, depth);
    return s;
  };
  if (!outer) return (value, depth) => (absent(value[key]) ? '' : items(value[key], depth));
  const open = `<${q(outer)}>`;
  const close = `</${q(outer)}>`;
  return (value, depth) => {
    const v = value[key];
    if (absent(v)) return '';
    const kept = ((value.unmodelled as Unmodelled[] | undefined) ?? []).filter((k) => k.in === outer);
    const keptXml = (after: string | null) => kept.filter((k) => k.after === after).map((k) => nodeXml(k.element, depth + 1, XZUFI_NS)).join('');
    return indent(depth) + open + keptXml(null) + items(v, depth + 1) + keptXml(inner) + indent(depth) + close;
  };
}

function compileItem(f: ElementField, el: string): EmitItem {
  const closeTag = `</${el}>`;
  switch (f.kind) {
    case 'text':
      return (item, depth) => {
        const t = item as { languageCode?: string; value: string };
        const lang = t.languageCode === undefined ? '' : ` languageCode="${escapeAttr(t.languageCode)}"`;
        return `${indent(depth)}<${el}${lang}>${escapeText(t.value)}${closeTag}`;
      };
    case 'code': {
      if (f.raw) {
        return (item, depth) => {
          const c = item as { listURI?: string; listVersionID?: string; code: string; name?: string };
          return `${indent(depth)}<${el}${attrString({ listURI: c.listURI, listVersionID: c.listVersionID })}>${indent(depth + 1)}<code>${escapeText(c.code)}</code>`
            + `${c.name === undefined ? '' : `${indent(depth + 1)}<name>${escapeText(c.name)}</name>`}${indent(depth)}${closeTag}`;
        };
      }
      const open = `<${el}${attrString({ listURI: f.listURI, listVersionID: f.listVersionID })}>`;
      return (item, depth) => `${indent(depth)}${open}${indent(depth + 1)}<code>${escapeText(String(item))}</code>${indent(depth)}${closeTag}`;
    }
    case 'ident':
      return (item, depth) => {
        const id = item as Ident;
        let attrs = id.schemeAgencyID === undefined ? '' : ` schemeAgencyID="${escapeAttr(id.schemeAgencyID)}"`;
        for (const a of IDENT_ATTRS) {
          const v = a === 'schemeID' ? id.schemeID ?? f.schemeID : id[a];
          if (v !== undefined) attrs += ` ${a}="${escapeAttr(v)}"`;
        }
        return `${indent(depth)}<${el}${attrs}>${escapeText(id.id)}${closeTag}`;
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
    case 'variant': {
      return (item, depth) => {
        const v = item as Record<string, unknown>;
        const chain = variantChain(f.variants, String(v[f.discriminator]));
        const allowed = new Set([f.discriminator, 'unmodelled', ...chain.flatMap((c) => elementFields(c.fields).map((x) => x.key))]);
        const extra = Object.keys(v).filter((k) => !allowed.has(k));
        if (extra.length > 0) throw new TypeError(`${f.key}: ${extra.join(', ')} not allowed for ${String(v[f.discriminator])}`);
        const inside = compiledFields(variantFields(f.variants, String(v[f.discriminator])))(v, depth + 1);
        const open = `<${el} xsi:type="${escapeAttr(q(chain[chain.length - 1]!.typeName))}"`;
        return inside === '' ? `${indent(depth)}${open}/>` : `${indent(depth)}${open}>${inside}${indent(depth)}${closeTag}`;
      };
    }
    default: {
      const kind = f.kind;
      const open = `<${el}${attrString(f.attrs ?? {})}>`;
      return (item, depth) => `${indent(depth)}${open}${escapeText(scalarToString(kind, item))}${closeTag}`;
    }
  }
}
