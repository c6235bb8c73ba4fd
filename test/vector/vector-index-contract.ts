import { describe, expect, it } from 'vitest';
import { seededRandom, uniformUnitVectors } from '../../index/vector/synthetic-vectors.js';
import { AppError } from '../../src/errors.js';
import type { SearchHit, VectorIndex } from '../../src/ports.js';

export type MakeIndex = (vectors: Float32Array, dims: number) => Promise<VectorIndex>;

/** Every VectorIndex must pass this, so the exact scan and hnswlib are interchangeable. */
export function describeVectorIndexContract(name: string, makeIndex: MakeIndex): void {
  const dims = 16;
  const n = 400;
  const vectors = uniformUnitVectors(n, dims, 7);
  const row = (i: number) => vectors.slice(i * dims, (i + 1) * dims);

  describe(`VectorIndex contract: ${name}`, () => {
    it('GIVEN a stored vector THEN its own label comes first with similarity ≈ 1', async () => {
      const index = await makeIndex(vectors, dims);
      expect(index.size).toBe(n);
      expect(index.dims).toBe(dims);
      for (const label of [0, 1, 57, 199, n - 1]) {
        const [top] = index.search(row(label), 3);
        expect(top?.label).toBe(label);
        expect(top?.similarity).toBeCloseTo(1, 5);
      }
    });

    it('GIVEN a query THEN hits are the true top-k, best first', async () => {
      const index = await makeIndex(vectors, dims);
      const random = seededRandom(11);
      for (let q = 0; q < 20; q++) {
        const query = Float32Array.from({ length: dims }, () => random() - 0.5);
        const hits = index.search(query, 10);
        expectSameHits(hits, bruteForce(vectors, dims, query, 10));
        for (let i = 1; i < hits.length; i++) {
          expect((hits[i - 1] as SearchHit).similarity).toBeGreaterThanOrEqual(
            (hits[i] as SearchHit).similarity,
          );
        }
      }
    });

    it('GIVEN a query that is not unit length THEN similarities are still cosines', async () => {
      const index = await makeIndex(vectors, dims);
      const scaled = row(5).map((x) => x * 7.5);
      const [top] = index.search(scaled, 1);
      expect(top?.label).toBe(5);
      expect(top?.similarity).toBeCloseTo(1, 5);
    });

    it('GIVEN a filter THEN only accepted labels come back, still the true top-k among them', async () => {
      const index = await makeIndex(vectors, dims);
      const keep = (label: number) => label % 3 === 0;
      const hits = index.search(row(1), 8, keep);
      expect(hits).toHaveLength(8);
      expect(hits.every((h) => keep(h.label))).toBe(true);
      expect(hits.some((h) => h.label === 1)).toBe(false);
      expectSameHits(hits, bruteForce(vectors, dims, row(1), 8, keep));
    });

    it('GIVEN a filter that throws THEN search throws that error', async () => {
      const index = await makeIndex(vectors, dims);
      const boom = new Error('filter failed');
      expect(() =>
        index.search(row(0), 5, () => {
          throw boom;
        }),
      ).toThrow(boom);
    });

    it('GIVEN k larger than the index THEN every vector comes back once', async () => {
      const index = await makeIndex(vectors.slice(0, 12 * dims), dims);
      const hits = index.search(row(0), 50);
      expect(hits).toHaveLength(12);
      expect(new Set(hits.map((h) => h.label)).size).toBe(12);
    });

    it('GIVEN k of zero THEN no hits', async () => {
      const index = await makeIndex(vectors, dims);
      expect(index.search(row(0), 0)).toEqual([]);
    });

    it('GIVEN an empty index THEN search returns [] without throwing', async () => {
      const index = await makeIndex(new Float32Array(0), dims);
      expect(index.size).toBe(0);
      expect(index.search(row(0), 5)).toEqual([]);
      expect(index.search(row(0), 5, () => true)).toEqual([]);
    });

    it('GIVEN a query of the wrong dimension THEN DIMENSION_MISMATCH names both sizes', async () => {
      const index = await makeIndex(vectors, dims);
      const error = catchError(() => index.search(new Float32Array(dims + 1), 5));
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('DIMENSION_MISMATCH');
      expect((error as AppError).message).toContain(String(dims));
      expect((error as AppError).message).toContain(String(dims + 1));
    });
  });
}

/** Independent reference: score everything, sort everything. */
export function bruteForce(
  vectors: Float32Array,
  dims: number,
  query: Float32Array,
  k: number,
  filter: (label: number) => boolean = () => true,
): SearchHit[] {
  const norm = Math.hypot(...query);
  const hits: SearchHit[] = [];
  for (let label = 0; label < vectors.length / dims; label++) {
    if (!filter(label)) continue;
    let dot = 0;
    for (let j = 0; j < dims; j++) dot += (vectors[label * dims + j] as number) * (query[j] as number);
    hits.push({ label, similarity: dot / norm });
  }
  return hits.sort((a, b) => b.similarity - a.similarity).slice(0, k);
}

function expectSameHits(actual: SearchHit[], expected: SearchHit[]): void {
  expect(actual.map((h) => h.label)).toEqual(expected.map((h) => h.label));
  actual.forEach((hit, i) => {
    expect(hit.similarity).toBeCloseTo((expected[i] as SearchHit).similarity, 5);
  });
}

export function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
