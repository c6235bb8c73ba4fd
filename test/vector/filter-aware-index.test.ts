import { describe, expect, it } from 'vitest';
import { FilterAwareVectorIndex } from '../../index/vector/filter-aware-index.js';
import { HnswVectorIndex } from '../../index/vector/hnsw-index.js';
import type { AppError } from '../../src/errors.js';
import type { SearchHit, VectorIndex } from '../../src/ports.js';
import { ExactVectorIndex } from '../../src/space/exact-index.js';
import { catchError, describeVectorIndexContract } from './vector-index-contract.js';

describeVectorIndexContract(
  'FilterAwareVectorIndex(hnsw, exact)',
  async (vectors, dims) =>
    new FilterAwareVectorIndex(
      await HnswVectorIndex.build(vectors, dims),
      new ExactVectorIndex(vectors, dims, { assumeNormalized: true }),
    ),
);

/** Records which index answered. */
function fakeIndex(name: string, calls: string[], size = 10_000): VectorIndex {
  return {
    dims: 4,
    size,
    search: (): SearchHit[] => {
      calls.push(name);
      return [];
    },
  };
}

describe('FilterAwareVectorIndex', () => {
  const query = new Float32Array(4);

  it('GIVEN no filter or a broad one THEN the graph answers', () => {
    const calls: string[] = [];
    const index = new FilterAwareVectorIndex(fakeIndex('graph', calls), fakeIndex('exact', calls));
    index.search(query, 5);
    index.search(query, 5, (label) => label % 10 === 0);
    expect(calls).toEqual(['graph', 'graph']);
  });

  it('GIVEN a filter accepting about 1 in 100 THEN the exact scan answers', () => {
    const calls: string[] = [];
    const index = new FilterAwareVectorIndex(fakeIndex('graph', calls), fakeIndex('exact', calls));
    index.search(query, 5, (label) => label % 100 === 0);
    index.search(query, 5, (label) => label < 100);
    index.search(query, 5, () => false);
    expect(calls).toEqual(['exact', 'exact', 'exact']);
  });

  it('GIVEN indexes over different vectors THEN it refuses', () => {
    const calls: string[] = [];
    const error = catchError(
      () => new FilterAwareVectorIndex(fakeIndex('graph', calls, 10), fakeIndex('exact', calls, 11)),
    );
    expect((error as AppError).code).toBe('DIMENSION_MISMATCH');
  });
});
