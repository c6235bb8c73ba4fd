import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCustomId } from '../../adapters/discord/custom-id.js';
import { INTERACTIONS_PATH } from '../../adapters/discord/index.js';
import { signSlackRequest } from '../../adapters/slack/signature.js';
import { assemble } from '../../index/build/assemble.js';
import { writeIndex } from '../../index/write-index.js';
import { keyPair, signed, startFakeDiscord } from '../discord/helpers.js';
import { APP_ID, button, command, str } from '../discord/payloads.js';
import { startRedis } from '../feedback/redis-server.js';
import { cli } from '../helpers/cli.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';
import { startFakeSlack } from '../slack/helpers.js';
import { type AppProcess, startAppProcess, transpiledCli } from './app-process.js';

/**
 * Two real app processes on one real redis-server, as behind a load balancer: a replayed
 * interaction is processed once, a cooldown set through one holds on the other, and votes through
 * both land in one report.
 */
const redis = await startRedis();
const key = keyPair();
let root: string;
let env: Record<string, string>;
let a: AppProcess;
let b: AppProcess;
const closers: Array<() => Promise<unknown>> = [];
let slack: Awaited<ReturnType<typeof startFakeSlack>>;
const SLACK_SECRET = 'scale-signing-secret-0123456789abcdef';

