/**
 * The XML layer of the codec: escaping for the writer, a guarded parse for the reader. Input is
 * untrusted: a linear pre-scan enforces the limits (no DTD, bounded depth, names and tag sizes)
 * before a parser ever sees it, and records where each top-level child starts so that problems can
 * be reported with line and column.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const XZUFI_NS = 'http://xoev.de/schemata/xzufi/2_2_0';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

export interface Position { line: number; column: number }

export class XmlInputError extends Error {
  constructor(
    /** Stable code: xml_malformed, xml_doctype_forbidden, xml_too_deep, xml_tag_too_large, xml_not_utf8 */
    readonly code: string,
    message: string,
    readonly position?: Position,
  ) {
    super(message);
  }
}

export interface XmlLimits {
  maxDepth: number;
  /** Longest start tag including its attributes, in characters. */
  maxTagLength: number;
}

export const DEFAULT_LIMITS: XmlLimits = { maxDepth: 64, maxTagLength: 64 * 1024 };

// ---------------------------------------------------------------- writing

const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTR_ESCAPES: Record<string, string> = { ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;' };

const TEXT_SPECIAL = /[&<>\r]/;
const ATTR_SPECIAL = /[&<>"\r\n\t]/;

// Most values have nothing to escape (an export writes millions): they are tested before anything is built.
export function escapeText(value: string): string {
  return TEXT_SPECIAL.test(value) ? value.replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c]!) : value;
}

export function escapeAttr(value: string): string {
  return ATTR_SPECIAL.test(value) ? value.replace(/[&<>"\r\n\t]/g, (c) => ATTR_ESCAPES[c]!) : value;
}

// ---------------------------------------------------------------- reading

/** An element of the parsed tree: local name (prefix removed), attributes by local name, children, text. */
export interface XmlElement {
  name: string;
  prefix: string | undefined;
  /** Namespace URI of the element (from the declarations in scope); '' for none. */
  ns: string;
  attrs: Record<string, string>;
  /** The attributes by their qualified names as written (`xsi:type`), namespace declarations left out. */
  qattrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data of the element itself (not of its children). */
  text: string;
}

export interface ScanResult {
  /** Start offsets of the children of the root element, in document order. */
  topLevel: Array<{ name: string; offset: number }>;
  lines: LineIndex;
}

/**
 * Line and column of offsets in a text, found on demand: a checkpoint every megabyte and the last
 * position asked for, so that memory does not grow with the number of lines and positions asked
 * for in document order cost one pass in all.
 */
export class LineIndex {
  private static readonly EVERY = 1 << 20;
  private readonly checkpoints: Array<{ offset: number; line: number; lineStart: number }> = [{ offset: 0, line: 1, lineStart: 0 }];
  private last = { offset: 0, line: 1, lineStart: 0 };

  constructor(private readonly text: string) {}

  private advance(from: { offset: number; line: number; lineStart: number }, to: number) {
    let { line, lineStart } = from;
    for (let i = this.text.indexOf('\n', from.offset); i !== -1 && i < to; i = this.text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    return { offset: to, line, lineStart };
  }

  positionAt(offset: number): Position {
    const target = Math.max(0, Math.min(offset, this.text.length));
    let from = this.last.offset <= target ? this.last : undefined;
    if (!from) {
      const k = Math.floor(target / LineIndex.EVERY);
      while (this.checkpoints.length <= k) {
        const prev = this.checkpoints[this.checkpoints.length - 1]!;
        this.checkpoints.push(this.advance(prev, prev.offset + LineIndex.EVERY));
      }
      from = this.checkpoints[k]!;
    }
    this.last = this.advance(from, target);
    return { line: this.last.line, column: target - this.last.lineStart + 1 };
  }
}

/** Offsets → line/column (1-based). */
export function positionAt(scan: Pick<ScanResult, 'lines'>, offset: number): Position {
  return scan.lines.positionAt(offset);
}

/**
 * One pass over the text: refuses DOCTYPE (so no entity can be declared, expanded or fetched),
 * bounds the nesting depth and the size of every start tag. Not a validating parser: it only
 * needs to be right for input the real parser would accept.
 */
export function scanXml(xml: string, limits: XmlLimits = DEFAULT_LIMITS): ScanResult {
  const scan: ScanResult = { topLevel: [], lines: new LineIndex(xml) };
  // Real messages start with a declaration or an element; anything else is refused at once,
  // before a large body is walked.
  const first = /[^\s\uFEFF]/.exec(xml.length > 4096 ? xml.slice(0, 4096) : xml);
  if (!first || xml[first.index] !== '<') {
    throw new XmlInputError('xml_malformed', first ? 'the document does not start with an XML declaration or element' : 'the document does not start with an XML declaration or element (only white space)', first ? positionAt(scan, first.index) : { line: 1, column: 1 });
  }
  const fail = (code: string, message: string, offset: number): never => {
    throw new XmlInputError(code, message, positionAt(scan, offset));
  };
  let depth = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) fail('xml_malformed', 'comment is not closed', i);
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) fail('xml_malformed', 'CDATA section is not closed', i);
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) fail('xml_malformed', 'processing instruction is not closed', i);
      i = xml.indexOf('<', end + 2);
      continue;
    }
    if (xml.startsWith('<!', i)) {
      fail('xml_doctype_forbidden', 'DOCTYPE and entity declarations are not accepted (XXE, entity expansion)', i);
    }
    const end = findTagEnd(xml, i);
    if (end === -1) fail('xml_malformed', 'tag is not closed', i);
    if (end - i > limits.maxTagLength) fail('xml_tag_too_large', `a tag is longer than ${limits.maxTagLength} characters`, i);
    if (xml[i + 1] === '/') {
      depth--;
    } else {
      if (depth === 1) scan.topLevel.push({ name: localName(xml.slice(i + 1, end).match(/^[^\s/>]+/)?.[0] ?? ''), offset: i });
      if (xml[end - 1] !== '/') {
        depth++;
        if (depth > limits.maxDepth) fail('xml_too_deep', `elements are nested deeper than ${limits.maxDepth} levels`, i);
      }
    }
    i = xml.indexOf('<', end + 1);
  }
  return scan;
}

