import fc from 'fast-check';
import { isLeikaProblem, parseLeikaKey } from '../../src/leistung/leika';

const part = fc.integer({ min: 1, max: 999 }).map((n) => String(n).padStart(3, '0'));
const prefix = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0'));

describe('LeiKa key', () => {
  it('splits a key into its parts and derives the struktur type', () => {
    const key = parseLeikaKey('99008001012011');
    expect(key).toEqual({
      key: '99008001012011', prefix: '99', leistungsgruppierung: '008', leistungskennung: '001',
      verrichtungskennung: '012', verrichtungsdetail: '011', struktur: 'lovd',
    });
  });

  it('is lo without Verrichtung, lov with Verrichtung, lovd with detail', () => {
    fc.assert(fc.property(prefix, part, part, part, part, (p, g, k, v, d) => {
      const lo = parseLeikaKey(`${p}${g}${k}000000`);
      const lov = parseLeikaKey(`${p}${g}${k}${v}000`);
      const lovd = parseLeikaKey(`${p}${g}${k}${v}${d}`);
      return !isLeikaProblem(lo) && lo.struktur === 'lo' && !isLeikaProblem(lov) && lov.struktur === 'lov' && !isLeikaProblem(lovd) && lovd.struktur === 'lovd';
    }));
  });

  it('refuses a detail without Verrichtung, a missing group or object, and wrong lengths', () => {
    fc.assert(fc.property(prefix, part, part, part, (p, g, k, d) => isLeikaProblem(parseLeikaKey(`${p}${g}${k}000${d}`))));
    fc.assert(fc.property(prefix, part, (p, k) => isLeikaProblem(parseLeikaKey(`${p}000${k}000000`))));
    fc.assert(fc.property(prefix, part, (p, g) => isLeikaProblem(parseLeikaKey(`${p}${g}000000000`))));
    fc.assert(fc.property(fc.string({ maxLength: 20 }).filter((s) => !/^\d{14}$/.test(s)), (s) => isLeikaProblem(parseLeikaKey(s))));
  });
});
