/**
 * Differences between two versions of a document: per text module and language a word diff of
 * the plain text, and the other fields that changed. Pure; used by GET …/diff.
 */
import { sameDocument } from './json';
import { stripHtml, type Text } from './text';

export interface Segment { op: 'equal' | 'insert' | 'delete'; text: string }

/** Longest common subsequence over words; beyond ~4,000 words a side it falls back to replace-all. */
export function wordDiff(from: string, to: string): Segment[] {
  const a = from.split(/(\s+)/).filter((w) => w !== '');
  const b = to.split(/(\s+)/).filter((w) => w !== '');
  if (a.length * b.length > 16_000_000) return [...(from ? [{ op: 'delete' as const, text: from }] : []), ...(to ? [{ op: 'insert' as const, text: to }] : [])];
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: Segment[] = [];
  const push = (op: Segment['op'], text: string) => {
    const last = out[out.length - 1];
    if (last && last.op === op) last.text += text;
    else out.push({ op, text });
  };
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) { push('equal', a[i]!); i++; j++; }
    else if (lcs[i + 1]![j]! >= lcs[i]![j + 1]!) { push('delete', a[i]!); i++; }
    else { push('insert', b[j]!); j++; }
  }
  while (i < n) push('delete', a[i++]!);
  while (j < m) push('insert', b[j++]!);
  return out;
}

interface ModulLike { leikaTextmodul: string; inhalt?: Text[] }

export interface ModuleDiff {
  leikaTextmodul: string;
  languageCode: string;
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  segments: Segment[];
}

export interface DocumentDiff {
  modules: ModuleDiff[];
  fields: Array<{ field: string; from: unknown; to: unknown }>;
}

export function documentDiff(from: Record<string, unknown>, to: Record<string, unknown>): DocumentDiff {
  const texts = (doc: Record<string, unknown>) => {
    const map = new Map<string, string>();
    for (const m of (doc.modulText as ModulLike[] | undefined) ?? []) {
      for (const t of m.inhalt ?? []) map.set(`${m.leikaTextmodul}|${t.languageCode}`, stripHtml(t.value));
    }
    return map;
  };
  const a = texts(from);
  const b = texts(to);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const modules = keys.map((key): ModuleDiff => {
    const [leikaTextmodul, languageCode] = key.split('|') as [string, string];
    const x = a.get(key);
    const y = b.get(key);
    const change = x === undefined ? 'added' : y === undefined ? 'removed' : x === y ? 'unchanged' : 'changed';
    return { leikaTextmodul, languageCode, change, segments: wordDiff(x ?? '', y ?? '') };
  });
  const fields = [...new Set([...Object.keys(from), ...Object.keys(to)])].filter((k) => k !== 'modulText').sort()
    .filter((k) => !sameDocument(from[k] ?? null, to[k] ?? null))
    .map((field) => ({ field, from: from[field] ?? null, to: to[field] ?? null }));
  // Changes to a module besides its text (links, positions, other languages' titles) show as a field.
  const moduleShape = (doc: Record<string, unknown>) => ((doc.modulText as Array<Record<string, unknown>> | undefined) ?? []).map(({ inhalt: _i, ...rest }) => rest);
  if (!sameDocument(moduleShape(from), moduleShape(to))) fields.unshift({ field: 'modulText', from: moduleShape(from), to: moduleShape(to) });
  return { modules, fields };
}
