import fc from 'fast-check';
import { DAY_ORDER, hoursFill, hoursView } from '../../src/redaktion/openingHours';

describe('opening hours as ranges', () => {
  it('merges consecutive days with the same times and keeps the days that differ', () => {
    const week = [
      ...['mo', 'di', 'mi', 'do', 'fr'].map((tag) => ({ tag, von: '08:00', bis: '12:00' })),
      { tag: 'do', von: '14:00', bis: '18:00' },
      { tag: 'sa', von: '09:00', bis: '12:00', hinweis: 'nur 1. Samstag im Monat' },
    ];
    expect(hoursView(week)).toEqual([
      { tag: 'mo', tagBis: 'fr', von: '08:00', bis: '12:00' },
      { tag: 'do', von: '14:00', bis: '18:00' },
      { tag: 'sa', von: '09:00', bis: '12:00', hinweis: 'nur 1. Samstag im Monat' },
    ]);
    // A gap breaks the range: Mo, Mi are two rows.
    expect(hoursView([{ tag: 'mo', von: '08:00', bis: '12:00' }, { tag: 'mi', von: '08:00', bis: '12:00' }])).toHaveLength(2);
  });

  it('expands a range into one Zeitfenster per day, also over the week end', () => {
    expect(hoursFill([{ tag: 'mo', tagBis: 'mi', von: '08:00', bis: '12:00' }]).map((r) => r.tag)).toEqual(['mo', 'di', 'mi']);
    expect(hoursFill([{ tag: 'sa', tagBis: 'mo', von: '10:00', bis: '14:00' }]).map((r) => r.tag)).toEqual(['mo', 'sa', 'so']);
    expect(hoursFill([{ tag: 'fr', tagBis: '', von: '08:00', bis: '12:00' }])).toEqual([{ tag: 'fr', von: '08:00', bis: '12:00' }]);
  });

  it('never merges a Zeitfenster with content the form does not show', () => {
    const rows = [{ tag: 'mo', von: '08:00', bis: '12:00', unmodelled: [{ x: 1 }] }, { tag: 'di', von: '08:00', bis: '12:00' }];
    expect(hoursView(rows)).toHaveLength(2);
    expect(hoursFill(hoursView(rows))).toEqual(rows);
  });

  it('gives back the stored week for any week (view, then fill)', () => {
    const slot = fc.record({ tag: fc.constantFrom(...DAY_ORDER), von: fc.constantFrom('08:00', '09:00', '14:00'), bis: fc.constantFrom('12:00', '16:00', '18:00') });
    fc.assert(fc.property(fc.uniqueArray(slot, { selector: (s) => `${s.tag}${s.von}`, maxLength: 14 }), (week) => {
      const order = (r: { tag: unknown; von: unknown }) => `${DAY_ORDER.indexOf(r.tag as never)}${String(r.von)}`;
      const sorted = [...week].sort((a, b) => order(a).localeCompare(order(b)));
      expect(hoursFill(hoursView(week))).toEqual(sorted);
    }));
  });
});