/** Index of the `>` that closes the tag starting at `start`, skipping quoted attribute values. */
function findTagEnd(xml: string, start: number): number {
  let quote = '';
  for (let j = start + 1; j < xml.length; j++) {
    const c = xml[j];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return j;
    else if (c === '<') return -1;
  }
  return -1;
}

export function localName(qname: string): string {
  const colon = qname.indexOf(':');
  return colon === -1 ? qname : qname.slice(colon + 1);
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  commentPropName: false as unknown as string,
  cdataPropName: false as unknown as string,
});

type OrderedNode = Record<string, unknown> & { ':@'?: Record<string, string> };

const NUMERIC_REF = /&#(x[0-9a-fA-F]{1,6}|[0-9]{1,7});/g;

/**
 * Parses a document the scan accepted. Character references are resolved here (the parser leaves
 * them), namespace prefixes are kept aside: XZuFi consumers must treat any prefix as equivalent.
 */
export function parseXml(xml: string, limits: XmlLimits = DEFAULT_LIMITS): { root: XmlElement; scan: ScanResult; namespaces: Record<string, string> } {
  // namespaces: the declarations on the root element, by prefix ('' = default namespace)
  const scan = scanXml(xml, limits);
  const valid = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (valid !== true) {
    throw new XmlInputError('xml_malformed', valid.err.msg, { line: valid.err.line, column: valid.err.col });
  }
  // Numeric references become private markers first, so that `&#38;lt;` stays the text `&lt;`.
  const refs: string[] = [];
  const marked = xml.replace(NUMERIC_REF, (_m, ref: string) => {
    const code = ref[0] === 'x' ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
    if (code > 0x10ffff || code === 0 || (code >= 0xd800 && code <= 0xdfff)) {
      throw new XmlInputError('xml_malformed', `&#${ref}; is not a valid character reference`);
    }
    refs.push(String.fromCodePoint(code));
    return `\u{F0000}${refs.length - 1}\u{F0001}`;
  });
  const unmark = (s: string) => (refs.length === 0 ? s : s.replace(/\u{F0000}(\d+)\u{F0001}/gu, (_m, n: string) => refs[Number(n)]!));
  let nodes: OrderedNode[];
  try {
    nodes = parser.parse(marked) as OrderedNode[];
  } catch (err) {
    // The validator lets a few broken forms through (e.g. a mangled declaration) that the parser refuses.
    throw new XmlInputError('xml_malformed', (err as Error).message);
  }
  const namespaces: Record<string, string> = {};
  const convert = (node: OrderedNode, scope: Record<string, string>, isRoot = false): XmlElement | undefined => {
    const qname = Object.keys(node).find((k) => k !== ':@');
    if (!qname || qname === '#text') return undefined;
    const attrs: Record<string, string> = {};
    const qattrs: Record<string, string> = {};
    let inScope = scope;
    for (const [k, v] of Object.entries(node[':@'] ?? {})) {
      if (k === 'xmlns' || k.startsWith('xmlns:')) {
        if (inScope === scope) inScope = { ...scope };
        inScope[k === 'xmlns' ? '' : k.slice(6)] = unmark(String(v));
        if (isRoot) namespaces[k === 'xmlns' ? '' : k.slice(6)] = unmark(String(v));
      } else {
        attrs[localName(k)] = unmark(String(v));
        qattrs[k] = attrs[localName(k)]!;
      }
    }
    const prefix = qname.includes(':') ? qname.split(':')[0] : undefined;
    const el: XmlElement = { name: localName(qname), prefix, ns: inScope[prefix ?? ''] ?? '', attrs, qattrs, children: [], text: '' };
    for (const child of (node[qname] as OrderedNode[]) ?? []) {
      if ('#text' in child) el.text += unmark(String(child['#text']));
      else {
        const c = convert(child, inScope);
        if (c) el.children.push(c);
      }
    }
    return el;
  };
  const roots = nodes.map((n) => convert(n, { xml: 'http://www.w3.org/XML/1998/namespace' }, true)).filter((e): e is XmlElement => e !== undefined);
  if (roots.length !== 1) throw new XmlInputError('xml_malformed', 'the document must have exactly one root element');
  return { root: roots[0]!, scan, namespaces };
}
