import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type * as PosterModule from '../../index/posters/index.js';
import { embedWorkerUrl, processPosters, WorkerPoolEmbedder } from '../../index/posters/index.js';
import { cosine, jobsFor, POSTER_DIR, sharedPosters } from './helpers.js';
import { transpileForWorkers } from './transpile.js';

const fakeWorker = new URL('./fixtures/fake-embed-worker.mjs', import.meta.url);
const projectRoot = resolve(fileURLToPath(import.meta.url), '../../..');

describe('WorkerPoolEmbedder with a fake worker', () => {
  it('GIVEN two workers and six batches THEN every batch comes back and both workers take some', async () => {
    const pool = await WorkerPoolEmbedder.start({
      size: 2,
      inputSize: 2,
      backend: 'cpu',
      workerUrl: fakeWorker,
    });
    try {
      const batches = await Promise.all(
        [1, 2, 3, 4, 5, 6].map((n) => pool.embed(new Uint8Array(n * 12).fill(n), n)),
      );
      batches.forEach((b, i) => {
        expect(b.embeddings).toHaveLength((i + 1) * 1280);
        expect(b.embeddings[0]).toBe(i + 1);
      });
      expect(new Set(batches.map((b) => b.probabilities[0])).size).toBe(2);
    } finally {
      await pool.close();
    }
  });

  it('GIVEN a worker that crashes mid-batch THEN only that batch fails and the other worker carries on', async () => {
    const pool = await WorkerPoolEmbedder.start({
      size: 2,
      inputSize: 2,
      backend: 'cpu',
      workerUrl: fakeWorker,
    });
    try {
      const crash = pool.embed(new Uint8Array(13 * 12), 13);
      const rejected = pool.embed(new Uint8Array(7 * 12), 7);
      await Promise.all([
        expect(crash).rejects.toMatchObject({
          code: 'INTERNAL',
          message: expect.stringMatching(/exited with code 3/),
        }),
        expect(rejected).rejects.toMatchObject({ message: 'embedding failed: bad batch' }),
      ]);
      const after = await Promise.all([pool.embed(new Uint8Array(12), 1), pool.embed(new Uint8Array(24), 2)]);
      expect(after.map((b) => b.embeddings.length)).toEqual([1280, 2560]);
    } finally {
      await pool.close();
    }
    await expect(pool.embed(new Uint8Array(12), 1)).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('GIVEN workers that cannot load the model THEN start fails with the reason', async () => {
    await expect(
      WorkerPoolEmbedder.start({ size: 2, inputSize: 0, backend: 'cpu', workerUrl: fakeWorker }),
    ).rejects.toMatchObject({ code: 'INTERNAL', message: expect.stringContaining('no model for you') });
  });
});

describe('the real embed worker', () => {
  let compiled: string;
  beforeAll(async () => {
    // The worker entry is loaded by URL, not imported, so it is an entry of its own.
    const entries = ['index/posters/index.ts', 'index/posters/embed-worker.ts'].map((f) =>
      join(projectRoot, f),
    );
    compiled = await transpileForWorkers(projectRoot, entries);
  });
  afterAll(async () => {
    await rm(compiled, { recursive: true, force: true });
  });

  it('GIVEN TypeScript sources THEN no worker file is found and processPosters embeds in-thread', () => {
    expect(embedWorkerUrl()).toBeUndefined();
  });

  it('GIVEN compiled modules THEN two workers give the same embeddings as the in-thread model', async () => {
    const mod = (await import(
      pathToFileURL(join(compiled, 'index/posters/index.js')).href
    )) as typeof PosterModule;
    expect(mod.embedWorkerUrl()?.pathname).toMatch(/index\/posters\/embed-worker\.js$/);
    const jobs = jobsFor(sharedPosters().slice(10, 16));
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      warn: (_: object, msg?: string) => void warnings.push(msg ?? ''),
    };
    const pooled = await mod.processPosters(jobs, { source: POSTER_DIR, workers: 2, batchSize: 2, logger });
    expect(warnings).toEqual([]);
    const local = await processPosters(jobs, { source: POSTER_DIR, workers: 1, batchSize: 2 });
    expect(pooled.embedded).toBe(6);
    pooled.results.forEach((r, i) => {
      expect(
        cosine(r.embedding as Float32Array, local.results[i]?.embedding as Float32Array),
      ).toBeGreaterThan(0.9999);
    });
  });
});
