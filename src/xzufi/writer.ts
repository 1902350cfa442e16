/**
 * The writer of the codec: XML for the elements a spec (spec.ts) describes, and a small
 * element-by-element writer for the parts of a message outside the objects.
 */
import { PREFIX, variantChain, type Field, type Ident } from './spec';
import { escapeAttr, escapeText } from './xml';

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
      const open = `<${el}${attrString({ listURI: f.listURI, listVersionID: f.listVersionID })}>`;
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
      const open = `<${el}${attrString(f.attrs ?? {})}>`;
      return (item, depth) => `${indent(depth)}${open}${escapeText(scalarToString(kind, item))}${closeTag}`;
    }
  }
}
