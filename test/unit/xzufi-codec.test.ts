import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage, encodeMessage, encodeSchreibe, TRANSFER_ROOT } from '../../src/xzufi/message';
import { KLASSEN, type XzufiObject } from '../../src/xzufi/objects';
import { createSchemaValidator, PROJECT_XSD_DIR } from '../../src/xzufi/schemaValidator';
import { PROJECT_XSD_FILE, projectXsd } from '../../src/xzufi/xsd';
import { XZUFI_NS } from '../../src/xzufi/xml';
import { anyXzufiObject, xzufiObject } from '../helpers/arbitraries';

const produkt = { produktbezeichnung: 'fim-redaktion', produkthersteller: 'test', produktversion: '0' };
const kopf = { nachrichtUUID: '5b0e3c4e-0000-4000-8000-000000000000', erstelltDatumZeit: '2026-11-25T10:00:00.000Z' };

const message = (objects: XzufiObject[]) => encodeMessage(produkt, kopf, objects.map((object) => ({ op: 'schreibe' as const, object })));

function roundTrip(objects: XzufiObject[]): XzufiObject[] {
  const decoded = decodeMessage(message(objects));
  expect(decoded.problems).toEqual([]);
  return decoded.items.map((i) => (i.op === 'schreibe' ? i.object : fail('unexpected loesche')));
}

describe('XZuFi codec', () => {
  describe.each(KLASSEN)('%s', (klasse) => {
    it('domain → XML → domain gives the same object', () => {
      fc.assert(fc.property(xzufiObject(klasse), (object) => {
        expect(roundTrip([object])).toEqual([object]);
      }), { numRuns: 150 });
    });
  });

  it('XML → domain → XML gives the same document after canonicalisation (other prefix, attribute order, no indentation)', () => {
    fc.assert(fc.property(fc.array(anyXzufiObject, { minLength: 1, maxLength: 4 }), (objects) => {
      const xml = message(objects);
      const foreign = xml
        .replace(/(<\/?)xzufi:/g, '$1z:')
        .replace('xmlns:xzufi=', 'xmlns:z=')
        .replace(/xsi:type="xzufi:/g, 'xsi:type="z:')
        .replace(/<z:(id|leistungID|uebergeordnetesObjektID) schemeAgencyID="([^"]*)" schemeID="([^"]*)"/g, '<z:$1 schemeID="$3" schemeAgencyID="$2"');
      const decoded = decodeMessage(foreign);
      expect(decoded.problems).toEqual([]);
      const again = encodeMessage(produkt, kopf, decoded.items.map((i) => (i.op === 'schreibe' ? { op: 'schreibe' as const, object: i.object } : fail('loesche'))));
      expect(again).toBe(xml);
    }), { numRuns: 100 });
  });

  it('reads a document that uses the default namespace and resets it for the unqualified code children, keeping unknown elements', () => {
    const xml = `<?xml version="1.0"?>
<${TRANSFER_ROOT} xmlns="${XZUFI_NS}" produktbezeichnung="x" produkthersteller="y" produktversion="1" xzufiVersion="2.2">
  <nachrichtenkopf><nachrichtUUID>u</nachrichtUUID><erstelltDatumZeit>2026-01-01T00:00:00Z</erstelltDatumZeit></nachrichtenkopf>
  <schreibe><leistung>
    <id schemeAgencyID="S1">L1</id>
    <referenzLeiKa><code xmlns="">99008001012000</code></referenzLeiKa>
    <modulText><leikaTextmodul><code xmlns="">02</code></leikaTextmodul><inhalt languageCode="de">A &amp; B &#228;&#x20AC;</inhalt></modulText>
    <unbekannt>kept</unbekannt>
  </leistung></schreibe>
  <loesche klasse="Onlinedienst"><id schemeAgencyID="S1">OD1</id></loesche>
</${TRANSFER_ROOT}>`;
    const decoded = decodeMessage(xml);
    expect(decoded.items).toHaveLength(2);
    const [schreibe, loesche] = decoded.items;
    expect(schreibe!.op === 'schreibe' && schreibe!.object).toEqual({
      klasse: 'Leistung',
      id: { schemeAgencyID: 'S1', id: 'L1' },
      content: {
        referenzLeiKa: ['99008001012000'], modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'A & B ä€' }] }],
        // An element the project does not model is kept where it stood, to be written again.
        unmodelled: [{ after: 'modulText', element: { name: 'unbekannt', text: 'kept' } }],
      },
    });
    expect(loesche).toMatchObject({ op: 'loesche', loesche: { klasse: 'Onlinedienst', id: { schemeAgencyID: 'S1', id: 'OD1' } } });
    expect(decoded.problems).toEqual([expect.objectContaining({ severity: 'warning', path: '/transfer.schreibeLoesche/schreibe[1]/leistung/unbekannt', position: { line: 4, column: 3 } })]);
  });

  it('refuses a root element outside the XZuFi namespace and unknown versions', () => {
    expect(() => decodeMessage('<a xmlns="urn:x"/>')).toThrow(expect.objectContaining({ code: 'xzufi_namespace' }));
    expect(() => decodeMessage(`<m xmlns="${XZUFI_NS}" xzufiVersion="2.3.1"/>`)).toThrow(expect.objectContaining({ code: 'xzufi_version' }));
  });
});

describe('project XSD', () => {
  const validator = createSchemaValidator();

  it('is the file generated from the codec specs', () => {
    expect(readFileSync(join(PROJECT_XSD_DIR, PROJECT_XSD_FILE), 'utf8')).toBe(projectXsd());
  });

  it('accepts every generated object of every type', async () => {
    const objects = fc.sample(anyXzufiObject, { numRuns: 300, seed: 42 });
    expect(await validator.validate(message(objects))).toEqual([]);
    const more = fc.sample(anyXzufiObject, 300);
    expect(await validator.validate(message(more))).toEqual([]);
  });

  it('reports what is wrong with line numbers', async () => {
    const [object] = fc.sample(xzufiObject('Onlinedienst'), { numRuns: 1, seed: 7 });
    const xml = message([object!]).replace('<xzufi:bezeichnung ', '<xzufi:falsch languageCode="de">x</xzufi:falsch><xzufi:bezeichnung ');
    const problems = await validator.validate(xml);
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]!.message).toMatch(/falsch/);
    expect(problems[0]!.line).toBe(xml.split('\n').findIndex((l) => l.includes('falsch')) + 1);
  });

  it('writes each object for its place below the root', () => {
    const [object] = fc.sample(xzufiObject('Leistung'), { numRuns: 1, seed: 1 });
    expect(encodeSchreibe(object!)).toMatch(/^\n {2}<xzufi:schreibe>\n {4}<xzufi:leistung>/);
  });
});
