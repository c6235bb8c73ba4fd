import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readIndexDir, writeIndexDir } from '../../index/store/index-dir.js';
import type { AppError } from '../../src/errors.js';

const fixedClock = { now: () => Date.UTC(2024, 0, 2, 3, 4, 5) };

describe('index directory', () => {
  let parent: string;
  let dir: string;
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'index-dir-test-'));
    dir = join(parent, 'index');
  });
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true });
  });

  const writeSample = (marker = 'v1') =>
    writeIndexDir(dir, {
      manifest: { formatVersion: 3, dims: 64, marker },
      files: {
        'vectors.f32': Buffer.from(`vector bytes ${marker}`),
        'labels.json': new TextEncoder().encode('["a","b"]'),
        'graph.hnsw': async (path: string) => writeFile(path, `graph ${marker}`),
      },
      clock: fixedClock,
    });
  const read = (options: Partial<Parameters<typeof readIndexDir>[1]> = {}) =>
    readIndexDir<{ formatVersion: number; dims: number; marker: string }>(dir, {
      expectedFormatVersion: 3,
      ...options,
    });
  const failure = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as AppError;

  it('GIVEN a written index THEN reading returns the manifest, sizes, checksums and bytes', async () => {
    const written = await writeSample();
    const index = await read();
    expect(index.manifest).toEqual(written);
    expect(index.manifest.dims).toBe(64);
    expect(index.manifest.createdAt).toBe('2024-01-02T03:04:05.000Z');
    expect(index.manifest.files['vectors.f32']?.bytes).toBe('vector bytes v1'.length);
    expect(index.manifest.files['graph.hnsw']?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect((await index.readFile('graph.hnsw')).toString()).toBe('graph v1');
    expect(index.pathOf('labels.json')).toBe(join(dir, 'labels.json'));
    expect(() => index.pathOf('other.bin')).toThrow(/lists no file named other.bin/);
  });

  it('GIVEN a write over an existing index THEN the new one replaces it and no temp dirs remain', async () => {
    await writeSample('v1');
    await writeSample('v2');
    expect((await read()).manifest.marker).toBe('v2');
    expect(await readdir(parent)).toEqual(['index']);
  });

  it('GIVEN a producer that throws midway THEN the old index survives and no temp dirs remain', async () => {
    await writeSample('v1');
    const attempt = writeIndexDir(dir, {
      manifest: { formatVersion: 3 },
      files: {
        'vectors.f32': Buffer.from('new bytes'),
        'graph.hnsw': async () => {
          throw new Error('disk full');
        },
      },
    });
    await expect(attempt).rejects.toThrow('disk full');
    const index = await read();
    expect(index.manifest.marker).toBe('v1');
    expect((await index.readFile('vectors.f32')).toString()).toBe('vector bytes v1');
    expect(await readdir(parent)).toEqual(['index']);
  });

  it('GIVEN a crash between the two renames of a swap THEN the old index is still read, then restored', async () => {
    await writeSample('v1');
    await rename(dir, join(parent, '.index.previous')); // what the first rename leaves behind
    expect((await read()).manifest.marker).toBe('v1');
    await writeSample('v2');
    expect((await read()).manifest.marker).toBe('v2');
    expect(await readdir(parent)).toEqual(['index']);
  });

  it('GIVEN a temp dir left by a dead process THEN the next write removes it', async () => {
    const stale = join(parent, '.index.tmp-999999999-deadbeef');
    await mkdir(stale);
    await writeSample();
    expect(await readdir(parent)).toEqual(['index']);
  });

  it('GIVEN no directory THEN INDEX_MISSING tells the user to build', async () => {
    const error = await failure(read());
    expect(error.code).toBe('INDEX_MISSING');
    expect(error.message).toContain('music2movie build');
  });

  it('GIVEN a directory without a manifest THEN INDEX_MISSING', async () => {
    await writeSample();
    await rm(join(dir, 'manifest.json'));
    const error = await failure(read());
    expect(error.code).toBe('INDEX_MISSING');
    expect(error.message).toContain('manifest.json');
  });

  it('GIVEN another format version THEN INDEX_VERSION names expected and found', async () => {
    await writeSample();
    const error = await failure(read({ expectedFormatVersion: 4 }));
    expect(error.code).toBe('INDEX_VERSION');
    expect(error.message).toMatch(/format version 3.*reads version 4/);
  });

  it('GIVEN a truncated file THEN INDEX_CORRUPT names it with expected and actual size', async () => {
    await writeSample();
    await truncate(join(dir, 'vectors.f32'), 4);
    const error = await failure(read({ verifyChecksums: false }));
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toMatch(/vectors\.f32 is 4 bytes but should be 15 bytes/);
  });

  it('GIVEN a missing file THEN INDEX_CORRUPT names it', async () => {
    await writeSample();
    await rm(join(dir, 'graph.hnsw'));
    const error = await failure(read());
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toMatch(/graph\.hnsw is missing \(expected 8 bytes\)/);
  });

  it('GIVEN a flipped byte THEN the checksum catches it, unless checksums are skipped', async () => {
    await writeSample();
    const path = join(dir, 'labels.json');
    const bytes = await readFile(path);
    bytes[2] = (bytes[2] as number) ^ 0xff;
    await writeFile(path, bytes);
    const error = await failure(read());
    expect(error.code).toBe('INDEX_CORRUPT');
    expect(error.message).toMatch(/labels\.json fails its sha256 check \(size 9 bytes as expected 9/);
    await expect(read({ verifyChecksums: false })).resolves.toBeDefined();
    await expect(read({ checksumMaxBytes: 8 })).resolves.toBeDefined();
  });

  it('GIVEN a manifest that is not JSON THEN INDEX_CORRUPT', async () => {
    await writeSample();
    await writeFile(join(dir, 'manifest.json'), '{ not json');
    expect((await failure(read())).code).toBe('INDEX_CORRUPT');
  });

  it('GIVEN a file name with a path in it THEN the write is refused before touching disk', async () => {
    const attempt = writeIndexDir(dir, {
      manifest: { formatVersion: 1 },
      files: { '../evil': Buffer.from('x') },
    });
    expect((await failure(attempt)).code).toBe('BAD_INPUT');
    await expect(stat(dir)).rejects.toThrow();
  });
});
