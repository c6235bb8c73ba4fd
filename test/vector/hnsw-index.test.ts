import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HnswVectorIndex } from '../../index/vector/hnsw-index.js';
import { clusteredUnitVectors, uniformUnitVectors } from '../../index/vector/synthetic-vectors.js';
import type { AppError } from '../../src/errors.js';
import { ExactVectorIndex } from '../../src/space/exact-index.js';
import { describeVectorIndexContract } from './vector-index-contract.js';

describeVectorIndexContract('HnswVectorIndex', (vectors, dims) => HnswVectorIndex.build(vectors, dims));

describe('HnswVectorIndex', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hnsw-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('GIVEN 5,000 clustered 64-d vectors THEN recall@5 against the exact scan is at least 0.99', async () => {
    const dims = 64;
    const vectors = clusteredUnitVectors(5000, dims, 42);
    const queries = clusteredUnitVectors(300, dims, 42, { pointSeed: 4242 });
    const exact = new ExactVectorIndex(vectors, dims, { assumeNormalized: true });
    const hnsw = await HnswVectorIndex.build(vectors, dims);
    expect(recallAt5(exact, hnsw, queries, dims)).toBeGreaterThanOrEqual(0.99);
  });

  it('GIVEN a build THEN progress is reported up to the total', async () => {
    const seen: number[] = [];
    await HnswVectorIndex.build(uniformUnitVectors(5000, 8, 1), 8, { onProgress: (done) => seen.push(done) });
    expect(seen.at(-1)).toBe(5000);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('GIVEN efSearch below k THEN it is raised to k and k hits still come back', async () => {
    const dims = 16;
    const hnsw = await HnswVectorIndex.build(uniformUnitVectors(2000, dims, 3), dims, { efSearch: 1 });
    expect(hnsw.efSearch).toBe(1);
    expect(hnsw.search(uniformUnitVectors(1, dims, 9), 25)).toHaveLength(25);
    hnsw.setEfSearch(200);
    expect(hnsw.efSearch).toBe(200);
    expect(() => hnsw.setEfSearch(0)).toThrow(/efSearch/);
  });

  it('GIVEN save then load THEN searches give identical results', async () => {
    const dims = 32;
    const vectors = clusteredUnitVectors(3000, dims, 5);
    const queries = clusteredUnitVectors(50, dims, 5, { pointSeed: 55 });
    const built = await HnswVectorIndex.build(vectors, dims);
    const path = join(dir, 'round-trip.hnsw');
    await built.save(path);
    const loaded = await HnswVectorIndex.load(path, dims, 3000);
    expect(loaded.size).toBe(3000);
    for (let q = 0; q < 50; q++) {
      const query = queries.subarray(q * dims, (q + 1) * dims);
      expect(loaded.search(query, 10)).toEqual(built.search(query, 10));
      const odd = (label: number) => label % 2 === 1;
      expect(loaded.search(query, 5, odd)).toEqual(built.search(query, 5, odd));
    }
  });

  it('GIVEN an empty index THEN it saves and loads', async () => {
    const path = join(dir, 'empty.hnsw');
    await (await HnswVectorIndex.build(new Float32Array(0), 8)).save(path);
    const loaded = await HnswVectorIndex.load(path, 8, 0);
    expect(loaded.search(new Float32Array(8), 3)).toEqual([]);
  });

  describe('load refuses bad files', () => {
    const dims = 8;
    let path: string;
    beforeAll(async () => {
      path = join(dir, 'small.hnsw');
      await (await HnswVectorIndex.build(uniformUnitVectors(100, dims, 2), dims)).save(path);
    });

    it('GIVEN the wrong dims THEN DIMENSION_MISMATCH naming both', async () => {
      const error = (await HnswVectorIndex.load(path, 16, 100).catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe('DIMENSION_MISMATCH');
      expect(error.message).toMatch(/8 dimensions but 16/);
    });

    it('GIVEN the wrong count THEN INDEX_CORRUPT', async () => {
      const error = (await HnswVectorIndex.load(path, dims, 99).catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe('INDEX_CORRUPT');
      expect(error.message).toMatch(/100 vectors but the manifest says 99/);
    });

    it('GIVEN no file THEN INDEX_MISSING', async () => {
      const error = (await HnswVectorIndex.load(join(dir, 'nope'), dims, 100).catch(
        (e: unknown) => e,
      )) as AppError;
      expect(error.code).toBe('INDEX_MISSING');
    });

    it('GIVEN a truncated file THEN INDEX_CORRUPT', async () => {
      const bytes = await readFile(path);
      const truncated = join(dir, 'truncated.hnsw');
      await writeFile(truncated, bytes.subarray(0, bytes.length - 10));
      const error = (await HnswVectorIndex.load(truncated, dims, 100).catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe('INDEX_CORRUPT');
    });
  });
});

function recallAt5(exact: ExactVectorIndex, approx: HnswVectorIndex, queries: Float32Array, dims: number) {
  let found = 0;
  let total = 0;
  for (let q = 0; q < queries.length / dims; q++) {
    const query = queries.subarray(q * dims, (q + 1) * dims);
    const truth = new Set(exact.search(query, 5).map((h) => h.label));
    found += approx.search(query, 5).filter((h) => truth.has(h.label)).length;
    total += truth.size;
  }
  return found / total;
}
