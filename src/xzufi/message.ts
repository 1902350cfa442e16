/**
 * XZuFi transfer messages: a root element with product attributes, one `nachrichtenkopf`, then
 * `schreibe` (one object each) and `loesche` (class + id). Writing is split into head, items and
 * tail so that exports can stream; reading accepts any root element in the XZuFi namespace.
 */
import { CODECS, codecForElement, KLASSEN, PROJECT_NAMES, type Klasse, type XzufiObject } from './objects';
import { PREFIX, readFields, type DecodeProblem, type Ident } from './spec';
import { fieldsXml, XmlWriter } from './writer';
import { escapeAttr, parseXml, positionAt, XmlInputError, XSI_NS, XZUFI_NS, type Position, type XmlElement, type XmlLimits } from './xml';

/**
 * Name of the root element. The official 2.2.0 name of a Sammlerdienst transfer message could not
 * be confirmed offline (PROJECT_NAMES); readers accept any root in the namespace.
 */
export const TRANSFER_ROOT = PROJECT_NAMES.transferRoot;
export const XZUFI_VERSION = '2.2.0';
export const ACCEPTED_VERSIONS = ['2.2', '2.2.0'];

export interface Nachrichtenkopf {
  nachrichtUUID: string;
  erstelltDatumZeit: string;
  sender?: string;
  empfaenger?: string;
}

export interface Produkt {
  produktbezeichnung: string;
  produkthersteller: string;
  produktversion: string;
}

export interface Loesche { klasse: Klasse; id: Ident }

export type MessageItem =
  | { op: 'schreibe'; object: XzufiObject; index: number; position: Position }
  | { op: 'loesche'; loesche: Loesche; index: number; position: Position };

const q = (name: string) => `${PREFIX}:${name}`;

