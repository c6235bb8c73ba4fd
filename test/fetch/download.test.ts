import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { downloadFile } from '../../src/data/fetch/index.js';
import { otherVersion, validatorOf } from '../../src/data/fetch/part-validator.js';
import { AppError } from '../../src/errors.js';
import { payload, sha256, useTestBed } from './helpers/fixtures.js';
import { serveBytes, serveThenCut } from './helpers/http-server.js';

const bed = useTestBed();
/** Fast retries so failure paths finish in milliseconds. */
const quick = { backoffMs: 5, timeoutMs: 2_000 };

describe('downloadFile', () => {
  it('GIVEN a plain server THEN saves the file, reports size, sha256 and progress, and leaves no .part', async () => {
    const body = payload(300_000);
    const server = await bed.server((req, res) => serveBytes(res, req, body));
    const dest = join(bed.dir(), 'nested', 'file.bin');
    const progress: [number, number | undefined][] = [];

    const result = await downloadFile({
      url: `${server.url}/file.bin`,
      dest,
      expectedSize: body.length,
      sha256: sha256(body),
      onProgress: (received, total) => progress.push([received, total]),
      ...quick,
    });

    expect(result).toEqual({ path: dest, bytes: body.length, sha256: sha256(body), resumedFrom: 0 });
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(progress.at(-1)).toEqual([body.length, body.length]);
    expect(server.requests[0]?.headers.range).toBeUndefined();
    expect(server.requests[0]?.headers['accept-encoding']).toBe('identity');
  });

  it('GIVEN extra headers THEN sends them', async () => {
    const body = payload(1_000);
    const server = await bed.server((req, res) => serveBytes(res, req, body));
    await downloadFile({
      url: `${server.url}/f`,
      dest: join(bed.dir(), 'f'),
      headers: { authorization: 'Bearer abc' },
      ...quick,
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer abc');
  });

  it('GIVEN the connection drops halfway THEN resumes with a Range request and the file is byte-identical', async () => {
    const body = payload(1_000_000);
    const half = body.length / 2;
    const server = await bed.server((req, res, { n }) => {
      if (n === 1) serveThenCut(res, body, half);
      else serveBytes(res, req, body);
    });
    const dest = join(bed.dir(), 'file.bin');

    const result = await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests).toHaveLength(2);
    const range = /^bytes=(\d+)-$/.exec(server.requests[1]?.headers.range ?? '');
    expect(range).not.toBeNull();
    const resumedAt = Number(range?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(half);
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(result.bytes).toBe(body.length);
  });

  it('GIVEN a .part from an earlier run THEN asks only for the rest', async () => {
    const body = payload(200_000);
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, body.subarray(0, 50_000));
    const server = await bed.server((req, res) => serveBytes(res, req, body));

    const result = await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests[0]?.headers.range).toBe('bytes=50000-');
    expect(result.resumedFrom).toBe(50_000);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('GIVEN a cut download with an ETag THEN the resume sends If-Range with it and the version tag goes with the file', async () => {
    const body = payload(400_000);
    const server = await bed.server((req, res, { n }) => {
      if (n === 1) serveThenCut(res, body, 100_000, { etag: '"v1"' });
      else serveBytes(res, req, body, undefined, { etag: '"v1"' });
    });
    const dest = join(bed.dir(), 'file.bin');
    await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });
    expect(server.requests[1]?.headers['if-range']).toBe('"v1"');
    expect(server.requests[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect((await readFile(dest)).equals(body)).toBe(true);
    expect(existsSync(`${dest}.part.validator`)).toBe(false);
  });

  it('GIVEN a .part of an older upstream version THEN the server sends the new file whole and nothing is spliced', async () => {
    const old = payload(200_000);
    const now = Buffer.from(payload(260_000).reverse());
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, old.subarray(0, 50_000));
    await writeFile(`${dest}.part.validator`, '"v1"');
    const server = await bed.server((req, res) => serveBytes(res, req, now, undefined, { etag: '"v2"' }));
    const result = await downloadFile({ url: `${server.url}/f`, dest, ...quick });
    expect(server.requests[0]?.headers['if-range']).toBe('"v1"');
    expect(server.requests).toHaveLength(1);
    expect((await readFile(dest)).equals(now)).toBe(true);
    expect(result.sha256).toBe(sha256(now));
  });

  it('GIVEN a server that ignores If-Range and sends a slice of a newer version THEN starts over', async () => {
    const old = payload(200_000);
    const now = Buffer.from(payload(200_000).reverse());
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, old.subarray(0, 50_000));
    await writeFile(`${dest}.part.validator`, '"v1"');
    const server = await bed.server((req, res) =>
      serveBytes(res, req, now, undefined, { etag: '"v2"', honourIfRange: false }),
    );
    await downloadFile({ url: `${server.url}/f`, dest, ...quick });
    expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=50000-', undefined]);
    expect((await readFile(dest)).equals(now)).toBe(true);
  });

  it('GIVEN a server that ignores Range (200) THEN starts over from zero and does not append', async () => {
    const body = payload(200_000);
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, Buffer.alloc(50_000, 7));
    const server = await bed.server((_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    });

    await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests[0]?.headers.range).toBe('bytes=50000-');
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('GIVEN a complete .part and a 416 whose total matches THEN finishes without downloading again', async () => {
    const body = payload(10_000);
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, body);
    const server = await bed.server((req, res) => serveBytes(res, req, body));

    const result = await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.headers.range).toBe('bytes=10000-');
    expect(result.bytes).toBe(body.length);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('GIVEN a .part longer than the file and a 416 THEN discards it and downloads afresh', async () => {
    const body = payload(10_000);
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, Buffer.alloc(15_000, 1));
    const server = await bed.server((req, res) => serveBytes(res, req, body));

    await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=15000-', undefined]);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('GIVEN a 206 for a different range than asked THEN discards the .part and starts over', async () => {
    const body = payload(10_000);
    const dest = join(bed.dir(), 'file.bin');
    await writeFile(`${dest}.part`, body.subarray(0, 4_000));
    const server = await bed.server((req, res, { n }) => {
      if (n === 1) {
        res.writeHead(206, { 'content-range': `bytes 0-9999/${body.length}`, 'content-length': body.length });
        res.end(body);
      } else serveBytes(res, req, body);
    });

    await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests.map((r) => r.headers.range)).toEqual(['bytes=4000-', undefined]);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('GIVEN the wrong sha256 THEN fails with CHECKSUM_MISMATCH naming both sums and removes the .part', async () => {
    const body = payload(5_000);
    const server = await bed.server((req, res) => serveBytes(res, req, body));
    const dest = join(bed.dir(), 'file.bin');
    const wrong = 'a'.repeat(64);

    const error = await downloadFile({ url: `${server.url}/f`, dest, sha256: wrong, ...quick }).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('CHECKSUM_MISMATCH');
    expect(error.message).toContain(wrong);
    expect(error.message).toContain(sha256(body));
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(existsSync(dest)).toBe(false);
  });

  it('GIVEN an expectedSize the server disagrees with THEN fails with DOWNLOAD_FAILED naming both sizes', async () => {
    const body = payload(5_000);
    const server = await bed.server((req, res) => serveBytes(res, req, body));

    const error = await downloadFile({
      url: `${server.url}/f`,
      dest: join(bed.dir(), 'f'),
      expectedSize: 4_000,
      ...quick,
    }).catch((e) => e);

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toMatch(/expected 4000 bytes.*5000/);
  });

  it('GIVEN a 404 THEN fails at once with the URL, the status and a hint that the dataset may have moved', async () => {
    const server = await bed.server((_req, res) => {
      res.writeHead(404);
      res.end('nope');
    });

    const error = await downloadFile({
      url: `${server.url}/gone.csv`,
      dest: join(bed.dir(), 'f'),
      ...quick,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain(`${server.url}/gone.csv`);
    expect(error.message).toContain('HTTP 404');
    expect(error.message).toContain('may have moved');
    expect(server.requests).toHaveLength(1);
  });

  it('GIVEN a 401 THEN fails at once mentioning credentials', async () => {
    const server = await bed.server((_req, res) => {
      res.writeHead(401);
      res.end();
    });

    const error = await downloadFile({ url: `${server.url}/f`, dest: join(bed.dir(), 'f'), ...quick }).catch(
      (e) => e,
    );

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('credentials');
    expect(error.details).toMatchObject({ status: 401 });
    expect(server.requests).toHaveLength(1);
  });

  it('GIVEN a signed URL THEN the error message leaves out its query string', async () => {
    const server = await bed.server((_req, res) => {
      res.writeHead(403);
      res.end();
    });

    const error = await downloadFile({
      url: `${server.url}/f?token=xyz`,
      dest: join(bed.dir(), 'f'),
      ...quick,
    }).catch((e) => e);

    expect(error.message).toContain('HTTP 403');
    expect(error.message).not.toContain('xyz');
  });

  it('GIVEN user:password in the URL THEN fails with BAD_INPUT, without a request and without the password', async () => {
    const server = await bed.server((_req, res) => res.end());
    const url = server.url.replace('http://', 'http://user:secret@');

    const error = await downloadFile({ url: `${url}/f`, dest: join(bed.dir(), 'f'), ...quick }).catch(
      (e) => e,
    );

    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).not.toContain('secret');
    expect(server.requests).toHaveLength(0);
  });

  it('GIVEN two 503s then success THEN retries and succeeds', async () => {
    const body = payload(20_000);
    const server = await bed.server((req, res, { n }) => {
      if (n <= 2) {
        res.writeHead(503);
        res.end();
      } else serveBytes(res, req, body);
    });
    const dest = join(bed.dir(), 'f');

    await downloadFile({ url: `${server.url}/f`, dest, sha256: sha256(body), ...quick });

    expect(server.requests).toHaveLength(3);
    expect((await readFile(dest)).equals(body)).toBe(true);
  });

  it('GIVEN a server that keeps failing THEN gives up after the allowed retries with the last status', async () => {
    const server = await bed.server((_req, res) => {
      res.writeHead(500);
      res.end();
    });

    const error = await downloadFile({
      url: `${server.url}/f`,
      dest: join(bed.dir(), 'f'),
      retries: 2,
      ...quick,
    }).catch((e) => e);

    expect(server.requests).toHaveLength(3);
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('HTTP 500');
    expect(error.message).toContain('Gave up after 3 attempts');
  });

  it('GIVEN nothing listening THEN fails with DOWNLOAD_FAILED after retrying', async () => {
    const server = await bed.server(() => undefined);
    const url = `${server.url}/f`;
    await server.close();

    const error = await downloadFile({ url, dest: join(bed.dir(), 'f'), retries: 1, ...quick }).catch(
      (e) => e,
    );

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain('Gave up after 2 attempts');
  });

  it('GIVEN a server that stalls mid-body THEN times out and keeps the bytes for a later resume', async () => {
    const body = payload(100_000);
    const server = await bed.server((_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 40_000)); // …and never another byte
    });
    const dest = join(bed.dir(), 'f');

    const started = Date.now();
    const error = await downloadFile({
      url: `${server.url}/f`,
      dest,
      retries: 0,
      timeoutMs: 200,
      backoffMs: 5,
    }).catch((e) => e);

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('stalled');
    expect(existsSync(`${dest}.part`)).toBe(true);
    expect(existsSync(dest)).toBe(false);
  });

  it('GIVEN a server that never answers THEN times out waiting for the headers', async () => {
    const server = await bed.server(() => undefined);

    const error = await downloadFile({
      url: `${server.url}/f`,
      dest: join(bed.dir(), 'f'),
      retries: 1,
      timeoutMs: 150,
      backoffMs: 5,
    }).catch((e) => e);

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('stalled');
    expect(server.requests).toHaveLength(2);
  });

  it('GIVEN an abort signal THEN stops without retrying and keeps the .part', async () => {
    const body = payload(100_000);
    const controller = new AbortController();
    const server = await bed.server((_req, res) => {
      res.writeHead(200, { 'content-length': body.length });
      res.write(body.subarray(0, 10_000), () => controller.abort(new Error('user cancelled')));
    });
    const dest = join(bed.dir(), 'f');

    const error = await downloadFile({
      url: `${server.url}/f`,
      dest,
      signal: controller.signal,
      ...quick,
    }).catch((e) => e);

    expect(error.message).toBe('user cancelled');
    expect(server.requests).toHaveLength(1);
  });

  it("GIVEN an abort while waiting to retry THEN stops with the caller's reason", async () => {
    const controller = new AbortController();
    const server = await bed.server((_req, res) => {
      res.writeHead(503);
      res.end();
      setTimeout(() => controller.abort(new Error('user cancelled')), 20);
    });

    const error = await downloadFile({
      url: `${server.url}/f`,
      dest: join(bed.dir(), 'f'),
      signal: controller.signal,
      backoffMs: 10_000,
    }).catch((e) => e);

    expect(error.message).toBe('user cancelled');
    expect(server.requests).toHaveLength(1);
  });

  it('GIVEN a validate hook that rejects THEN the error surfaces and the .part is removed', async () => {
    const body = Buffer.from('<html>login</html>');
    const server = await bed.server((req, res) => serveBytes(res, req, body));
    const dest = join(bed.dir(), 'f');

    const error = await downloadFile({
      url: `${server.url}/f`,
      dest,
      validate: async () => {
        throw new AppError('NOT_CSV', 'not csv');
      },
      ...quick,
    }).catch((e) => e);

    expect(error.code).toBe('NOT_CSV');
    expect(existsSync(`${dest}.part`)).toBe(false);
    expect(existsSync(dest)).toBe(false);
  });
});

