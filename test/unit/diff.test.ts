import fc from 'fast-check';
import { documentDiff, wordDiff } from '../../src/shared/diff';

const words = fc.array(fc.constantFrom('der', 'die', 'Hund', 'Steuer', 'Antrag', '60', 'Euro', 'im', 'Jahr'), { maxLength: 40 }).map((w) => w.join(' '));

describe('word diff', () => {
  it('keeps both texts: equal + delete give the old one, equal + insert the new one', () => {
    fc.assert(fc.property(words, words, (a, b) => {
      const segments = wordDiff(a, b);
      expect(segments.filter((s) => s.op !== 'insert').map((s) => s.text).join('')).toBe(a);
      expect(segments.filter((s) => s.op !== 'delete').map((s) => s.text).join('')).toBe(b);
    }));
  });

  it('is minimal for a single inserted word', () => {
    expect(wordDiff('Hund 60 Euro', 'Hund 90 Euro')).toEqual([
      { op: 'equal', text: 'Hund ' }, { op: 'delete', text: '60' }, { op: 'insert', text: '90' }, { op: 'equal', text: ' Euro' },
    ]);
  });
});

describe('document diff', () => {
  it('reports text modules per language and the other fields that changed', () => {
    const from = { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Hundesteuer' }] }, { leikaTextmodul: '06', inhalt: [{ languageCode: 'de', value: '<p>Alt</p>' }] }], typisierung: ['1'] };
    const to = { modulText: [{ leikaTextmodul: '02', inhalt: [{ languageCode: 'de', value: 'Hundesteuer' }] }, { leikaTextmodul: '05', inhalt: [{ languageCode: 'de', value: 'Kurz' }] }], typisierung: ['1'], vertrauensniveau: '10' };
    const diff = documentDiff(from, to);
    expect(diff.modules.map((m) => [m.leikaTextmodul, m.change])).toEqual([['02', 'unchanged'], ['05', 'added'], ['06', 'removed']]);
    expect(diff.fields.map((f) => f.field)).toEqual(['modulText', 'vertrauensniveau']);
  });
});
