import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { isAppError } from '../../src/errors.js';
import { startTestApp } from '../helpers/app.js';
import { tid } from '../helpers/fixtures.js';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  // Many cookie-less requests from 127.0.0.1 here; the cap has a test of its own below.
  app = await startTestApp({ WEB_NEW_VOTERS_PER_HOUR: '1000' });
});
afterAll(() => app.close());

const vote = (headers: Record<string, string>, value: 'up' | 'down' = 'up', base = app.url) =>
  fetch(`${base}/api/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ trackId: tid(3), tmdbId: 3, value }),
  });
const votesFor = (a: typeof app) =>
  [...a.feedback.votes.values()].filter((v) => v.trackId === tid(3) && v.tmdbId === 3);
const cookieOf = (r: Response) => (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';

describe('who a web vote belongs to', () => {
  it('GIVEN four votes with different x-client-id from one client THEN they count as one voter', async () => {
    app.feedback.votes.clear();
    for (const id of ['a', 'b', 'c', 'd']) expect((await vote({ 'x-client-id': id })).status).toBe(200);
    expect(votesFor(app)).toHaveLength(1);
    expect(votesFor(app)[0]?.userId).toBe('ip:127.0.0.1');
  });

  it('GIVEN the page THEN it sets an HttpOnly, SameSite=Lax voter cookie, and votes with it are that voter', async () => {
    app.feedback.votes.clear();
    const page = await fetch(`${app.url}/`);
    const setCookie = page.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(
      /^m2m_voter=[\w-]{22}\.[\w-]{22}; Path=\/; Max-Age=\d+; HttpOnly; SameSite=Lax$/,
    );
    const cookie = cookieOf(page);
    const first = await vote({ cookie, 'x-client-id': 'x' });
    expect(first.headers.get('set-cookie')).toBeNull();
    await vote({ cookie, 'x-client-id': 'y' }, 'down');
    expect(votesFor(app)).toHaveLength(1);
    expect(votesFor(app)[0]).toMatchObject({
      userId: `c:${cookie.split('=')[1]?.split('.')[0]}`,
      value: 'down',
    });
  });

  it('GIVEN made-up or tampered cookies THEN each counts as the caller’s address, one voter', async () => {
    app.feedback.votes.clear();
    const issued = cookieOf(await fetch(`${app.url}/api/genres`));
    expect(issued).toMatch(/^m2m_voter=/);
    const [id, mac] = (issued.split('=')[1] ?? '').split('.');
    const forged = [
      'm2m_voter=AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA',
      `m2m_voter=BBBBBBBBBBBBBBBBBBBBBB.${mac}`,
      `m2m_voter=${id}.${mac?.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))}`,
      `m2m_voter=${id}`,
    ];
    for (const cookie of forged) {
      const r = await vote({ cookie });
      expect(r.status).toBe(200);
      // A fresh, signed cookie is offered instead of the bad one.
      expect(r.headers.get('set-cookie')).toMatch(/^m2m_voter=/);
    }
    expect(votesFor(app).map((v) => v.userId)).toEqual(['ip:127.0.0.1']);
  });

  it('GIVEN a recommendation THEN the impression is recorded for the same voter as the votes', async () => {
    const cookie = cookieOf(await fetch(`${app.url}/`));
    await fetch(`${app.url}/api/recommend?track_id=${tid(1)}&k=3`, { headers: { cookie } });
    expect(app.feedback.impressions.at(-1)?.userId).toBe(`c:${cookie.split('=')[1]?.split('.')[0]}`);
  });

  it('GIVEN X-Forwarded-For without TRUST_PROXY THEN it is ignored', async () => {
    app.feedback.votes.clear();
    for (const ip of ['10.0.0.1', '10.0.0.2']) await vote({ 'x-forwarded-for': ip });
    expect(votesFor(app).map((v) => v.userId)).toEqual(['ip:127.0.0.1']);
  });
});

describe('TRUST_PROXY', () => {
  it('GIVEN bad values THEN configuration fails; true means one proxy', () => {
    expect(loadConfig({}).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'false' }).trustProxy).toBe(0);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    for (const bad of ['yes', '-1', '10']) {
      try {
        loadConfig({ TRUST_PROXY: bad });
        expect.unreachable(`TRUST_PROXY=${bad} was accepted`);
      } catch (e) {
        expect(isAppError(e) && e.code).toBe('CONFIG_INVALID');
        expect((e as Error).message).toContain('TRUST_PROXY');
      }
    }
  });

  it('GIVEN one trusted proxy THEN the rate limit and votes key on the address it appended, not on spoofed entries', async () => {
    const proxied = await startTestApp({
      TRUST_PROXY: '1',
      WEB_RATE_PER_SECOND: '0.01',
      WEB_RATE_BURST: '2',
    });
    try {
      const get = (xff: string) =>
        fetch(`${proxied.url}/api/genres`, { headers: { 'x-forwarded-for': xff } });
      expect((await get('203.0.113.7')).status).toBe(200);
      expect((await get('198.51.100.1, 203.0.113.7')).status).toBe(200);
      // Spoofed entries to the left do not buy a new budget: still 203.0.113.7.
      expect((await get('198.51.100.2, 203.0.113.7')).status).toBe(429);
      // Another user behind the same proxy has a budget of their own.
      expect((await get('203.0.113.8')).status).toBe(200);
      // Not an address: the socket peer (127.0.0.1) is used.
      expect((await get('not-an-ip')).status).toBe(200);
      await vote({ 'x-forwarded-for': '203.0.113.8' }, 'up', proxied.url);
      expect(votesFor(proxied).map((v) => v.userId)).toEqual(['ip:203.0.113.8']);
    } finally {
      await proxied.close();
    }
  });
});

describe('voter cookies at scale and across processes', () => {
  it('GIVEN one address asking for more new ids than allowed THEN no more cookies; its votes count as the address', async () => {
    const capped = await startTestApp({ WEB_NEW_VOTERS_PER_HOUR: '2' });
    try {
      const pages = await Promise.all([1, 2, 3, 4].map(() => fetch(`${capped.url}/`)));
      const cookies = pages.map(cookieOf).filter((c) => c.startsWith('m2m_voter='));
      expect(cookies).toHaveLength(2);
      // The API refuses to mint more too, and a cookie-less vote is the address.
      const r = await vote({}, 'up', capped.url);
      expect(r.headers.get('set-cookie')).toBeNull();
      expect(votesFor(capped).map((v) => v.userId)).toEqual(['ip:127.0.0.1']);
      // Cookies already issued keep working.
      await vote({ cookie: cookies[0] as string }, 'down', capped.url);
      expect(votesFor(capped)).toHaveLength(2);
    } finally {
      await capped.close();
    }
  });

  it('GIVEN no FEEDBACK_SALT THEN another process does not accept the cookie; with a shared salt it does', async () => {
    const [a, b] = await Promise.all([startTestApp(), startTestApp()]);
    const [c, d] = await Promise.all([
      startTestApp({ FEEDBACK_SALT: 'shared-secret-salt' }),
      startTestApp({ FEEDBACK_SALT: 'shared-secret-salt' }),
    ]);
    try {
      const fromA = cookieOf(await fetch(`${a.url}/`));
      await vote({ cookie: fromA }, 'up', b.url);
      expect(votesFor(b).map((v) => v.userId)).toEqual(['ip:127.0.0.1']);
      const fromC = cookieOf(await fetch(`${c.url}/`));
      await vote({ cookie: fromC }, 'up', d.url);
      expect(votesFor(d).map((v) => v.userId)).toEqual([`c:${fromC.split('=')[1]?.split('.')[0]}`]);
    } finally {
      await Promise.all([a, b, c, d].map((x) => x.close()));
    }
  });

  it('GIVEN a trusted proxy THEN X-Forwarded-For with a port is read, and https via X-Forwarded-Proto makes the cookie Secure', async () => {
    const proxied = await startTestApp({ TRUST_PROXY: '1' });
    try {
      await vote({ 'x-forwarded-for': '203.0.113.9:5555' }, 'up', proxied.url);
      await vote({ 'x-forwarded-for': '[2001:db8::1]:443' }, 'down', proxied.url);
      expect(votesFor(proxied).map((v) => v.userId)).toEqual(['ip:203.0.113.9', 'ip:2001:db8::1']);
      const https = await fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers.get('set-cookie')).toMatch(/; Secure$/);
      const http = await fetch(`${proxied.url}/`, { headers: { 'x-forwarded-proto': 'http' } });
      expect(http.headers.get('set-cookie')).not.toMatch(/Secure/);
    } finally {
      await proxied.close();
    }
  });
});
