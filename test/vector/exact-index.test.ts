import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/errors.js';
import { assertDims, ExactVectorIndex } from '../../src/space/exact-index.js';
import { catchError, describeVectorIndexContract } from './vector-index-contract.js';

describeVectorIndexContract('ExactVectorIndex', async (vectors, dims) => new ExactVectorIndex(vectors, dims));

describe('ExactVectorIndex', () => {
  it('GIVEN rows that are not unit length THEN it normalises a copy and leaves the input alone', () => {
    const input = Float32Array.of(3, 4, 0, 2);
    const index = new ExactVectorIndex(input, 2);
    expect(Array.from(input)).toEqual([3, 4, 0, 2]);
    const [top] = index.search(Float32Array.of(0, 1), 1);
    expect(top).toEqual({ label: 1, similarity: 1 });
  });

  it('GIVEN a zero query THEN every similarity is 0 and ties go to the lower label', () => {
    const index = new ExactVectorIndex(Float32Array.of(1, 0, 0, 1, 1, 1), 2);
    expect(index.search(Float32Array.of(0, 0), 2)).toEqual([
      { label: 0, similarity: 0 },
      { label: 1, similarity: 0 },
    ]);
  });

  it('GIVEN packed floats that are not whole rows THEN DIMENSION_MISMATCH', () => {
    const error = catchError(() => new ExactVectorIndex(new Float32Array(7), 3));
    expect((error as AppError).code).toBe('DIMENSION_MISMATCH');
  });

  it('GIVEN assertDims with different sizes THEN the message names expected and actual', () => {
    const error = catchError(() => assertDims(64, 32, 'The song vector'));
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('DIMENSION_MISMATCH');
    expect((error as AppError).message).toMatch(/The song vector has 32 dimensions but 64 were expected/);
    expect(() => assertDims(64, 64, 'x')).not.toThrow();
  });

  it('GIVEN the core module THEN it imports nothing native (it is the portable fallback)', async () => {
    const source = await readFile(new URL('../../src/space/exact-index.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports.every((path) => path?.startsWith('../'))).toBe(true);
  });
});
