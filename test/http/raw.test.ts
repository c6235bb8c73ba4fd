import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp } from '../helpers/app.js';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

/** Writes raw bytes on one connection; resolves with all bytes read once the server closes it. */
function raw(...writes: string[]): Promise<{ text: string; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const s = connect(app.port, '127.0.0.1', () => {
      for (const w of writes) s.write(w);
    });
    let text = '';
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      text += d;
    });
    s.on('end', () => resolve({ text, closedByServer: true }));
    s.on('error', reject);
    s.setTimeout(8000, () => {
      s.destroy();
      resolve({ text, closedByServer: false });
    });
  });
}

const statuses = (text: string) => [...text.matchAll(/^HTTP\/1\.1 (\d{3})/gm)].map((m) => Number(m[1]));
const jsonBodies = (text: string) =>
  [...text.matchAll(/\{"code":"[^"]*","message":"[^"]*"\}/g)].map((m) => JSON.parse(m[0]));

describe('raw request targets', () => {
  it.each(['//', '//[', '//x:99999', '*', 'http://['])(
    'GIVEN the target %s THEN 400 with a code and message, and the same connection serves the next request',
    async (target) => {
      const r = await raw(
        `GET ${target} HTTP/1.1\r\nHost: x\r\n\r\n`,
        'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
      );
      expect(statuses(r.text)).toEqual([400, 200]);
      expect(jsonBodies(r.text)[0]).toEqual({
        code: 'BAD_REQUEST',
        message: 'The request target is not a valid path.',
      });
      expect(r.text).toContain('{"ok":true}');
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    },
  );

  it('GIVEN a target that looks like a host ("//host/healthz") THEN it is not routed by its path part', async () => {
    const r = await raw('GET //evil.example/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statuses(r.text)).toEqual([400]);
  });

  it('GIVEN an absolute-form target THEN it is routed by its path', async () => {
    const r = await raw('GET http://x/healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statuses(r.text)).toEqual([200]);
  });
});

describe('oversized request bodies', () => {
  const big = 'x'.repeat(10_000);
  const expect413 = (r: { text: string; closedByServer: boolean }) => {
    expect(statuses(r.text)).toEqual([413]);
    expect(r.text.toLowerCase()).toContain('connection: close');
    expect(jsonBodies(r.text)[0]).toMatchObject({ code: 'BAD_INPUT' });
    expect(jsonBodies(r.text)[0].message).toContain('too large');
    expect(r.closedByServer).toBe(true);
  };

  it('GIVEN a chunked body over the limit THEN 413 with the error body, then the connection closes', async () => {
    const r = await raw(
      `POST /api/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${big.length.toString(16)}\r\n${big}\r\n0\r\n\r\n`,
    );
    expect413(r);
  });

  it('GIVEN a chunked body that never ends THEN 413 still arrives and the connection closes', async () => {
    const r = await raw(
      `POST /api/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`,
      `${big.length.toString(16)}\r\n${big}\r\n`,
    );
    expect413(r);
  });

  it('GIVEN a Content-Length over the limit THEN 413 with the error body, then the connection closes', async () => {
    const r = await raw(`POST /api/feedback HTTP/1.1\r\nHost: x\r\nContent-Length: 10000\r\n\r\n${big}`);
    expect413(r);
    expect(jsonBodies(r.text)[0].message).toContain('10000 bytes');
  });

  it('GIVEN a body within the limit THEN it is read whole, chunked or not', async () => {
    const vote = JSON.stringify({ trackId: app.engine.catalog.songs[0]?.trackId, tmdbId: 1, value: 'up' });
    const chunked = await raw(
      `POST /api/feedback HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`,
      `${vote.length.toString(16)}\r\n${vote}\r\n0\r\n\r\n`,
    );
    expect(statuses(chunked.text)).toEqual([200]);
    const plain = await fetch(`${app.url}/api/feedback`, { method: 'POST', body: vote });
    expect(plain.status).toBe(200);
  });

  it('GIVEN a large body through fetch THEN the client reads the 413 rather than a reset', async () => {
    const r = await fetch(`${app.url}/api/feedback`, { method: 'POST', body: 'y'.repeat(2_000_000) });
    expect(r.status).toBe(413);
    expect(r.headers.get('connection')).toBe('close');
    expect(await r.json()).toMatchObject({ code: 'BAD_INPUT' });
  });
});
