import { afterEach, describe, expect, it } from 'vitest';
import { type DownloadSettings, downloadImage } from '../../index/posters/http-download.js';
import { posterBytes, sharedPosters, startServer, type TestServer } from './helpers.js';

const poster = sharedPosters()[0]?.filename ?? '';
let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function settings(sleeps: number[], overrides: Partial<DownloadSettings> = {}): DownloadSettings {
  return {
    fetch: globalThis.fetch,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    clock: { now: () => Date.UTC(2024, 0, 1) },
    retries: 3,
    retryBaseMs: 100,
    timeoutMs: 500,
    logger: { debug() {}, info() {}, warn() {} },
    ...overrides,
  };
}

describe('downloadImage', () => {
  it('GIVEN 500, 502 then 200 THEN it succeeds on the third attempt after two growing backoffs', async () => {
    server = await startServer(async (_req, res, attempt) => {
      if (attempt < 3) res.writeHead(attempt === 1 ? 500 : 502).end();
      else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(await posterBytes(poster));
    });
    const sleeps: number[] = [];
    const out = await downloadImage(`${server.url}/w185/a.jpg`, settings(sleeps));
    expect(out.kind).toBe('ok');
    expect(server.requests).toHaveLength(3);
    expect(sleeps).toEqual([75, 150]); // base 100 * 2^n, half fixed + half jitter at random() = 0.5
  });

  it('GIVEN 404 THEN missing after a single request', async () => {
    server = await startServer((_req, res) => void res.writeHead(404).end());
    const sleeps: number[] = [];
    const out = await downloadImage(`${server.url}/w185/a.jpg`, settings(sleeps));
    expect(out).toMatchObject({ kind: 'missing' });
    expect(out.kind !== 'ok' && out.error.code).toBe('POSTER_FAILED');
    expect(server.requests).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('GIVEN 403 THEN failed at once, since asking again will not help', async () => {
    server = await startServer((_req, res) => void res.writeHead(403).end());
    const out = await downloadImage(`${server.url}/w185/a.jpg`, settings([]));
    expect(out.kind !== 'ok' && out.error.message).toBe('HTTP 403');
    expect(server.requests).toHaveLength(1);
  });

  it('GIVEN 429 with Retry-After THEN it waits as long as the server asks', async () => {
    server = await startServer(async (_req, res, attempt) => {
      if (attempt === 1) res.writeHead(429, { 'retry-after': '2' }).end();
      else res.writeHead(200, { 'content-type': 'image/jpeg' }).end(await posterBytes(poster));
    });
    const sleeps: number[] = [];
    const out = await downloadImage(`${server.url}/w185/a.jpg`, settings(sleeps));
    expect(out.kind).toBe('ok');
    expect(sleeps).toEqual([2000]);
  });

  it('GIVEN a server that sends headers then stalls the body THEN the timeout covers the body too', async () => {
    server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '5000' });
      res.write(Buffer.from([0xff, 0xd8, 0xff]));
    });
    const out = await downloadImage(`${server.url}/w185/a.jpg`, settings([], { retries: 1, timeoutMs: 200 }));
    expect(out.kind !== 'ok' && out.error.message).toBe('timed out after 200 ms (2 attempts)');
    // The server answered: a slow body is this poster's trouble, not a sign the server is gone.
    expect(out.kind !== 'ok' && out.unreachable).toBeFalsy();
  });

  it('GIVEN an HTML error page with its own content type THEN failed naming the content type', async () => {
    server = await startServer(
      (_req, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>'),
    );
    const out = await downloadImage(`${server.url}/w185/a.jpg`, settings([]));
    expect(out.kind !== 'ok' && out.error.message).toBe('not an image: content-type text/html');
    expect(server.requests).toHaveLength(1);
  });

  it('GIVEN an injected fetch that throws THEN the error is a value with a readable reason', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ENOTFOUND' } });
    }) as unknown as typeof globalThis.fetch;
    const out = await downloadImage(
      'https://image.tmdb.org/t/p/w185/a.jpg',
      settings([], { fetch, retries: 1 }),
    );
    expect(out.kind !== 'ok' && out.error.message).toBe(
      'connection error: fetch failed (ENOTFOUND) (2 attempts)',
    );
    expect(out.kind !== 'ok' && out.unreachable).toBe(true);
  });
});
