/** JSON with object keys sorted: equal documents give equal strings, whatever key order or prototype. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

/** Drops what carries no information: null values and empty arrays (XZuFi cannot tell them from absent). */
export function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = withoutEmpty(v);
  }
  return out;
}

/** Same content: equal after key order, null values and empty arrays are set aside. */
export const sameDocument = (a: unknown, b: unknown): boolean => canonicalJson(withoutEmpty(a)) === canonicalJson(withoutEmpty(b));
