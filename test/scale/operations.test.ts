import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics, meteredFeedback } from '../../adapters/metrics.js';
import { startServer } from '../../adapters/web/server.js';
import { InMemoryFeedback } from '../../src/feedback/memory.js';
import { capturingLogger, engine, testConfig } from '../discord/helpers.js';

/** Probes, metrics and request ids on the real server (port 0), without Redis. */
const { logger, lines } = capturingLogger();
let ready = true;
const metrics = createMetrics({
  feedbackStats: () => ({ queued: 7, written: 0, dropped: 0, failedAttempts: 0, available: true }),
  failOpen: () => 2,
});
const app = await startServer({
  config: testConfig(),
  logger,
  engine,
  metrics,
  handleSignals: false,
  readiness: async () => ({ store: ready }),
  routes: () => [],
});
const url = `http://127.0.0.1:${app.port}`;
afterAll(() => app.close());

describe('operations endpoints', () => {
  it('GIVEN the store answers THEN /readyz is 200, and 503 naming the store when it does not', async () => {
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    const ok = await fetch(`${url}/readyz`);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ ok: true, store: true, movies: engine.catalog.movies.length });
    ready = false;
    const down = await fetch(`${url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ ok: false, code: 'STORE_UNREACHABLE', store: false });
    ready = true;
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('GIVEN a request THEN /metrics counts it by route and shows queue depth and fail-open checks', async () => {
    await fetch(`${url}/healthz`);
    await fetch(`${url}/no/such/path/${Math.random()}`);
    const r = await fetch(`${url}/metrics`);
    expect(r.headers.get('content-type')).toContain('text/plain');
    const text = await r.text();
    expect(text).toMatch(
      /m2m_http_requests_total\{route="\/healthz",platform="http",method="GET",status="200"\} \d+/,
    );
    expect(text).toMatch(
      /m2m_http_requests_total\{route="other",platform="http",method="GET",status="404"\} \d+/,
    );
    expect(text).toContain('m2m_feedback_queue_depth 7');
    expect(text).toContain('m2m_safety_fail_open 2');
  });

  it('GIVEN x-request-id THEN it is echoed and logged; without one a fresh id is made', async () => {
    const given = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'lb-abc.123' } });
    expect(given.headers.get('x-request-id')).toBe('lb-abc.123');
    expect(lines.some((l) => l.includes('"reqId":"lb-abc.123"'))).toBe(true);
    const made = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'bad id <script>' } });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GIVEN votes through the metered feedback port THEN they are counted by platform and value', async () => {
    const m = createMetrics();
    const port = meteredFeedback(new InMemoryFeedback(), m);
    await port.vote({ platform: 'slack', userId: 'U1', trackId: 'T', tmdbId: 1, value: 'down' });
    expect(await m.registry.metrics()).toMatch(/m2m_votes_total\{platform="slack",value="down"\} 1/);
  });
});
