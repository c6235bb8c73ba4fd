import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay, MAX_BACKOFF_MS, retryAfterMs } from '../../index/posters/backoff.js';
import { PosterCache } from '../../index/posters/cache.js';
import { readFailureLog, writeFailureLog } from '../../index/posters/failure-log.js';
import { imageBytesProblem, sniffImageKind } from '../../index/posters/image-bytes.js';
import { nsfwScoresAt, unsafeScore } from '../../index/posters/nsfw.js';
import { resolvePosterOptions } from '../../index/posters/options.js';
import { DirectoryPosterSource, posterUrl } from '../../index/posters/sources.js';
import { computePosterStats } from '../../index/posters/stats.js';
import { POSTER_DIR, posterBytes, sharedPosters } from './helpers.js';

const fill = (n: number, rgb: [number, number, number]) =>
  Uint8Array.from({ length: n * 3 }, (_, i) => rgb[i % 3] as number);

describe('computePosterStats', () => {
  it('GIVEN white THEN bright, flat, grey and neutral', () => {
    expect(computePosterStats(fill(100, [255, 255, 255]))).toEqual({
      brightness: 1,
      saturation: 0,
      contrast: 0,
      warmth: 0.5,
      colorfulness: 0,
    });
  });

  it('GIVEN pure red and pure blue THEN warmth reaches its ends and saturation is full', () => {
    const red = computePosterStats(fill(10, [255, 0, 0]));
    const blue = computePosterStats(fill(10, [0, 0, 255]));
    expect(red.warmth).toBe(1);
    expect(blue.warmth).toBe(0);
    expect(red.saturation).toBe(1);
    expect(red.colorfulness).toBeGreaterThan(0.5);
  });

  it('GIVEN half black, half white THEN contrast is at its maximum', () => {
    const px = new Uint8Array(600);
    px.fill(255, 300);
    const s = computePosterStats(px);
    expect(s.contrast).toBeCloseTo(1, 6);
    expect(s.brightness).toBeCloseTo(0.5, 6);
  });
});

describe('image bytes', () => {
  it('GIVEN magic bytes THEN the kind is recognised', async () => {
    const jpeg = await posterBytes(sharedPosters()[0]?.filename ?? '');
    expect(sniffImageKind(jpeg)).toBe('jpeg');
    expect(sniffImageKind(Buffer.from('\x89PNG\r\n\x1a\n....', 'latin1'))).toBe('png');
    expect(sniffImageKind(Buffer.from('RIFF1234WEBPVP8 ', 'latin1'))).toBe('webp');
    expect(sniffImageKind(Buffer.from('{"status_code":34}'))).toBeUndefined();
    expect(imageBytesProblem(jpeg, 'image/jpeg')).toBeUndefined();
    expect(imageBytesProblem(jpeg.subarray(0, 1000))).toBe('truncated JPEG: no end-of-image marker');
    expect(imageBytesProblem(Buffer.alloc(0))).toBe('empty body');
    expect(imageBytesProblem(jpeg, 'application/json; charset=utf-8')).toBe(
      'not an image: content-type application/json',
    );
  });
});

describe('backoff', () => {
  it('GIVEN retries THEN delays double within [half, full] and stop at the cap', () => {
    expect(backoffDelay(0, 500, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, () => 0.999)).toBeCloseTo(500, 0);
    expect(backoffDelay(3, 500, () => 0)).toBe(2000);
    expect(backoffDelay(20, 500, () => 1)).toBe(MAX_BACKOFF_MS);
  });

  it('GIVEN Retry-After in seconds or as a date THEN milliseconds, capped', () => {
    const now = Date.UTC(2024, 0, 1);
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs(new Date(now + 5000).toUTCString(), now)).toBe(5000);
    expect(retryAfterMs('3600', now)).toBe(MAX_BACKOFF_MS);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(null, now)).toBeUndefined();
  });
});

describe('failure log', () => {
  it('GIVEN reasons with commas, quotes and newlines THEN they survive a write and read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'posters-log-'));
    const path = join(dir, 'nested', 'posters-failed.csv');
    try {
      expect(await readFailureLog(path)).toBeUndefined();
      const rows = [
        { id: 7, url: 'http://x/w185/a.jpg', reason: 'HTTP 503, then "timed out"' },
        { id: 8, url: 'http://x/w185/b.jpg', reason: 'line one\nline two' },
      ];
      await writeFailureLog(path, rows);
      expect(await readFailureLog(path)).toEqual([rows[0], { ...rows[1], reason: 'line one line two' }]);
      await writeFailureLog(path, []);
      expect(await readFile(path, 'utf8')).toBe('id,url,reason\n');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('sources, cache and options', () => {
  it('GIVEN a TMDb base THEN the URL is <base>/<size><poster_path>', () => {
    expect(posterUrl('https://image.tmdb.org/t/p/', 'w185', '/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg')).toBe(
      'https://image.tmdb.org/t/p/w185/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg',
    );
  });

  it('GIVEN a poster path with directories THEN the directory source only uses its base name', () => {
    const source = new DirectoryPosterSource(POSTER_DIR);
    expect(source.candidates({ movieId: 5, posterPath: '/../../etc/passwd', imdbId: 'tt1' })).toEqual([
      join(POSTER_DIR, 'passwd'),
      join(POSTER_DIR, 'tt1.jpg'),
      join(POSTER_DIR, '5.jpg'),
    ]);
  });

  it('GIVEN an odd poster path THEN the cache file name is a hash inside the cache dir', () => {
    const cache = new PosterCache('/c');
    expect(cache.pathFor('w185', '/abc.jpg')).toBe('/c/w185/abc.jpg');
    expect(cache.pathFor('w185', '/..')).toMatch(/^\/c\/w185\/[0-9a-f]{32}\.img$/);
  });

  it('GIVEN bad options THEN one error lists every problem', () => {
    expect(() => resolvePosterOptions({ source: 'x', inputSize: 100, workers: 0, size: '../x' })).toThrow(
      /size must look like.*workers must be an integer >= 1.*inputSize must be a multiple of 32/,
    );
  });

  it('GIVEN class probabilities THEN scores are read in nsfwjs order and unsafe counts sexy half', () => {
    const probs = Float32Array.from([0.1, 0.1, 0.6, 0.1, 0.1, 0, 0.3, 0, 0.3, 0.4]);
    const second = nsfwScoresAt(probs, 1);
    expect(second).toEqual({
      drawing: 0,
      hentai: expect.closeTo(0.3),
      neutral: 0,
      porn: expect.closeTo(0.3),
      sexy: expect.closeTo(0.4),
    });
    expect(unsafeScore(second)).toBeCloseTo(0.8);
  });
});
