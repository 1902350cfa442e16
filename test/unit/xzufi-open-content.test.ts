/**
 * Open content in the codec: for generated objects with foreign elements at arbitrary legal places,
 * XML → domain → XML → domain gives the same objects, and writing twice gives the same text.
 */
import fc from 'fast-check';
import { decodeMessage, encodeMessage } from '../../src/xzufi/message';
import type { XzufiObject } from '../../src/xzufi/objects';
import { anyXzufiObject } from '../helpers/arbitraries';
import { withForeignElements } from '../helpers/openContent';

const produkt = { produktbezeichnung: 'p', produkthersteller: 'h', produktversion: '1' };
const kopf = { nachrichtUUID: 'u', erstelltDatumZeit: '2026-12-01T00:00:00Z' };
const message = (objects: XzufiObject[]) => encodeMessage(produkt, kopf, objects.map((object) => ({ op: 'schreibe' as const, object })));
const read = (xml: string) => {
  const decoded = decodeMessage(xml);
  expect(decoded.problems.filter((p) => p.severity === 'error')).toEqual([]);
  return decoded.items.map((i) => (i.op === 'schreibe' ? i.object : fail('loesche')));
};

describe('foreign elements in objects', () => {
  it('are kept where they stood: read back equal, written again identical', () => {
    fc.assert(fc.property(anyXzufiObject.chain(withForeignElements), (object) => {
      const xml = message([object]);
      const back = read(xml);
      expect(back).toEqual([object]);
      expect(message(back)).toBe(xml);
    }), { numRuns: 300 });
  });

  it('are reported as kept, one warning each', () => {
    fc.assert(fc.property(anyXzufiObject.chain(withForeignElements), (object) => {
      const kept = JSON.stringify(object.content).match(/"after":/g)?.length ?? 0;
      const warnings = decodeMessage(message([object])).problems.filter((p) => p.message.startsWith('not modelled here'));
      expect(warnings).toHaveLength(kept);
    }), { numRuns: 100 });
  });
});
