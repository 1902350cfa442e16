import fc from 'fast-check';
import { arsAncestors, canonicalArs, isArsSyntax, normaliseArsPrefix, padArs } from '../../src/gebiet/ars';

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const ars12 = digits(12);

describe('ARS', () => {
  it('names the territory of each level by its canonical key', () => {
    expect(canonicalArs('066360013013')).toBe('066360013013');
    expect(canonicalArs('065340000000')).toBe('06534');
    expect(canonicalArs('064000000000')).toBe('064');
    expect(canonicalArs('060000000000')).toBe('06');
    expect(canonicalArs('065340014000')).toBe('065340014');
  });

  it('pads a canonical key back to the same 12-digit ARS', () => {
    fc.assert(fc.property(ars12, (ars) => padArs(canonicalArs(ars)) === ars));
  });

  it('canonicalises idempotently and never to an invalid length', () => {
    fc.assert(fc.property(ars12, (ars) => {
      const c = canonicalArs(ars);
      return isArsSyntax(c) && canonicalArs(padArs(c)) === c;
    }));
  });

  it('lists ancestors that are prefixes of the ARS, from Land down to itself', () => {
    fc.assert(fc.property(ars12, (ars) => {
      const chain = arsAncestors(ars);
      const c = canonicalArs(ars);
      return chain[chain.length - 1] === c && chain.every((a) => c.startsWith(a)) && chain[0]!.length === 2;
    }));
    expect(arsAncestors('066360013013')).toEqual(['06', '066', '06636', '066360013', '066360013013']);
  });

  it('rejects malformed keys', () => {
    fc.assert(fc.property(fc.string(), (s) => !/^\d+$/.test(s) ? !isArsSyntax(s) : true));
    expect(() => padArs('0653')).toThrow(RangeError);
    expect(() => canonicalArs('06')).toThrow(RangeError);
    expect(normaliseArsPrefix('06x')).toBeNull();
    expect(normaliseArsPrefix('0636')).toBe('0636');
    expect(normaliseArsPrefix('066360000000')).toBe('06636');
  });
});
