/**
 * What PostgreSQL cannot store and the validators cannot walk: texts with NUL characters or
 * unpaired surrogates (jsonb and text refuse both), and values nested without bound.
 */

export const MAX_JSON_DEPTH = 64;

// eslint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why PostgreSQL could not store this text, or undefined. */
export function unstorable(text: string): string | undefined {
  const m = UNSTORABLE.exec(text);
  if (!m) return undefined;
  return m[0] === '\u0000' ? 'contains a NUL character (U+0000), which cannot be stored' : 'contains an unpaired surrogate (broken UTF-16), which cannot be stored';
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * Walks a parsed JSON value without recursion: the first place nested deeper than `maxDepth`,
 * and every text (value or key) that cannot be stored.
 */
export function jsonProblems(value: unknown, maxDepth = MAX_JSON_DEPTH): { tooDeep?: string; texts: Array<{ path: string; message: string }> } {
  const texts: Array<{ path: string; message: string }> = [];
  const stack: Array<{ v: unknown; path: string; depth: number }> = [{ v: value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = unstorable(v);
      if (problem && texts.length < 100) texts.push({ path: path || '/', message: problem });
      continue;
    }
    if (!v || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { tooDeep: path || '/', texts };
    const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v as Record<string, unknown>);
    for (const [key, child] of entries) {
      const childPath = `${path}/${escapePointer(key)}`;
      const keyProblem = Array.isArray(v) ? undefined : unstorable(key);
      if (keyProblem && texts.length < 100) texts.push({ path: childPath, message: `the field name ${keyProblem}` });
      stack.push({ v: child, path: childPath, depth: depth + 1 });
    }
  }
  return { texts };
}

