import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCustomId } from '../../adapters/discord/custom-id.js';
import { discordRoutes, INTERACTIONS_PATH } from '../../adapters/discord/index.js';
import { createFeedbackStore } from '../../adapters/store/feedback-store.js';
import { startServer } from '../../adapters/web/server.js';
import { assemble } from '../../index/build/assemble.js';
import { writeIndex } from '../../index/write-index.js';
import type { FeedbackStore } from '../../src/feedback/port.js';
import { silentLogger } from '../../src/logger.js';
import { engine, keyPair, signed, startFakeDiscord, testConfig } from '../discord/helpers.js';
import { button, command, str } from '../discord/payloads.js';
import { cli } from '../helpers/cli.js';
import { MOVIES, TRACKS, tid } from '../helpers/fixtures.js';

/**
 * End to end: a thumb clicked in Discord goes through the Discord adapter into the real SQLite
 * feedback store, and `music2movie feedback report` (another "process" on the same file) changes.
 */
const key = keyPair();
const USER = '600000000000000077';
let root: string;
let env: Record<string, string>;
let store: FeedbackStore;
let post: (
  payload: unknown,
) => Promise<{ type: number; data?: { components?: Array<{ components: Array<{ custom_id: string }> }> } }>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'm2m-e2e-'));
  env = { DATA_DIR: join(root, 'data'), INDEX_DIR: join(root, 'index'), FEEDBACK_SALT: 'e2e-salt' };
  await writeIndex(env.INDEX_DIR as string, {
    assembled: assemble(TRACKS, MOVIES, new Map()),
    dataHashes: {},
    posters: { embedded: 0, missing: 0, failed: 0, unsafe: 0 },
    settings: {},
  });
  const fake = await startFakeDiscord();
  closers.push(fake.close);
  const config = testConfig({ ...env, DISCORD_PUBLIC_KEY: key.publicHex, DISCORD_API_URL: fake.url });
  store = await createFeedbackStore(config, silentLogger);
  closers.push(() => store.close());
  const deps = { config, logger: silentLogger, engine, feedback: store };
  const server = await startServer({
    config,
    logger: silentLogger,
    engine,
    routes: () => discordRoutes(deps),
    handleSignals: false,
  });
  closers.unshift(server.close);
  post = async (payload) => {
    const raw = JSON.stringify(payload);
    const r = await fetch(`http://127.0.0.1:${server.port}${INTERACTIONS_PATH}`, {
      method: 'POST',
      headers: signed(key.privateKey, raw),
      body: raw,
    });
    expect(r.status).toBe(200);
    return r.json() as never;
  };
});
afterAll(async () => {
  for (const c of closers) await c();
  await rm(root, { recursive: true, force: true });
});

async function report(): Promise<
  Record<string, unknown> & { byPlatform: Record<string, Record<string, unknown>> }
> {
  const r = await cli(['feedback', 'report', '--json'], env);
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
}

describe('a Discord vote, end to end, to the feedback report', () => {
  it('GIVEN /movie-for and a 👍 then a 👎 on the same film THEN the report counts the impression and the latest vote', async () => {
    expect(await report()).toMatchObject({ impressions: 0, votes: 0, precisionAt5: null });

    const reply = await post(command('movie-for', [str('song', 'Days I Will Remember')], USER));
    const ids = (reply.data?.components ?? []).flatMap((r) => r.components.map((c) => c.custom_id));
    const up = ids.find((id) => id.endsWith(':u')) as string;
    const film = parseCustomId(up);
    expect(film?.kind).toBe('vote');

    await post(button(up, USER));
    expect(await store.flush()).toBe(true);
    const first = await report();
    expect(first).toMatchObject({ impressions: 1, votes: 1, up: 1, down: 0, precisionAt5: 1, recall: 1 });
    expect(first.byPlatform.discord).toMatchObject({ impressions: 1, votes: 1, up: 1 });

    await post(button(up.replace(/:u$/, ':d'), USER)); // the same user changes their mind
    expect(await store.flush()).toBe(true);
    expect(await report()).toMatchObject({
      impressions: 1,
      votes: 1,
      up: 0,
      down: 1,
      precisionAt5: 0,
      recall: null,
    });

    const csv = await cli(['feedback', 'export'], env);
    expect(csv.out).toContain(`,discord,`);
    expect(csv.out).toContain(`,${tid(1)},${film?.kind === 'vote' ? film.tmdbId : ''},down,0,`);
    expect(csv.out).not.toContain(USER);
  });
});
