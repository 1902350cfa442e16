/**
 * PostgreSQL's tsvector as the portal's search index reads it (src/portal/searchIndex.ts): its
 * text form, and the weights of migration 0011 — A the names, B the synonyms, C teaser and short
 * text, D every other text.
 */

/** Weight letters as bits. A and B are the name and the synonyms: the "title" of a Leistung. */
const WEIGHT_BITS: Record<string, number> = { A: 1, B: 2, C: 4, D: 8 };
export const TITLE = WEIGHT_BITS.A! | WEIGHT_BITS.B!;
/** ts_rank's default weights {D 0.1, C 0.2, B 0.4, A 1.0}, by the best weight a match has. */
const RANK_OF_MASK = (mask: number) => (mask & 1 ? 1 : mask & 2 ? 0.4 : mask & 4 ? 0.2 : 0.1);
/** A word's rank in a document: its best weight, a little more the more often it occurs (by mask and count, counts up to 63 looked up). */
const RANKS = Float64Array.from({ length: 16 * 64 }, (_, i) => RANK_OF_MASK(i & 15) * (1 + Math.log(Math.max(1, i >> 4)) / 10));
export const rankOf = (mask: number, count: number) => (count < 64 ? RANKS[mask | (count << 4)]! : RANK_OF_MASK(mask) * (1 + Math.log(count) / 10));

export interface ParsedVector { lexeme: string; mask: number; count: number }

/** A tsvector's text form: quoted lexemes (`''` for a quote, `\\` before a backslash or quote), optional positions with weights. */
export function parseTsvector(text: string): ParsedVector[] {
  const out: ParsedVector[] = [];
  let i = 0;
  while (i < text.length) {
    while (text[i] === ' ') i++;
    if (i >= text.length) break;
    if (text[i] !== "'") throw new Error(`not a tsvector at ${i}: ${text.slice(i, i + 20)}`);
    let lexeme = '';
    for (i++; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\\') { lexeme += text[++i] ?? ''; continue; }
      if (c === "'") {
        if (text[i + 1] === "'") { lexeme += "'"; i++; continue; }
        i++;
        break;
      }
      lexeme += c;
    }
    let mask = 0;
    let count = 0;
    if (text[i] === ':') {
      i++;
      for (;;) {
        while (i < text.length && text[i]! >= '0' && text[i]! <= '9') i++;
        const w = text[i];
        if (w === 'A' || w === 'B' || w === 'C' || w === 'D') { mask |= WEIGHT_BITS[w]!; i++; } else mask |= WEIGHT_BITS.D!;
        count++;
        if (text[i] !== ',') break;
        i++;
      }
    } else {
      mask = WEIGHT_BITS.D!;
      count = 1;
    }
    out.push({ lexeme, mask, count });
  }
  return out;
}
