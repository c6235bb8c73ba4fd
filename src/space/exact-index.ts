import { AppError } from '../errors.js';
import type { SearchHit, VectorIndex } from '../ports.js';

/** Throws DIMENSION_MISMATCH naming both sizes, so a wrong model or stale index is obvious. */
export function assertDims(expected: number, actual: number, what: string): void {
  if (expected !== actual) {
    throw new AppError(
      'DIMENSION_MISMATCH',
      `${what} has ${actual} dimensions but ${expected} were expected. ` +
        'Rebuild the index with `music2movie build` if the embedding model changed.',
      { details: { expected, actual, what } },
    );
  }
}

/** Checks that `vectors` is a whole number of rows of `dims` floats. */
export function assertPacked(vectors: Float32Array, dims: number): void {
  if (!Number.isInteger(dims) || dims <= 0) {
    throw new AppError('BAD_INPUT', `Vector dimensions must be a positive integer, got ${dims}.`);
  }
  if (vectors.length % dims !== 0) {
    throw new AppError(
      'DIMENSION_MISMATCH',
      `Packed vectors hold ${vectors.length} floats, which is not a multiple of ${dims} dimensions.`,
      { details: { expected: dims, actual: vectors.length } },
    );
  }
}

export interface ExactIndexOptions {
  /**
   * The caller promises every row already has unit length (e.g. vectors read back from an index
   * directory we wrote). The array is then used as is, not copied, which halves memory at scale.
   */
  assumeNormalized?: boolean;
}

/**
 * Exact cosine top-k by scanning every row: the reference for tests and the fallback for small
 * catalogues. Rows are packed row-major (n × dims); labels are row numbers.
 */
export class ExactVectorIndex implements VectorIndex {
  readonly dims: number;
  readonly size: number;
  private readonly rows: Float32Array;

  constructor(vectors: Float32Array, dims: number, options: ExactIndexOptions = {}) {
    assertPacked(vectors, dims);
    this.dims = dims;
    this.size = vectors.length / dims;
    this.rows = options.assumeNormalized ? vectors : normalizeRows(vectors, dims);
  }

  search(query: Float32Array, k: number, filter?: (label: number) => boolean): SearchHit[] {
    assertDims(this.dims, query.length, 'The query vector');
    const wanted = Math.min(Math.floor(k), this.size);
    if (!(wanted > 0)) return [];

    const q = normalized(query);
    const top = new TopK(wanted);
    const { rows, dims, size } = this;
    for (let label = 0, offset = 0; label < size; label++, offset += dims) {
      const score = dot(rows, offset, q, dims);
      // Ask the filter only about rows that would make the cut: far fewer calls than one per row.
      if (top.admits(score, label) && (filter === undefined || filter(label))) top.push(score, label);
    }
    return top.sortedHits();
  }
}

function dot(rows: Float32Array, offset: number, q: Float32Array, dims: number): number {
  // Four accumulators let V8 pipeline the multiply-adds; the tail loop handles dims % 4.
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  let i = 0;
  const end4 = dims - (dims % 4);
  for (; i < end4; i += 4) {
    a += (rows[offset + i] as number) * (q[i] as number);
    b += (rows[offset + i + 1] as number) * (q[i + 1] as number);
    c += (rows[offset + i + 2] as number) * (q[i + 2] as number);
    d += (rows[offset + i + 3] as number) * (q[i + 3] as number);
  }
  for (; i < dims; i++) a += (rows[offset + i] as number) * (q[i] as number);
  return a + b + c + d;
}

function normalized(v: Float32Array): Float32Array {
  const out = Float32Array.from(v);
  normalizeInPlace(out, 0, out.length);
  return out;
}

function normalizeRows(vectors: Float32Array, dims: number): Float32Array {
  const out = Float32Array.from(vectors);
  for (let offset = 0; offset < out.length; offset += dims) normalizeInPlace(out, offset, dims);
  return out;
}

/** Zero vectors stay zero: they match nothing rather than producing NaN. */
function normalizeInPlace(v: Float32Array, offset: number, dims: number): void {
  let sum = 0;
  for (let i = offset; i < offset + dims; i++) sum += (v[i] as number) ** 2;
  if (sum === 0) return;
  const inv = 1 / Math.sqrt(sum);
  for (let i = offset; i < offset + dims; i++) v[i] = (v[i] as number) * inv;
}

/**
 * Bounded min-heap of the best k (score, label) pairs seen so far; the root is the weakest.
 * Ties go to the lower label so results are deterministic.
 */
class TopK {
  private readonly scores: Float64Array;
  private readonly labels: Int32Array;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.scores = new Float64Array(capacity);
    this.labels = new Int32Array(capacity);
  }

  admits(score: number, label: number): boolean {
    if (this.count < this.capacity) return true;
    return this.worse(this.scores[0] as number, this.labels[0] as number, score, label);
  }

  /** Call only after `admits` returned true. */
  push(score: number, label: number): void {
    if (this.count < this.capacity) {
      this.siftUp(this.count++, score, label);
    } else {
      this.siftDown(0, score, label);
    }
  }

  sortedHits(): SearchHit[] {
    const hits: SearchHit[] = [];
    for (let i = 0; i < this.count; i++) {
      hits.push({ label: this.labels[i] as number, similarity: clampUnit(this.scores[i] as number) });
    }
    return hits.sort((x, y) => y.similarity - x.similarity || x.label - y.label);
  }

  /** True when (s1, l1) ranks below (s2, l2). */
  private worse(s1: number, l1: number, s2: number, l2: number): boolean {
    return s1 < s2 || (s1 === s2 && l1 > l2);
  }

  private siftUp(at: number, score: number, label: number): void {
    let i = at;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(score, label, this.scores[parent] as number, this.labels[parent] as number)) break;
      this.scores[i] = this.scores[parent] as number;
      this.labels[i] = this.labels[parent] as number;
      i = parent;
    }
    this.scores[i] = score;
    this.labels[i] = label;
  }

  private siftDown(at: number, score: number, label: number): void {
    let i = at;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= this.count) break;
      const right = left + 1;
      let child = left;
      if (
        right < this.count &&
        this.worse(
          this.scores[right] as number,
          this.labels[right] as number,
          this.scores[left] as number,
          this.labels[left] as number,
        )
      ) {
        child = right;
      }
      if (!this.worse(this.scores[child] as number, this.labels[child] as number, score, label)) break;
      this.scores[i] = this.scores[child] as number;
      this.labels[i] = this.labels[child] as number;
      i = child;
    }
    this.scores[i] = score;
    this.labels[i] = label;
  }
}

/** Float rounding can push a unit dot product a hair past ±1. */
function clampUnit(x: number): number {
  return Math.min(1, Math.max(-1, x));
}
