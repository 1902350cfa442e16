/**
 * The export turns the database's JSON timestamps into XZuFi's (UTC, milliseconds) as text; it
 * must give what Date gives for every form PostgreSQL writes, and fall back to Date otherwise.
 */
import { isoMillis, rowOfJson } from '../../src/db/syndicationRow';

/** PostgreSQL's JSON form of a timestamptz in a UTC session: up to six digits of fraction, trailing zeros dropped. */
function pgJson(ms: number, micros: number): string {
  const base = new Date(ms).toISOString().slice(0, 19);
  const fraction = String((ms % 1000) * 1000 + micros).padStart(6, '0').replace(/0+$/, '');
  return `${base}${fraction ? `.${fraction}` : ''}+00:00`;
}

describe('isoMillis', () => {
  it('gives what Date gives for PostgreSQL timestamps of every fraction length', () => {
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const samples = ['2026-12-03T13:15:34+00:00', '2026-12-03T13:15:34.1+00:00', '2026-12-03T13:15:34.12+00:00', '2026-12-03T13:15:34.999999+00:00', '2000-02-29T00:00:00.000001+00:00'];
    for (let i = 0; i < 2000; i++) samples.push(pgJson(Date.UTC(1990, 0, 1) + (next() % 1_500_000_000) * 1000 + (next() % 1000), next() % 1000));
    for (const s of samples) expect(isoMillis(s)).toBe(new Date(s).toISOString());
  });

  it('falls back to Date for other offsets and forms', () => {
    for (const s of ['2026-12-03T14:15:34.5+01:00', '2026-06-30T23:59:59.123456-02:00', '2026-12-03T13:15:34Z', '2026-12-03 13:15:34+00']) {
      expect(isoMillis(s)).toBe(new Date(s).toISOString());
    }
  });

  it('is used for both timestamps of a row', () => {
    const row = rowOfJson([7, 'u', 'veroeffentlicht', 'S06000', 'L-1', 3, '2026-12-03T13:15:34.123456+00:00', 'a', '2026-12-03T14:15:34.9+01:00', 'b', null, { x: 1 }]);
    expect(row).toMatchObject({ seq: 7, version: 3, createdAt: '2026-12-03T13:15:34.123Z', changedAt: '2026-12-03T13:15:34.900Z', content: { x: 1 } });
  });
});