describe('validatorOf', () => {
  it('GIVEN a strong ETag THEN it; a weak one cannot be used in If-Range, so Last-Modified; neither THEN none', () => {
    const r = (h: Record<string, string>) => new Response(null, { headers: h });
    expect(validatorOf(r({ etag: '"abc"', 'last-modified': 'Mon, 30 Nov 2026 10:00:00 GMT' }))).toBe('"abc"');
    expect(validatorOf(r({ etag: 'W/"abc"', 'last-modified': 'Mon, 30 Nov 2026 10:00:00 GMT' }))).toBe(
      'Mon, 30 Nov 2026 10:00:00 GMT',
    );
    expect(validatorOf(r({ etag: 'W/"abc"' }))).toBeUndefined();
  });

  it('GIVEN a stored tag THEN only a response tag of the same kind can say the version changed', () => {
    const r = (h: Record<string, string>) => new Response(null, { headers: h });
    const date = 'Mon, 30 Nov 2026 10:00:00 GMT';
    expect(otherVersion('"v1"', r({ etag: '"v2"' }))).toBe(true);
    expect(otherVersion('"v1"', r({ etag: '"v1"', 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }))).toBe(
      false,
    );
    expect(otherVersion('"v1"', r({ etag: 'W/"v2"' }))).toBe(false);
    expect(otherVersion(date, r({ etag: '"new-strong-etag"', 'last-modified': date }))).toBe(false);
    expect(otherVersion(date, r({ 'last-modified': 'Tue, 01 Dec 2026 10:00:00 GMT' }))).toBe(true);
    expect(otherVersion(date, r({}))).toBe(false);
  });
});