function postSlack(app: AppProcess, body: string, json: boolean, headers: Record<string, string> = {}) {
  const ts = Math.floor(Date.now() / 1000);
  return fetch(`${app.url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': json ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(SLACK_SECRET, ts, body),
      ...headers,
    },
    body,
  });
}

interface Reply {
  type: number;
  data?: { content?: string; components?: Array<{ components: Array<{ custom_id?: string }> }> };
}

async function post(app: AppProcess, raw: string, headers: Record<string, string>) {
  const r = await fetch(`${app.url}${INTERACTIONS_PATH}`, { method: 'POST', headers, body: raw });
  return { status: r.status, body: (await r.json()) as Reply & { code?: string } };
}
const send = (app: AppProcess, payload: unknown) => {
  const raw = JSON.stringify(payload);
  return post(app, raw, signed(key.privateKey, raw));
};

describe.skipIf(!redis)('two app processes sharing one Redis', () => {
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'm2m-scale-'));
    const fake = await startFakeDiscord();
    closers.push(fake.close);
    slack = await startFakeSlack();
    closers.push(slack.close);
    env = {
      INDEX_DIR: join(root, 'index'),
      DATA_DIR: join(root, 'data'),
      REDIS_URL: redis?.url as string,
      FEEDBACK_SALT: 'scale-salt',
      DISCORD_PUBLIC_KEY: key.publicHex,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_API_URL: fake.url,
      COOLDOWN_SECONDS: '30',
      SLACK_SIGNING_SECRET: SLACK_SECRET,
      SLACK_BOT_TOKEN: 'xoxb-111-222-scale',
      SLACK_API_URL: `${slack.url}/api/`,
      // A small web API budget (a 10 s window of 10 requests in Redis) so one burst shows it is
      // shared, with seconds of slack for a loaded CI machine.
      WEB_RATE_PER_SECOND: '1',
      WEB_RATE_BURST: '10',
    };
    const [, built] = await Promise.all([
      writeIndex(env.INDEX_DIR as string, {
        assembled: assemble(TRACKS, MOVIES, new Map()),
        dataHashes: {},
        posters: { embedded: 0, missing: 0, failed: 0, unsafe: 0 },
        settings: {},
      }),
      transpiledCli(),
    ]);
    closers.push(() => rm(built.dir, { recursive: true, force: true }));
    [a, b] = await Promise.all([startAppProcess(built.main, env), startAppProcess(built.main, env)]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    for (const c of closers) await c();
    await redis?.dispose();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('GIVEN both processes THEN each answers its probes on its own port', async () => {
    expect(a.url).not.toBe(b.url);
    for (const app of [a, b]) {
      expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    }
  });

  it('GIVEN one signed interaction sent to both processes at once THEN exactly one processes it', async () => {
    const raw = JSON.stringify(
      command('movie-for', [str('song', 'Days I Will Remember')], '600000000000000101'),
    );
    const headers = signed(key.privateKey, raw);
    const results = await Promise.all([post(a, raw, headers), post(b, raw, headers)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('REPLAYED');
    // And a later retry to either is refused too.
    expect((await post(a, raw, headers)).status).toBe(409);
    expect((await post(b, raw, headers)).status).toBe(409);
  });

  it('GIVEN /movie-for through A THEN the same user through B within the cooldown is told to wait', async () => {
    const user = '600000000000000102';
    const first = await send(a, command('movie-for', [str('song', 'Days I Will Remember')], user));
    expect(first.status).toBe(200);
    expect(first.body.data?.content ?? '').not.toContain('try again in');
    const second = await send(b, command('movie-for', [str('song', 'Days I Will Remember')], user));
    expect(second.status).toBe(200);
    expect(second.body.data?.content).toMatch(/Easy there — try again in \d+ s\./);
    // Another user is not held back.
    const other = await send(
      b,
      command('movie-for', [str('song', 'Days I Will Remember')], '600000000000000103'),
    );
    expect(other.body.data?.content ?? '').not.toContain('try again in');
  });

  it('GIVEN a Slack event retried to the other process THEN it is handled once', async () => {
    const event = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T0001',
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: 'EvScale001',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
      event: { type: 'app_home_opened', user: 'U0009', channel: 'D0009', tab: 'home', event_ts: '1.0' },
    });
    expect((await postSlack(a, event, true)).status).toBe(200);
    await slack.waitFor((c) => c.path === '/api/views.publish');
    const retry = { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' };
    expect((await postSlack(b, event, true, retry)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300));
    expect(slack.method('views.publish')).toHaveLength(1);
  });

  it('GIVEN a Slack slash command through A THEN the same user through B within the cooldown is told to wait', async () => {
    const command = (n: number) =>
      new URLSearchParams({
        team_id: 'T0001',
        channel_id: 'C0001',
        user_id: 'U0010',
        user_name: 'ada',
        command: '/movie-for',
        text: 'Days I Will Remember',
        api_app_id: 'A0001',
        response_url: `${slack.url}/response/scale-${n}`,
        trigger_id: `scale-trigger-${n}`,
      }).toString();
    const first = await postSlack(a, command(1), false);
    expect(first.status).toBe(200);
    expect(await first.text()).not.toContain('try again in');
    const second = await postSlack(b, command(2), false);
    expect(second.status).toBe(200);
    expect(await second.text()).toMatch(/One at a time: try again in \d+ s\./);
  });

  it('GIVEN votes through both processes THEN `feedback report` over Redis counts them all', async () => {
    const reply = await send(
      a,
      command('movie-for', [str('song', 'Days I Will Remember')], '600000000000000104'),
    );
    const ids = (reply.body.data?.components ?? []).flatMap((r) =>
      r.components.map((c) => c.custom_id ?? ''),
    );
    const up = ids.find((id) => id.endsWith(':u')) as string;
    expect(parseCustomId(up)?.kind).toBe('vote');
    const votes = await Promise.all([
      send(a, button(up, '600000000000000105')),
      send(b, button(up, '600000000000000106')),
      send(b, button(up.replace(/:u$/, ':d'), '600000000000000107')),
    ]);
    expect(votes.map((v) => v.status)).toEqual([200, 200, 200]);
    let report: Record<string, unknown> = {};
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const r = await cli(['feedback', 'report', '--json'], env);
      expect(r.code, r.err).toBe(0);
      report = JSON.parse(r.out);
      if (report.votes === 3) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(report).toMatchObject({ votes: 3, up: 2, down: 1 });
  });

  it('GIVEN a Slack answer posted through A THEN a 👍 on it sent to B is counted as a vote', async () => {
    const report = async () => {
      const r = await cli(['feedback', 'report', '--json'], env);
      expect(r.code, r.err).toBe(0);
      return JSON.parse(r.out) as { impressions: number; votes: number; up: number };
    };
    const until = async (done: (r: Awaited<ReturnType<typeof report>>) => boolean) => {
      let r = await report();
      const deadline = Date.now() + 10_000;
      while (!done(r) && Date.now() < deadline) {
        await new Promise((res) => setTimeout(res, 200));
        r = await report();
      }
      return r;
    };
    const before = await report();
    const body = new URLSearchParams({
      team_id: 'T0001',
      channel_id: 'C0042',
      user_id: 'U0042',
      user_name: 'grace',
      command: '/movie-for',
      text: 'Days I Will Remember',
      api_app_id: 'A0001',
      response_url: `${slack.url}/response/scale-answer`,
      trigger_id: 'scale-trigger-answer',
    }).toString();
    expect((await postSlack(a, body, false)).status).toBe(200);
    const posted = await slack.waitFor(
      (c) => c.path === '/api/chat.postMessage' && c.body.channel === 'C0042',
    );
    expect(posted.posted).toBeDefined();
    // A records the impression after it remembers the answer: once it is in, B can find the answer.
    await until((r) => r.impressions > before.impressions);
    const reaction = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: 'T0001',
      api_app_id: 'A0001',
      type: 'event_callback',
      event_id: 'EvScaleReaction1',
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
      event: {
        type: 'reaction_added',
        user: 'U0043',
        reaction: '+1',
        item: { type: 'message', ...posted.posted },
        item_user: 'UBOT',
        event_ts: '2.0',
      },
    });
    expect((await postSlack(b, reaction, true)).status).toBe(200);
    const after = await until((r) => r.votes > before.votes);
    expect(after).toMatchObject({ votes: before.votes + 1, up: before.up + 1 });
  });

  it('GIVEN a burst of web API requests split across A and B THEN one shared budget limits them', async () => {
    // Start early in a 10 s window so the burst cannot straddle two of them.
    while (Date.now() % 10_000 > 1500) await new Promise((r) => setTimeout(r, 50));
    const responses = await Promise.all(
      Array.from({ length: 30 }, (_, i) => fetch(`${(i % 2 ? a : b).url}/api/genres`)),
    );
    const statuses = responses.map((r) => r.status);
    // Each process alone would allow 10 of its 15; together they allow 10 of the 30.
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
    const refused = responses.find((r) => r.status === 429);
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    await Promise.all(responses.map((r) => r.body?.cancel()));
  });

  it('GIVEN traffic THEN each process exposes Prometheus metrics and a ready store', async () => {
    const text = await (await fetch(`${b.url}/metrics`)).text();
    expect(text).toMatch(
      /m2m_http_requests_total\{route="\/discord\/interactions",platform="discord",method="POST",status="200"\} \d+/,
    );
    expect(text).toMatch(/m2m_votes_total\{platform="discord",value="up"\} 1/);
    expect(text).toContain('m2m_request_duration_seconds_bucket');
    expect(text).toMatch(/m2m_feedback_queue_depth \d+/);
    expect(await (await fetch(`${a.url}/readyz`)).json()).toMatchObject({ ok: true, store: true });
  });

  it('GIVEN SIGTERM THEN each process drains and exits 0', async () => {
    expect(await a.stop()).toBe(0);
    expect(await b.stop()).toBe(0);
  });
});
