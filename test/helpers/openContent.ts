/**
 * Elements another system may send that the project does not model, put into generated objects at
 * legal places: between the child elements of any element the codec reads as a record (the object
 * itself, its modules, their items), after a child that is there or first. Their names never clash
 * with known elements.
 */
import fc, { type Arbitrary } from 'fast-check';
import { CODECS, type XzufiObject } from '../../src/xzufi/objects';
import { elementFields, variantFields, type Field, type ObjSpec, type Unmodelled, type XmlNode } from '../../src/xzufi/spec';

const TEXT = fc.string({ unit: fc.constantFrom(...'abcXYZ 019äöüß<>&"\''), minLength: 0, maxLength: 12 });
const NAME = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/).map((n) => `fremd${n[0]!.toUpperCase()}${n.slice(1)}`);

export const xmlNode: Arbitrary<XmlNode> = fc.letrec((tie) => ({
  node: fc.record({
    name: NAME,
    attrs: fc.option(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/).filter((a) => !a.startsWith('xml')), TEXT, { maxKeys: 2, minKeys: 1 }), { nil: undefined }),
    body: fc.oneof({ depthSize: 'small' },
      fc.record({ text: TEXT.filter((s) => s.trim() !== '' && s === s.trim()) }),
      fc.record({ children: fc.array(tie('node') as Arbitrary<XmlNode>, { minLength: 1, maxLength: 2 }) })),
  }).map(({ name, attrs, body }) => ({ name, ...(attrs ? { attrs } : {}), ...body })),
})).node;

/** Records of a content and the element names present in each, following the spec. */
function records(spec: ObjSpec, value: Record<string, unknown>, out: Array<{ record: Record<string, unknown>; present: string[] }> = []): typeof out {
  const fields: Field[] = spec.fields;
  const present: string[] = [];
  for (const f of elementFields(fields)) {
    const v = value[f.key];
    if (v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    const el = f.el.includes('/') ? f.el.slice(0, f.el.indexOf('/')) : f.el;
    if (!present.includes(el)) present.push(el);
    const items = Array.isArray(v) ? v : [v];
    if (f.kind === 'object' && !f.spec.toXml && !f.spec.fromXml) for (const item of items) records(f.spec, item as Record<string, unknown>, out);
    if (f.kind === 'variant') for (const item of items) {
      const r = item as Record<string, unknown>;
      records({ typeName: 'v', fields: variantFields(f.variants, String(r[f.discriminator])) }, r, out);
    }
  }
  out.push({ record: value, present });
  return out;
}

/** The object with foreign elements added at random legal places (a copy). */
export function withForeignElements(object: XzufiObject): Arbitrary<XzufiObject> {
  const spec = CODECS[object.klasse].spec;
  if (spec.toXml) return fc.constant(object); // the transfer object's record is reshaped on the way out
  const count = records(spec, structuredClone(object.content)).length;
  return fc.array(fc.record({ at: fc.nat(count - 1), anchor: fc.nat(40), node: xmlNode }), { minLength: 1, maxLength: 4 }).map((adds) => {
    const content = structuredClone(object.content);
    const all = records(spec, content);
    for (const { at, anchor, node } of adds) {
      const { record, present } = all[at]!;
      // Nothing goes before an object's identity (the last record is the object itself).
      const anchors = record === content ? present : [null, ...present];
      const after = anchors[anchor % anchors.length]!;
      const kept = ((record.unmodelled ??= []) as Unmodelled[]);
      // Document order: entries after the same element keep theirs; a later anchor comes later.
      const position = kept.filter((k) => anchors.indexOf(k.after) <= anchors.indexOf(after)).length;
      kept.splice(position, 0, { after, element: node });
    }
    return { ...object, content };
  });
}
