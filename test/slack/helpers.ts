import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { AppDeps } from '../../adapters/app.js';
import { type SlackOptions, slackRoutes, stopSlack } from '../../adapters/slack/index.js';
import { signSlackRequest } from '../../adapters/slack/signature.js';
import { startServer } from '../../adapters/web/server.js';
import { assemble } from '../../index/build/assemble.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import { InMemoryFeedback } from '../../src/feedback/memory.js';
import type { ImpressionEvent, VoteEvent } from '../../src/feedback/port.js';
import type { Logger } from '../../src/logger.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';

export const SECRET = 'test-signing-secret-0123456789abcdef';
export const BOT_TOKEN = 'xoxb-111-222-secretbottoken';

export const engine = new Engine(assemble(TRACKS, MOVIES, new Map()).catalog);

/** One call the fake Slack received: a Web API method or a response_url post. */
export interface FakeCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
  /** What the fake answered chat.postMessage with (channel and ts of the new message). */
  posted?: { channel: string; ts: string };
}

async function bodyOf(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if ((req.headers['content-type'] ?? '').includes('json')) return text ? JSON.parse(text) : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(text)) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v;
  }
  return out;
}

/**
 * A local stand-in for Slack's Web API (at /api/) and response_urls (at /response/…): records every
 * call; chat.postMessage to channel CPRIVATE fails with not_in_channel, like a channel the bot is not in.
 */
export async function startFakeSlack(answers: Record<string, Record<string, unknown>> = {}): Promise<{
  url: string;
  calls: FakeCall[];
  method(name: string): FakeCall[];
  waitFor(pred: (c: FakeCall) => boolean, ms?: number): Promise<FakeCall>;
  close(): Promise<void>;
}> {
  const calls: FakeCall[] = [];
  let ts = 1_700_000_000;
  const waiters: Array<{ pred: (c: FakeCall) => boolean; done: (c: FakeCall) => void }> = [];
  const server: Server = createServer(async (req, res) => {
    const call: FakeCall = {
      path: new URL(req.url ?? '/', 'http://x').pathname,
      authorization: req.headers.authorization,
      body: await bodyOf(req),
    };
    if (call.path === '/api/chat.postMessage' && call.body.channel !== 'CPRIVATE') {
      ts++;
      call.posted = { channel: String(call.body.channel), ts: `${ts}.000100` };
    }
    calls.push(call);
    for (const w of [...waiters])
      if (w.pred(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(call);
      }
    res.setHeader('content-type', 'application/json');
    const answer =
      call.path !== '/api/chat.postMessage'
        ? (answers[call.path.replace('/api/', '')] ?? { ok: true })
        : call.posted
          ? { ok: true, ...call.posted }
          : { ok: false, error: 'not_in_channel' };
    res.end(JSON.stringify(answer));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    calls,
    method: (name) => calls.filter((c) => c.path === `/api/${name}`),
    waitFor: (pred, ms = 3000) => {
      const hit = calls.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('fake Slack: expected call never came')), ms);
        waiters.push({
          pred,
          done: (c) => {
            clearTimeout(t);
            resolve(c);
          },
        });
      });
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Feedback that also counts every call, so duplicates show even where the store replaces. */
export class CountingFeedback extends InMemoryFeedback {
  readonly voteCalls: VoteEvent[] = [];
  readonly impressionCalls: ImpressionEvent[] = [];
  override async vote(e: VoteEvent): Promise<void> {
    this.voteCalls.push(e);
    await super.vote(e);
  }
  override async impression(e: ImpressionEvent): Promise<void> {
    this.impressionCalls.push(e);
    await super.impression(e);
  }
}

/** A logger whose every line lands in `lines`, to check what is (not) logged. */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export interface Harness {
  url: string;
  fake: Awaited<ReturnType<typeof startFakeSlack>>;
  feedback: CountingFeedback;
  lines: string[];
  clock: { now(): number; t: number };
  close(): Promise<void>;
}

/** The real app server on port 0 with only the Slack route, its Web API pointed at a fake. */
export async function startHarness(
  o: { env?: Record<string, string>; options?: SlackOptions } = {},
): Promise<Harness> {
  const fake = await startFakeSlack();
  const clock = {
    t: Date.UTC(2026, 0, 1),
    now() {
      return this.t;
    },
  };
  const config = loadConfig({
    PORT: '0',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: `${fake.url}/api/`,
    COOLDOWN_SECONDS: '0',
    ...o.env,
  });
  const { logger, lines } = capturingLogger();
  const feedback = new CountingFeedback();
  const deps: AppDeps = { config, logger, engine, feedback };
  const server = await startServer({
    config,
    logger,
    engine,
    routes: () => slackRoutes(deps, { clock, ...o.options }),
  });
  return {
    url: `http://127.0.0.1:${server.port}`,
    fake,
    feedback,
    lines,
    clock,
    close: async () => {
      await stopSlack();
      server.server.closeAllConnections();
      await server.close();
      await fake.close();
    },
  };
}

let triggers = 0;

/** A slash command as Slack sends it (form-encoded). */
export function slashCommand(
  h: Harness,
  command: string,
  text: string,
  extra: Record<string, string> = {},
): string {
  triggers++;
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'acme',
    channel_id: 'C0001',
    channel_name: 'general',
    user_id: 'U0001',
    user_name: 'ada',
    command,
    text,
    api_app_id: 'A0001',
    response_url: `${h.fake.url}/response/cmd-${triggers}`,
    trigger_id: `trigger-${triggers}`,
    ...extra,
  }).toString();
}

