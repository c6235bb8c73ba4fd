import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PosterResult, processPosters } from '../../index/posters/index.js';
import { UNREACHABLE_IN_A_ROW } from '../../index/posters/sources.js';
import {
  cosine,
  jobsFor,
  norm,
  noSleep,
  posterBytes,
  serveShared,
  sharedPosters,
  startServer,
  type TestServer,
} from './helpers.js';

const posters = sharedPosters().slice(0, 5);
// In-thread embedding blocks the event loop for a batch, so timeouts stay well above a batch's time
// except where a test wants one.
const fast = { workers: 1, concurrency: 3, retries: 2, timeoutMs: 2000, sleep: noSleep, batchSize: 4 };
const short = { ...fast, timeoutMs: 500 };

let tmp: string;
let server: TestServer | undefined;

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'posters-'));
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(tmp, { recursive: true, force: true });
});

function expectEmbedded(r: PosterResult): void {
  expect(r.status).toBe('embedded');
  const e = r.embedding as Float32Array;
  expect(e).toHaveLength(1280);
  expect(e.every(Number.isFinite)).toBe(true);
  expect(norm(e)).toBeCloseTo(1, 4);
  for (const v of Object.values(r.stats ?? {})) expect(v).toBeGreaterThanOrEqual(0);
  for (const v of Object.values(r.stats ?? {})) expect(v).toBeLessThanOrEqual(1);
  const nsfw = r.nsfw ?? { drawing: 0, hentai: 0, neutral: 0, porn: 0, sexy: 0 };
  expect(Object.values(nsfw).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
}

describe('processPosters over HTTP', () => {
  it('GIVEN real posters THEN each is embedded with a unit 1280-d vector, stats in [0,1] and safe classes', async () => {
    server = await startServer(serveShared);
    const progress: string[] = [];
    const out = await processPosters(jobsFor(posters), {
      ...fast,
      source: server.url,
      onProgress: (done, total, stage) => progress.push(`${stage}:${done}/${total}`),
    });
    expect(out.embedded).toBe(5);
    expect(out.results.map((r) => r.movieId)).toEqual(posters.map((p) => p.tmdbId));
    for (const r of out.results) {
      expectEmbedded(r);
      expect(r.unsafe).toBe(false);
    }
    expect(server.requests.every((p) => p.startsWith('/t/p/w185/tt'))).toBe(true);
    expect(progress).toContain('download:5/5');
    expect(progress.at(-1)).toBe('embed:5/5');
    expect(out.seconds).toBeGreaterThan(0);
  });
});

/** Poster paths whose name says how the server treats them; anything else is a shared poster. */
function trickyServer(broken: Set<string>) {
  return startServer(async (req, res, attempt) => {
    const name = (req.url ?? '').split('/').pop() ?? '';
    if (broken.has(name) && name === 'missing.jpg') {
      res.writeHead(404).end();
      return;
    }
    if (broken.has(name) && name === 'hang.jpg') return; // never answers
    if (name === 'flaky.jpg' && attempt === 1) {
      res.writeHead(500).end('try again');
      return;
    }
    if (broken.has(name) && name === 'truncated.jpg') {
      const bytes = await posterBytes(posters[0]?.filename ?? '');
      res
        .writeHead(200, { 'content-type': 'image/jpeg' })
        .end(bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      return;
    }
    if (broken.has(name) && name === 'html.jpg') {
      res
        .writeHead(200, { 'content-type': 'image/jpeg' })
        .end('<!DOCTYPE html><html><body>Oops</body></html>');
      return;
    }
    const real =
      posters[Number(req.url?.match(/(\d)\.jpg$/)?.[1] ?? 0)]?.filename ?? posters[0]?.filename ?? '';
    res.writeHead(200, { 'content-type': 'image/jpeg' }).end(await posterBytes(real));
  });
}

const trickyJobs = [
  { movieId: 1, posterPath: '/good1.jpg' },
  { movieId: 2, posterPath: '/missing.jpg' },
  { movieId: 3, posterPath: '/hang.jpg' },
  { movieId: 4, posterPath: '/flaky.jpg' },
  { movieId: 5, posterPath: '/truncated.jpg' },
  { movieId: 6, posterPath: '/html.jpg' },
];

describe('processPosters failures', () => {
  it('GIVEN 404, a server that never answers, a 500 then 200, a cut JPEG and an HTML page THEN each gets its status and reason', async () => {
    server = await trickyServer(new Set(['missing.jpg', 'hang.jpg', 'truncated.jpg', 'html.jpg']));
    const failureLog = join(tmp, 'posters-failed.csv');
    const out = await processPosters(trickyJobs, { ...short, source: server.url, failureLog });
    const byId = new Map(out.results.map((r) => [r.movieId, r]));
    expectEmbedded(byId.get(1) as PosterResult);
    expect(byId.get(2)).toMatchObject({
      status: 'missing',
      reason: 'not found (HTTP 404)',
      embedding: null,
      stats: null,
    });
    expect(server.count('/t/p/w185/missing.jpg')).toBe(1);
    expect(byId.get(3)).toMatchObject({ status: 'failed', reason: 'timed out after 500 ms (3 attempts)' });
    expect(server.count('/t/p/w185/hang.jpg')).toBe(3);
    expectEmbedded(byId.get(4) as PosterResult);
    expect(server.count('/t/p/w185/flaky.jpg')).toBe(2);
    expect(byId.get(5)).toMatchObject({ status: 'failed', reason: 'truncated JPEG: no end-of-image marker' });
    expect(byId.get(6)?.reason).toMatch(/^not an image: starts with "<!DOCTYPE html>/);
    expect(out).toMatchObject({ embedded: 2, missing: 1, failed: 3, unsafe: 0 });

    const log = (await readFile(failureLog, 'utf8')).trim().split('\n');
    expect(log[0]).toBe('id,url,reason');
    expect(log.slice(1).map((l) => l.split(',')[0])).toEqual(['2', '3', '5', '6']);
    expect(log[2]).toBe(`3,${server.url}/w185/hang.jpg,timed out after 500 ms (3 attempts)`);
  });

  it('GIVEN a failure log THEN a re-run with retryFailedOnly requests only the failed posters and rewrites the log', async () => {
    const broken = new Set(['missing.jpg', 'hang.jpg', 'truncated.jpg', 'html.jpg']);
    server = await trickyServer(broken);
    const failureLog = join(tmp, 'posters-failed.csv');
    await processPosters(trickyJobs, { ...short, source: server.url, failureLog });
    server.requests.length = 0;
    broken.delete('hang.jpg'); // the slow server recovered

    const again = await processPosters(trickyJobs, {
      ...fast,
      source: server.url,
      failureLog,
      retryFailedOnly: true,
    });
    expect([...server.requests].sort()).toEqual(
      ['/t/p/w185/hang.jpg', '/t/p/w185/html.jpg', '/t/p/w185/missing.jpg', '/t/p/w185/truncated.jpg'].sort(),
    );
    expect(again.results.map((r) => [r.movieId, r.status])).toEqual([
      [2, 'missing'],
      [3, 'embedded'],
      [5, 'failed'],
      [6, 'failed'],
    ]);
    const ids = (await readFile(failureLog, 'utf8'))
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    expect(ids).toEqual(['2', '5', '6']);
  });

  it('GIVEN a cache THEN a second run makes zero requests and gives the same embeddings', async () => {
    server = await startServer(serveShared);
    const cacheDir = join(tmp, 'cache');
    const first = await processPosters(jobsFor(posters), { ...fast, source: server.url, cacheDir });
    const requested = server.requests.length;
    expect(requested).toBe(5);
    const second = await processPosters(jobsFor(posters), { ...fast, source: server.url, cacheDir });
    expect(server.requests.length).toBe(requested);
    expect(second.embedded).toBe(5);
    second.results.forEach((r, i) => {
      expect(cosine(r.embedding as Float32Array, first.results[i]?.embedding as Float32Array)).toBeCloseTo(
        1,
        5,
      );
    });
  });

  it('GIVEN a cache and earlier failures THEN a plain re-run downloads only what failed', async () => {
    const broken = new Set(['missing.jpg', 'hang.jpg', 'truncated.jpg', 'html.jpg']);
    server = await trickyServer(broken);
    const cacheDir = join(tmp, 'cache');
    // No retries: the flaky 500 fails in the first run too, and recovers in the second.
    const first = await processPosters(trickyJobs, { ...short, retries: 0, source: server.url, cacheDir });
    expect(first.embedded).toBe(1);
    server.requests.length = 0;
    const again = await processPosters(trickyJobs, { ...short, retries: 0, source: server.url, cacheDir });
    expect([...server.requests].sort()).toEqual(
      ['flaky', 'hang', 'html', 'missing', 'truncated'].map((n) => `/t/p/w185/${n}.jpg`),
    );
    expect(again.embedded).toBe(2);
  });

  it('GIVEN a connection that is refused THEN the poster fails with a connection error, not a crash', async () => {
    server = await startServer(serveShared);
    const url = server.url;
    await server.close();
    server = undefined;
    const out = await processPosters(jobsFor(posters.slice(0, 1)), { ...fast, source: url });
    expect(out.results[0]).toMatchObject({ status: 'failed', embedding: null });
    expect(out.results[0]?.reason).toMatch(/^connection error: .*ECONNREFUSED.*\(3 attempts\)$/);
  });

  it('GIVEN a server that is not there at all THEN the stage stops after a run of unreachable posters, saying why', async () => {
    server = await startServer(serveShared);
    const url = server.url;
    await server.close();
    server = undefined;
    const many = jobsFor(sharedPosters().slice(0, UNREACHABLE_IN_A_ROW + 20));
    const err = await processPosters(many, { ...fast, concurrency: 4, source: url }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'POSTER_FAILED' });
    expect((err as Error).message).toMatch(
      /could not be reached for 24 posters in a row.*ECONNREFUSED.*local folder/,
    );
  });

  it('GIVEN the stage gave up on its server THEN downloads and retries still running stop too', async () => {
    let calls = 0;
    const refused = (async () => {
      calls++;
      await new Promise((r) => setTimeout(r, 20));
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof fetch;
    const slowSleep = () => new Promise<void>((r) => setTimeout(r, 100));
    const jobs = Array.from({ length: 100 }, (_, i) => ({
      movieId: i,
      imdbId: '',
      posterPath: `/p${i}.jpg`,
    }));
    const err = await processPosters(jobs, {
      ...fast,
      source: 'http://127.0.0.1:9',
      concurrency: 8,
      retries: 3,
      fetch: refused,
      sleep: slowSleep,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'POSTER_FAILED' });
    const atReject = calls;
    await new Promise((r) => setTimeout(r, 500));
    expect(calls).toBe(atReject);
  });
});

describe('processPosters from a local directory', () => {
  it('GIVEN the shared poster folder THEN posters are found by file name, then imdb id, then movie id', async () => {
    const [a, b] = posters;
    const jobs = [
      { movieId: 11, posterPath: `/${a?.filename}` },
      { movieId: 12, posterPath: '/not-here.jpg', imdbId: b?.imdbId },
      { movieId: 13, posterPath: '/not-here.jpg', imdbId: 'tt0000000' },
    ];
    const { POSTER_DIR } = await import('./helpers.js');
    const out = await processPosters(jobs, { ...fast, source: POSTER_DIR });
    expectEmbedded(out.results[0] as PosterResult);
    expectEmbedded(out.results[1] as PosterResult);
    expect(out.results[2]).toMatchObject({ status: 'missing' });
    expect(out.results[2]?.reason).toContain('tried not-here.jpg, tt0000000.jpg, 13.jpg');
  });

  it('GIVEN no jobs THEN nothing is loaded and the summary is empty', async () => {
    const out = await processPosters([], { source: tmp });
    expect(out).toMatchObject({ results: [], embedded: 0, missing: 0, failed: 0, unsafe: 0 });
  });
});

describe('processPosters with an injected embedder', () => {
  it('GIVEN a caller-owned embedder THEN posters are decoded at its size and it is left open', async () => {
    let calls = 0;
    let closed = false;
    const embedder = {
      inputSize: 32,
      async embed(pixels: Uint8Array, count: number) {
        calls++;
        expect(pixels).toHaveLength(count * 32 * 32 * 3);
        const embeddings = new Float32Array(count * 1280).fill(1 / Math.sqrt(1280));
        const probabilities = Float32Array.from({ length: count * 5 }, (_, i) => (i % 5 === 3 ? 0.9 : 0.025));
        return { embeddings, probabilities };
      },
      async close() {
        closed = true;
      },
    };
    const { POSTER_DIR } = await import('./helpers.js');
    const out = await processPosters(jobsFor(posters.slice(0, 3)), {
      source: POSTER_DIR,
      embedder,
      batchSize: 2,
    });
    expect(out).toMatchObject({ embedded: 3, unsafe: 3 });
    expect(calls).toBe(2);
    expect(closed).toBe(false);
  });
});