export function messageHead(produkt: Produkt, kopf: Nachrichtenkopf): string {
  const w = new XmlWriter(1);
  w.open(q('nachrichtenkopf'));
  w.leaf(q('nachrichtUUID'), kopf.nachrichtUUID);
  w.leaf(q('erstelltDatumZeit'), kopf.erstelltDatumZeit);
  // The order of a 2.1 message header (no 2.2 one is public): empfaenger before sender.
  if (kopf.empfaenger !== undefined) w.leaf(q('empfaenger'), kopf.empfaenger);
  if (kopf.sender !== undefined) w.leaf(q('sender'), kopf.sender);
  w.close(q('nachrichtenkopf'));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${q(TRANSFER_ROOT)} xmlns:${PREFIX}="${XZUFI_NS}" xmlns:xsi="${XSI_NS}"`
    + ` produktbezeichnung="${escapeAttr(produkt.produktbezeichnung)}" produkthersteller="${escapeAttr(produkt.produkthersteller)}"`
    + ` produktversion="${escapeAttr(produkt.produktversion)}" xzufiVersion="${XZUFI_VERSION}">`
    + w.toString();
}

export function messageTail(): string {
  return `\n</${q(TRANSFER_ROOT)}>\n`;
}

/** The record the spec describes: identity, content and version information side by side. */
function toRecord(object: XzufiObject): Record<string, unknown> {
  return { ...object.content, id: object.id, ...(object.versionsinformation ? { versionsinformation: object.versionsinformation } : {}) };
}

/** `<schreibe>` with one object, indented for its place below the root. */
export function encodeSchreibe(object: XzufiObject): string {
  const codec = CODECS[object.klasse];
  let record = toRecord(object);
  if (codec.spec.toXml) record = codec.spec.toXml(record);
  const element = q(codec.element);
  const inside = fieldsXml(codec.spec.fields, record, 3);
  return `\n  <${q('schreibe')}>\n    <${element}${inside === '' ? '/>' : `>${inside}\n    </${element}>`}\n  </${q('schreibe')}>`;
}

export function encodeLoesche(item: Loesche): string {
  const w = new XmlWriter(1);
  w.open(q('loesche'), { klasse: item.klasse });
  w.leaf(q('id'), item.id.id, { schemeAgencyID: item.id.schemeAgencyID });
  w.close(q('loesche'));
  return w.toString();
}

export function encodeMessage(produkt: Produkt, kopf: Nachrichtenkopf, items: Array<{ op: 'schreibe'; object: XzufiObject } | { op: 'loesche'; loesche: Loesche }>): string {
  return messageHead(produkt, kopf) + items.map((i) => (i.op === 'schreibe' ? encodeSchreibe(i.object) : encodeLoesche(i.loesche))).join('') + messageTail();
}

/** Reads one object element (`leistung`, `spezialisierung` …) back into an XzufiObject. */
export function decodeObject(el: XmlElement, path: string, problems: DecodeProblem[]): XzufiObject | undefined {
  const codec = codecForElement(el.name);
  if (!codec) {
    problems.push({ path: `${path}/${el.name}`, message: `${el.name} is not an XZuFi transfer object`, severity: 'error' });
    return undefined;
  }
  let record = readFields(el, codec.spec.fields, `${path}/${el.name}`, problems);
  if (codec.spec.fromXml) record = codec.spec.fromXml(record);
  const { id, versionsinformation, ...content } = record as { id?: Ident; versionsinformation?: XzufiObject['versionsinformation'] } & Record<string, unknown>;
  if (!id || !id.id) {
    problems.push({ path: `${path}/${el.name}/id`, message: 'the object has no id', severity: 'error' });
    return undefined;
  }
  return { klasse: codec.klasse, id, content, ...(versionsinformation ? { versionsinformation } : {}) };
}

export interface DecodedMessage {
  rootName: string;
  xzufiVersion: string | undefined;
  produkt: Partial<Produkt>;
  kopf: Partial<Nachrichtenkopf>;
  items: MessageItem[];
  /** Number of schreibe and loesche elements (also those that could not be read). */
  itemCount: number;
  /** Problems found while reading, by item index (-1 for the message itself). */
  problems: Array<DecodeProblem & { index: number; position?: Position }>;
}

export class MessageError extends XmlInputError {}

/**
 * Parses a transfer message. Structural problems of the message raise MessageError; problems of
 * single objects are collected per item so that a partial import can skip just those.
 */
export function decodeMessage(xml: string, limits?: XmlLimits): DecodedMessage {
  const { root, scan, namespaces } = parseXml(xml, limits);
  const rootNs = namespaces[root.prefix ?? ''];
  if (rootNs !== XZUFI_NS) {
    throw new MessageError('xzufi_namespace', `the root element must be in namespace ${XZUFI_NS}${rootNs ? `, not ${rootNs}` : ''}`, { line: 1, column: 1 });
  }
  const version = root.attrs.xzufiVersion;
  if (version !== undefined && !ACCEPTED_VERSIONS.includes(version)) {
    throw new MessageError('xzufi_version', `xzufiVersion ${version} is not supported; send ${ACCEPTED_VERSIONS.join(' or ')}`, { line: 1, column: 1 });
  }
  const message: DecodedMessage = {
    rootName: root.name,
    xzufiVersion: version,
    produkt: { produktbezeichnung: root.attrs.produktbezeichnung, produkthersteller: root.attrs.produkthersteller, produktversion: root.attrs.produktversion },
    kopf: {},
    items: [],
    itemCount: 0,
    problems: [],
  };
  let index = 0;
  const seen = new Map<string, number>();
  root.children.forEach((child, n) => {
    const offset = scan.topLevel[n]?.offset ?? 0;
    const position = positionAt(scan, offset);
    seen.set(child.name, (seen.get(child.name) ?? 0) + 1);
    const path = `/${root.name}/${child.name}[${seen.get(child.name)}]`;
    if (child.name === 'nachrichtenkopf') {
      for (const c of child.children) (message.kopf as Record<string, string>)[c.name] = c.text.trim();
      return;
    }
    if (child.name === 'schreibe') {
      const problems: DecodeProblem[] = [];
      const objects = child.children;
      if (objects.length !== 1) problems.push({ path, message: `schreibe must hold exactly one object, holds ${objects.length}`, severity: 'error' });
      const object = objects[0] ? decodeObject(objects[0], path, problems) : undefined;
      message.problems.push(...problems.map((p) => ({ ...p, index, position })));
      if (object) message.items.push({ op: 'schreibe', object, index, position });
      index++;
      return;
    }
    if (child.name === 'loesche') {
      const klasse = child.attrs.klasse as Klasse;
      const idEl = child.children.find((c) => c.name === 'id');
      if (!KLASSEN.includes(klasse)) {
        message.problems.push({ path, message: `klasse must be one of ${KLASSEN.join(', ')}`, severity: 'error', index, position });
      } else if (!idEl || !idEl.text.trim() || !idEl.attrs.schemeAgencyID) {
        message.problems.push({ path: `${path}/id`, message: 'loesche needs an id with schemeAgencyID', severity: 'error', index, position });
      } else {
        message.items.push({ op: 'loesche', loesche: { klasse, id: { schemeAgencyID: idEl.attrs.schemeAgencyID, id: idEl.text.trim() } }, index, position });
      }
      index++;
      return;
    }
    if (child.name === 'transaktionID' || child.name === 'transaktionPosition') return;
    message.problems.push({ path, message: 'unknown element ignored', severity: 'warning', index: -1, position });
  });
  message.itemCount = index;
  return message;
}