/** A block_actions click on a button carrying `value` (form-encoded `payload=`). */
export function blockAction(
  h: Harness,
  value: string,
  o: { actionId?: string; ephemeral?: boolean; user?: string } = {},
): string {
  triggers++;
  const payload = {
    type: 'block_actions',
    team: { id: 'T0001', domain: 'acme' },
    user: { id: o.user ?? 'U0002', username: 'grace', team_id: 'T0001' },
    api_app_id: 'A0001',
    token: 'legacy-verification-token',
    container: {
      type: 'message',
      message_ts: '1.000100',
      channel_id: 'C0001',
      is_ephemeral: o.ephemeral ?? false,
    },
    trigger_id: `trigger-${triggers}`,
    channel: { id: 'C0001', name: 'general' },
    response_url: `${h.fake.url}/response/act-${triggers}`,
    actions: [
      {
        type: 'button',
        action_id: o.actionId ?? 'm2m_vote_up',
        block_id: 'b1',
        text: { type: 'plain_text', text: '👍' },
        value,
        action_ts: '1.0',
      },
    ],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

/** An Events API envelope (JSON). */
export function eventEnvelope(eventId: string, event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    api_app_id: 'A0001',
    type: 'event_callback',
    event_id: eventId,
    event_time: 1_767_225_600,
    authorizations: [{ team_id: 'T0001', user_id: 'UBOT', is_bot: true }],
    event,
  });
}

/** POSTs a body to /slack/events signed at the harness clock's time (or as told). */
export async function send(
  h: Harness,
  body: string,
  o: { json?: boolean; secret?: string; timestampSec?: number; headers?: Record<string, string> } = {},
): Promise<Response> {
  const ts = o.timestampSec ?? Math.floor(h.clock.now() / 1000);
  return fetch(`${h.url}/slack/events`, {
    method: 'POST',
    headers: {
      'content-type': o.json ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': signSlackRequest(o.secret ?? SECRET, ts, body),
      ...o.headers,
    },
    body,
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Retries an assertion until it passes (listener work continues after the ack) or `ms` runs out. */
export async function eventually(check: () => void, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      check();
      return;
    } catch (e) {
      if (Date.now() > until) throw e;
      await sleep(10);
    }
  }
}
