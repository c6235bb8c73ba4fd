import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { expect } from 'vitest';
import type { AppDeps } from '../../adapters/app.js';
import { messageProblems } from '../../adapters/discord/limits.js';
import type { MessageData } from '../../adapters/discord/types.js';
import { assemble } from '../../index/build/assemble.js';
import { type Config, loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import { InMemoryFeedback } from '../../src/feedback/memory.js';
import type { Logger } from '../../src/logger.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';

export const engine = new Engine(assemble(TRACKS, MOVIES, new Map()).catalog);
export const BOT_TOKEN = 'MTExMTExMTExMTExMTExMTEx.GgGgGg.bot-token-that-must-never-be-logged';

/** An Ed25519 key pair like the developer portal's, and a signer for requests "from Discord". */
export function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

export function signed(
  privateKey: KeyObject,
  body: string,
  timestamp = String(Math.floor(Date.now() / 1000)),
): Record<string, string> {
  const signature = sign(null, Buffer.from(timestamp + body), privateKey).toString('hex');
  return {
    'content-type': 'application/json',
    'x-signature-ed25519': signature,
    'x-signature-timestamp': timestamp,
  };
}

export function testConfig(env: Record<string, string | undefined> = {}): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', COOLDOWN_SECONDS: '0', ...env });
}

/** A logger whose lines the test can read (to prove secrets never reach them). */
export function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'trace' }, stream), lines };
}

export function deps(config: Config, logger: Logger, feedback = new InMemoryFeedback()): AppDeps {
  return { config, logger, engine, feedback };
}

/** One request the fake Discord API received. */
export interface ApiCall {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

/**
 * A local stand-in for Discord's REST API (base `${url}/api`, version 10): records every call and
 * answers like Discord does for interaction callbacks, webhook edits and follow-ups, command
 * registration (401 for the token "bad") and message fetches (from `messages`).
 */
export async function startFakeDiscord(): Promise<{
  url: string;
  calls: ApiCall[];
  messages: Map<string, unknown>;
  waitFor(pred: (c: ApiCall) => boolean, ms?: number): Promise<ApiCall>;
  close(): Promise<void>;
}> {
  const calls: ApiCall[] = [];
  const messages = new Map<string, unknown>();
  const waiters: Array<{ pred: (c: ApiCall) => boolean; done: (c: ApiCall) => void }> = [];
  const server: Server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname).replace(/^\/api\/v10/, '');
    const call: ApiCall = {
      method: req.method ?? 'GET',
      path,
      authorization: req.headers.authorization,
      body: await readJson(req),
    };
    calls.push(call);
    for (const w of [...waiters])
      if (w.pred(call)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(call);
      }
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (/\/callback$/.test(path) || call.method === 'DELETE') {
      res.writeHead(204);
      return res.end();
    }
    if (path.startsWith('/applications/')) {
      if (call.authorization === 'Bot bad') return json(401, { message: '401: Unauthorized', code: 0 });
      return json(
        200,
        (call.body as Array<Record<string, unknown>>).map((c, i) => ({ id: String(1000 + i), ...c })),
      );
    }
    const msg = /^\/channels\/(\d+)\/messages\/(\d+)$/.exec(path);
    if (msg) {
      const m = messages.get(msg[2] as string);
      return m ? json(200, m) : json(404, { message: 'Unknown Message', code: 10008 });
    }
    if (path.startsWith('/webhooks/'))
      return json(200, fakeMessage('9999', '1', (call.body ?? {}) as object));
    json(404, { message: 'not found', code: 0 });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`,
    calls,
    messages,
    waitFor(pred, ms = 5000) {
      const hit = calls.find(pred);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('fake Discord: expected call never came')), ms);
        waiters.push({
          pred,
          done: (c) => {
            clearTimeout(timer);
            resolve(c);
          },
        });
      });
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}

export const BOT_USER = {
  id: '800000000000000001',
  username: 'music2movie',
  discriminator: '0',
  bot: true,
  avatar: null,
  global_name: null,
};

/** A message as Discord returns it (author, embeds, components…). */
export function fakeMessage(id: string, channelId: string, data: object, author: object = BOT_USER): object {
  return {
    id,
    channel_id: channelId,
    type: 20,
    content: '',
    author,
    attachments: [],
    embeds: [],
    mentions: [],
    mention_roles: [],
    pinned: false,
    mention_everyone: false,
    tts: false,
    timestamp: '2025-01-01T00:00:00.000000+00:00',
    edited_timestamp: null,
    flags: 0,
    components: [],
    ...data,
  };
}

/** Every message a response carries is within Discord's limits. */
export function expectWithinLimits(response: { type: number; data?: unknown }): void {
  if (response.type === 4 || response.type === 7) {
    expect(messageProblems(response.data as MessageData)).toEqual([]);
  }
  if (response.type === 8) {
    const choices = (response.data as { choices: Array<{ name: string; value: string }> }).choices;
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value.length).toBeLessThanOrEqual(100);
    }
  }
}
