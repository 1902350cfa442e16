/**
 * The scratch space of one search in the portal's index (src/portal/searchIndex.ts): a slot per
 * document number for each thing a search adds up — which lexemes, variants and words a document
 * matched, how often and how well, and its score. Typed arrays, allocated once and grown with the
 * index; a search clears the slots it touched.
 */

export interface Scratch {
  size: number;
  lexemeHits: Uint16Array;
  variantMask: Uint8Array;
  variantCount: Uint32Array;
  termMask: Uint8Array;
  termCount: Uint32Array;
  termsHit: Uint16Array;
  titleTerms: Uint8Array;
  score: Float64Array;
}

export function scratchOf(size: number): Scratch {
  return {
    size, lexemeHits: new Uint16Array(size), variantMask: new Uint8Array(size), variantCount: new Uint32Array(size), termMask: new Uint8Array(size),
    termCount: new Uint32Array(size), termsHit: new Uint16Array(size), titleTerms: new Uint8Array(size), score: new Float64Array(size),
  };
}
