import fc from 'fast-check';
import { SearchIndex, type Term } from '../../src/portal/searchIndex';
import { parseTsvector } from '../../src/portal/tsvector';

const word = (...lexemes: string[]): Term => [lexemes];
const page = { offset: 0, limit: 20 };
const ids = (r: { matches: Array<{ uuid: string }> }) => r.matches.map((m) => m.uuid);

function index(docs: Array<[string, string, number?]>): SearchIndex<string> {
  const i = new SearchIndex<string>();
  docs.forEach(([uuid, vector, territory = 0], n) => i.upsert(uuid, n + 1, parseTsvector(vector), uuid, territory));
  return i;
}

describe('tsvector text', () => {
  it('reads lexemes with their weights and number of positions, quotes and backslashes included', () => {
    expect(parseTsvector(`'hund':1A,7 'steuer':2A,3B,9C 'o''brien':4 'a\\\\b':5D 'ohne'`)).toEqual([
      { lexeme: 'hund', mask: 1 | 8, count: 2 },
      { lexeme: 'steuer', mask: 1 | 2 | 4, count: 3 },
      { lexeme: "o'brien", mask: 8, count: 1 },
      { lexeme: 'a\\b', mask: 8, count: 1 },
      { lexeme: 'ohne', mask: 8, count: 1 },
    ]);
    expect(parseTsvector('')).toEqual([]);
  });
});

describe('search index', () => {
  const docs: Array<[string, string, number?]> = [
    ['text-only', `'hund':9 'steuer':10 'antrag':1A`],
    ['title', `'hundesteu':1A 'anmeld':2A 'hund':3A`],
    ['synonym', `'hundemark':1B 'marke':2A`],
    ['other', `'fuhrerschein':1A 'antrag':2A`],
  ];

  it('matches words as prefixes, names and synonyms before mentions in the text', () => {
    const i = index(docs);
    expect(ids(i.search([word('hund')], 'all', undefined, page))).toEqual(['title', 'synonym', 'text-only']);
    expect(ids(i.search([word('fuhrer')], 'all', undefined, page))).toEqual(['other']);
    expect(i.search([word('katze')], 'all', undefined, page)).toEqual({ total: 0, matches: [] });
  });

  it('needs every word, or any of them in the relaxed mode, and a variant may stand for a word', () => {
    const i = index(docs);
    expect(ids(i.search([word('hund'), word('anmeld')], 'all', undefined, page))).toEqual(['title']);
    expect(ids(i.search([word('hund'), word('fuhrerschein')], 'all', undefined, page))).toEqual([]);
    expect(ids(i.search([word('hund'), word('fuhrerschein')], 'any', undefined, page)).sort()).toEqual(['other', 'synonym', 'text-only', 'title']);
    // "fuehrerschein" as typed matches nothing, its folded spelling does.
    expect(ids(i.search([[['fuehrerschein'], ['fuhrerschein']]], 'all', undefined, page))).toEqual(['other']);
    // A word read as two lexemes needs both.
    expect(ids(i.search([word('steuer', 'hund')], 'all', undefined, page))).toEqual(['text-only']);
  });

  it('counts all matches in the accepted territories and returns the requested slice', () => {
    const i = index(Array.from({ length: 30 }, (_, n) => [`d${n}`, `'wort':${n + 1}`, n % 3] as [string, string, number]));
    const accepted = (t: number) => t !== 2;
    const first = i.search([word('wort')], 'all', accepted, { offset: 0, limit: 5 });
    expect(first.total).toBe(20);
    expect(ids(first)).toEqual(['d0', 'd1', 'd3', 'd4', 'd6']);
    expect(ids(i.search([word('wort')], 'all', accepted, { offset: 18, limit: 5 }))).toEqual(['d27', 'd28']);
  });

  it('gives the same answers for a query asked again (ranked whole and kept) until a document changes', () => {
    const i = index(docs);
    const once = i.search([word('hund')], 'all', undefined, page);
    expect(i.search([word('hund')], 'all', undefined, page)).toEqual(once);
    expect(i.search([word('hund')], 'all', undefined, page)).toEqual(once); // from the kept list
    i.upsert('late', 99, parseTsvector(`'hund':1A`), 'late', 0);
    expect(ids(i.search([word('hund')], 'all', undefined, page))).toEqual(['title', 'late', 'synonym', 'text-only']);
    i.remove('title');
    expect(ids(i.search([word('hund')], 'all', undefined, page))).toEqual(['late', 'synonym', 'text-only']);
  });

  it('drops replaced documents from its lists once they are many, and still finds the live ones', () => {
    const i = new SearchIndex<string>();
    for (let round = 0; round < 4; round++) {
      for (let n = 0; n < 500; n++) i.upsert(`d${n}`, round * 1000 + n, parseTsvector(`'runde${round}':1A 'alle':2 'n${n}e':3`), `d${n}@${round}`, 0);
    }
    expect(i.size).toBe(500);
    expect(i.search([word('alle')], 'all', undefined, { offset: 0, limit: 1 }).total).toBe(500);
    expect(i.search([word('runde0')], 'all', undefined, page).total).toBe(0);
    expect(i.search([word('runde3')], 'all', undefined, page).total).toBe(500);
    expect(i.search([word('n42e')], 'all', undefined, page).matches.map((m) => m.payload)).toEqual(['d42@3']);
    expect(i.payload('d7')).toBe('d7@3');
  });

  it('keeps answering right while documents come and go, in the territories a place accepts (against a scan of every document)', () => {
    const lexemes = ['ab', 'abc', 'abd', 'b', 'bc', 'cd'];
    const weights = ['A', 'B', 'C', ''];
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), doc: fc.integer({ min: 0, max: 15 }), words: fc.uniqueArray(fc.tuple(fc.constantFrom(...lexemes), fc.constantFrom(...weights)), { minLength: 1, maxLength: 4, selector: (w) => w[0] }) }),
      fc.record({ kind: fc.constant('drop' as const), doc: fc.integer({ min: 0, max: 15 }) }),
    );
    // Document d<n> lies in territory n % 3; the place accepts some of the three, or all (undefined).
    const places = fc.option(fc.subarray([0, 1, 2]), { nil: undefined });
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.constantFrom('a', 'ab', 'abc', 'b', 'c'), places, (ops, prefix, place) => {
      const accept = place && ((t: number) => place.includes(t));
      const i = new SearchIndex<string>();
      const truth = new Map<string, string[]>();
      let seq = 0;
      for (const o of ops) {
        const uuid = `d${o.doc}`;
        if (o.kind === 'put') {
          i.upsert(uuid, ++seq, parseTsvector(o.words.map(([l, w], p) => `'${l}':${p + 1}${w}`).join(' ')), uuid, o.doc % 3);
          truth.set(uuid, o.words.map(([l]) => l));
        } else {
          i.remove(uuid);
          truth.delete(uuid);
        }
        // Asked twice: once ranked for the page, once from the kept list.
        for (let r = 0; r < 2; r++) {
          const found = i.search([word(prefix)], 'all', accept, { offset: 0, limit: 100 });
          const expected = [...truth].filter(([u, ls]) => ls.some((l) => l.startsWith(prefix)) && (!place || place.includes(Number(u.slice(1)) % 3))).map(([u]) => u).sort();
          expect(found.total).toBe(expected.length);
          expect(ids(found).sort()).toEqual(expected);
        }
      }
      expect(i.size).toBe(truth.size);
    }), { numRuns: 200 });
  });
});
