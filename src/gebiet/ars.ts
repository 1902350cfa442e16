/**
 * Amtlicher Regionalschlüssel (ARS): 12 digits = Land (2) · Regierungsbezirk (1) · Kreis (2) ·
 * Gemeindeverband (4) · Gemeinde (3). Code lists name higher levels by their short keys
 * (Land `06`, Regierungsbezirk `064`, Kreis `06534`); XZuFi carries the 12-digit padded form.
 *
 * The *canonical* form drops trailing all-zero parts, so the territory of one ARS contains the
 * territory of another exactly when the other's canonical form starts with it.
 */

/** Lengths of canonical keys: Land, Regierungsbezirk, Kreis, Gemeindeverband, Gemeinde. */
export const LEVEL_LENGTHS = [2, 3, 5, 9, 12] as const;

/** Syntactically a (possibly short) ARS: 2, 3, 5, 9 or 12 digits. */
export function isArsSyntax(value: string): boolean {
  return /^\d+$/.test(value) && (LEVEL_LENGTHS as readonly number[]).includes(value.length);
}

/** Pads a short key (`06`, `06534`) to the 12-digit ARS (`060000000000`, `065340000000`). */
export function padArs(key: string): string {
  if (!isArsSyntax(key)) throw new RangeError(`not an ARS: ${key}`);
  return key.padEnd(12, '0');
}

/** Shortest key naming the same territory: `065340000000` → `06534`, `060000000000` → `06`. */
export function canonicalArs(ars: string): string {
  if (!/^\d{12}$/.test(ars)) throw new RangeError(`not a 12-digit ARS: ${ars}`);
  if (ars.slice(9) !== '000') return ars;
  if (ars.slice(5, 9) !== '0000') return ars.slice(0, 9);
  if (ars.slice(3, 5) !== '00') return ars.slice(0, 5);
  if (ars[2] !== '0') return ars.slice(0, 3);
  return ars.slice(0, 2);
}

/** Canonical keys of all levels that contain this ARS, from Land down to itself. */
export function arsAncestors(ars: string): string[] {
  const canonical = canonicalArs(ars);
  return LEVEL_LENGTHS.filter((n) => n <= canonical.length)
    .map((n) => canonical.slice(0, n))
    .filter((key, i, all) => all.indexOf(key) === i);
}

/**
 * A filter value given by a client: any digit prefix of an ARS (`06`, `0653`, `066360013013`).
 * Returns the prefix to match canonical keys against, or null when it is not a digit string ≤ 12.
 */
export function normaliseArsPrefix(value: string): string | null {
  if (!/^\d{1,12}$/.test(value)) return null;
  return value.length === 12 ? canonicalArs(value) : value;
}
