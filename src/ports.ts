/**
 * Ports: the small interfaces the core depends on. Implementations that pull in native or heavy
 * libraries (hnswlib-node, sharp, tfjs) live in index/; the core sees only these shapes.
 */

/** Nearest-neighbour search over unit-normalised vectors compared by cosine similarity. */
export interface VectorIndex {
  readonly dims: number;
  readonly size: number;
  /**
   * The k labels most similar to `query`, best first, with their cosine similarities.
   * `filter`, when given, keeps only labels for which it returns true.
   */
  search(query: Float32Array, k: number, filter?: (label: number) => boolean): SearchHit[];
}

export interface SearchHit {
  label: number;
  similarity: number;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
