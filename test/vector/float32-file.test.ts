import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bufferToFloat32, float32ToBuffer, readFloat32File } from '../../index/store/float32-file.js';
import type { AppError } from '../../src/errors.js';

describe('packed float32 files', () => {
  const values = Float32Array.of(1.5, -2.25, 3.125e-7, 0, 65504);

  it('GIVEN vectors THEN bytes are little-endian float32 and round-trip exactly', () => {
    const bytes = float32ToBuffer(values);
    expect(bytes.byteLength).toBe(20);
    expect(bytes.readFloatLE(4)).toBe(-2.25);
    expect(Array.from(bufferToFloat32(bytes))).toEqual(Array.from(values));
  });

  it('GIVEN bytes at an odd offset THEN they are copied into an aligned array', () => {
    const backing = Buffer.alloc(21);
    float32ToBuffer(values).copy(backing, 1);
    const unaligned = backing.subarray(1);
    expect(unaligned.byteOffset % 4).not.toBe(0);
    expect(Array.from(bufferToFloat32(unaligned))).toEqual(Array.from(values));
  });

  it('GIVEN a file THEN readFloat32File reads it and checks whole rows', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'f32-test-'));
    try {
      const path = join(dir, 'v.f32');
      await writeFile(path, float32ToBuffer(values.subarray(0, 4)));
      expect(Array.from(await readFloat32File(path, 2))).toEqual(Array.from(values.subarray(0, 4)));
      const error = (await readFloat32File(path, 3).catch((e: unknown) => e)) as AppError;
      expect(error.code).toBe('INDEX_CORRUPT');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN a byte count that is not a multiple of 4 THEN INDEX_CORRUPT', () => {
    expect(() => bufferToFloat32(Buffer.alloc(7))).toThrow(/not a whole number of float32/);
  });
});
