import { PortalCache } from '../../src/portal/cache';

describe('portal cache', () => {
  it('gives a kept response back only for the same generation and within its time', () => {
    let now = 1_000_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    // Kept from the second time a key is built.
    const twice = (cache: PortalCache, key: string, generation: string, body: string) => { cache.set(key, generation, body); cache.set(key, generation, body); };
    try {
      const cache = new PortalCache(2, 60_000);
      cache.set('a', '5', '<p>a</p>');
      expect(cache.get('a', '5')).toBeUndefined(); // asked for once: not kept
      cache.set('a', '5', '<p>a</p>');
      expect(cache.get('a', '5')).toBe('<p>a</p>');
      expect(cache.get('a', '6')).toBeUndefined(); // something was published meanwhile
      expect(cache.get('a', '5')).toBeUndefined(); // and the stale entry is gone
      twice(cache, 'b', '6', 'b');
      now += 60_001;
      expect(cache.get('b', '6')).toBeUndefined();
      twice(cache, 'c', '6', 'c');
      twice(cache, 'd', '6', 'd');
      twice(cache, 'e', '6', 'e'); // at most two: the oldest goes
      expect([cache.get('c', '6'), cache.get('d', '6'), cache.get('e', '6')]).toEqual([undefined, 'd', 'e']);
    } finally {
      spy.mockRestore();
    }
  });
});
