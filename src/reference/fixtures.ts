/**
 * The reference-data fixtures (made by `npm run build:fixtures` from ../shared; sources and
 * licences in each file's header and in the README): read and versioned by content hash, so that
 * a new fixture version is noticed at the next start.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURE_DIR = join(__dirname, '..', '..', 'fixtures');

export interface LeikaRow { key: string; bezeichnung: string; typisierung: string; ozgId: string | null; rechtsgrundlage: string | null }
export interface OzgRow { ozgId: string; name: string; lebenslage: string; themenfeld: string }
export interface PlzRow { plz: string; ars: string; ort: string }
export interface GemeindeRow { ars: string; flaecheKm2: number | null; bevoelkerung: number | null; plzVerwaltungssitz: string | null; laengengrad: number | null; breitengrad: number | null }

export interface Fixture<T> { name: string; version: string; rows: T[] }

/** The data lines of a fixture (comments start with `#`) split at tabs, and the file's hash. */
function read(file: string): { version: string; lines: string[][] } {
  const text = readFileSync(join(FIXTURE_DIR, file), 'utf8');
  const version = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const lines = text.split('\n').filter((l) => l !== '' && !l.startsWith('#')).map((l) => l.split('\t'));
  return { version, lines };
}

const orNull = (v: string | undefined) => (v === undefined || v === '' ? null : v);
const num = (v: string | undefined) => (v === undefined || v === '' || Number.isNaN(Number(v)) ? null : Number(v));

export function leikaFixture(): Fixture<LeikaRow> {
  const { version, lines } = read('leika.tsv');
  return { name: 'leika', version, rows: lines.map(([key, bezeichnung, typisierung, ozgId, rechtsgrundlage]) => ({ key: key!, bezeichnung: bezeichnung!, typisierung: typisierung ?? '', ozgId: orNull(ozgId), rechtsgrundlage: orNull(rechtsgrundlage) })) };
}

export function ozgFixture(): Fixture<OzgRow> {
  const { version, lines } = read('ozg-leistungen.tsv');
  return { name: 'ozg', version, rows: lines.map(([ozgId, name, lebenslage, themenfeld]) => ({ ozgId: ozgId!, name: name!, lebenslage: lebenslage!, themenfeld: themenfeld! })) };
}

export function plzFixture(): Fixture<PlzRow> {
  const { version, lines } = read('plz.tsv');
  return { name: 'plz', version, rows: lines.map(([plz, ars, ort]) => ({ plz: plz!, ars: ars!, ort: ort! })) };
}

export function gemeindenFixture(): Fixture<GemeindeRow> {
  const { version, lines } = read('gemeinden.tsv');
  return {
    name: 'gemeinden', version,
    rows: lines.map(([ars, flaeche, bevoelkerung, plz, lon, lat]) => ({ ars: ars!, flaecheKm2: num(flaeche), bevoelkerung: num(bevoelkerung), plzVerwaltungssitz: orNull(plz), laengengrad: num(lon), breitengrad: num(lat) })),
  };
}
