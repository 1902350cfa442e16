import { PortalCache } from '../../src/portal/cache';

describe('portal cache', () => {
  it('gives a kept response back only for the same generation and within its time', () => {
    let now = 1_000_000;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => now);
    try {
      const cache = new PortalCache(2, 60_000);
      cache.set('a', '5:true', '<p>a</p>');
      expect(cache.get('a', '5:true')).toBe('<p>a</p>');
      expect(cache.get('a', '6:true')).toBeUndefined(); // something was published meanwhile
      expect(cache.get('a', '5:true')).toBeUndefined(); // and the stale entry is gone
      cache.set('b', '6:true', 'b');
      now += 60_001;
      expect(cache.get('b', '6:true')).toBeUndefined();
      cache.set('c', '6:true', 'c');
      cache.set('d', '6:true', 'd');
      cache.set('e', '6:true', 'e'); // at most two: the oldest goes
      expect([cache.get('c', '6:true'), cache.get('d', '6:true'), cache.get('e', '6:true')]).toEqual([undefined, 'd', 'e']);
    } finally {
      spy.mockRestore();
    }
  });
});
