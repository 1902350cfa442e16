/** JSON with object keys sorted: equal documents give equal strings, whatever key order or prototype. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  });
}

export const sameDocument = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
