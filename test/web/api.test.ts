import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../../adapters/web/server.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { startTestApp } from '../helpers/app.js';
import { tid } from '../helpers/fixtures.js';

let app: Awaited<ReturnType<typeof startTestApp>>;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.close());

const get = (path: string) => fetch(`${app.url}${path}`);
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field below.
const body = async (r: Response | Promise<Response>): Promise<any> => (await r).json();

describe('web API', () => {
  it('GIVEN the page THEN it is served with a strict Content-Security-Policy and no inline script', async () => {
    const r = await get('/');
    expect(r.status).toBe(200);
    const csp = r.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await r.text();
    expect(html).toContain('<script src="/app.js"');
    expect(html).not.toMatch(/<script>[^<]/);
    expect((await get('/app.js')).status).toBe(200);
  });

  it('GIVEN probes THEN healthz and readyz answer', async () => {
    expect(await body(get('/healthz'))).toEqual({ ok: true });
    expect(await body(get('/readyz'))).toMatchObject({ ok: true, movies: 12, songs: 10 });
  });

  it('GIVEN a prefix THEN /api/songs suggests songs, with filters', async () => {
    const days = await body(get('/api/songs?q=days'));
    expect(days.songs[0].trackName).toBe('Days I Will Remember');
    const kpop = await body(get('/api/songs?genre=k-pop'));
    expect(kpop.songs.map((s: { trackName: string }) => s.trackName)).toEqual(['Seoul Nights']);
    const badRange = await get('/api/songs?tempo=fast');
    expect(badRange.status).toBe(400);
    expect((await body(badRange)).code).toBe('BAD_INPUT');
    const backwards = await get('/api/songs?popularity=90-10');
    expect(backwards.status).toBe(400);
    expect((await body(backwards)).message).toContain('runs backwards');
  });

  it('GIVEN a track id THEN /api/recommend returns films and records an impression', async () => {
    const r = await get(`/api/recommend?track_id=${tid(1)}&k=3`);
    expect(r.status).toBe(200);
    const rec = await body(r);
    expect(rec.movies).toHaveLength(3);
    expect(app.feedback.impressions.at(-1)).toMatchObject({ platform: 'web', trackId: tid(1), firstRank: 1 });
    // A later page is recorded with where it starts, so reports don't count it as a top five.
    const page = await body(await get(`/api/recommend?track_id=${tid(1)}&k=2&offset=3`));
    expect(page.movies[0].rank).toBe(4);
    expect(app.feedback.impressions.at(-1)).toMatchObject({
      firstRank: 4,
      tmdbIds: page.movies.map((m: { tmdbId: number }) => m.tmdbId),
    });
  });

  it('GIVEN bad or unknown input THEN JSON errors with codes and statuses', async () => {
    expect((await get('/api/recommend')).status).toBe(400);
    expect((await get('/api/recommend?track_id=x&k=999')).status).toBe(400);
    const missing = await get('/api/recommend?song=no%20such%20song%20at%20all');
    expect(missing.status).toBe(404);
    expect((await body(missing)).code).toBe('SONG_NOT_FOUND');
    const ambiguous = await get('/api/recommend?song=Hello');
    expect(ambiguous.status).toBe(409);
    expect((await body(ambiguous)).candidates).toHaveLength(2);
    expect((await get('/api/nope')).status).toBe(404);
    expect((await fetch(`${app.url}/api/songs`, { method: 'POST' })).status).toBe(405);
  });

  it('GIVEN a vote THEN it is stored; malformed, unknown and oversized votes are refused', async () => {
    const post = (body: string) => fetch(`${app.url}/api/feedback`, { method: 'POST', body });
    expect((await post(JSON.stringify({ trackId: tid(2), tmdbId: 2, value: 'up' }))).status).toBe(200);
    expect([...app.feedback.votes.values()].at(-1)).toMatchObject({
      platform: 'web',
      userId: 'ip:127.0.0.1',
      trackId: tid(2),
      tmdbId: 2,
      value: 'up',
    });
    expect((await post('{not json')).status).toBe(400);
    expect((await post(JSON.stringify({ trackId: tid(2), tmdbId: 2, value: 'maybe' }))).status).toBe(400);
    expect((await post(JSON.stringify({ trackId: tid(2), tmdbId: 999, value: 'up' }))).status).toBe(404);
    const huge = await post(JSON.stringify({ trackId: 'x'.repeat(10_000), tmdbId: 1, value: 'up' }));
    expect(huge.status).toBe(413);
  });

  it('GIVEN a burst from one client THEN requests beyond the limit get 429 with Retry-After', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await get('/api/genres')).status);
    expect(statuses).toContain(429);
    const limited = await get('/api/genres');
    if (limited.status === 429) expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('GIVEN no index THEN the API says how to build one and the page still loads', async () => {
    const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', INDEX_DIR: '/nonexistent/index' });
    const bare = await startServer({ config, logger: silentLogger, handleSignals: false });
    try {
      const base = `http://127.0.0.1:${bare.port}`;
      expect((await fetch(`${base}/`)).status).toBe(200);
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect((await body(ready)).message).toContain('music2movie build');
      expect((await fetch(`${base}/api/songs?q=a`)).status).toBe(503);
    } finally {
      await bare.close();
    }
  });
});
