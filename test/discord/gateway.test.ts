import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCustomId } from '../../adapters/discord/custom-id.js';
import { InFlight } from '../../adapters/discord/in-flight.js';
import {
  type DiscordGateway,
  loginFailure,
  startDiscord,
  startDiscordGateway,
  stopDiscord,
} from '../../adapters/discord/index.js';
import { InMemoryFeedback } from '../../src/feedback/memory.js';
import type { VoteEvent } from '../../src/feedback/port.js';
import { silentLogger } from '../../src/logger.js';
import { tid } from '../helpers/fixtures.js';
import {
  BOT_TOKEN,
  BOT_USER,
  capturingLogger,
  deps,
  expectWithinLimits,
  fakeMessage,
  startFakeDiscord,
  testConfig,
} from './helpers.js';
import {
  APP_ID,
  autocomplete,
  button,
  CHANNEL_ID,
  command,
  GUILD_ID,
  guildCreate,
  member,
  ready,
  str,
} from './payloads.js';

type Fake = Awaited<ReturnType<typeof startFakeDiscord>>;
type Actions = Record<string, { handle(data: unknown): unknown }>;
interface Callback {
  type: number;
  data?: { content?: string; flags?: number; embeds?: unknown[]; components?: unknown; choices?: unknown[] };
}

let fake: Fake;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(() => fake.close());

/** A gateway bound to the handler, not logged in: events come from discord.js's own action handlers. */
async function gateway(feedback = new InMemoryFeedback(), deferAfterMs?: number) {
  const config = testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.url });
  const inFlight = new InFlight();
  const gw: DiscordGateway = await startDiscordGateway(deps(config, silentLogger, feedback), {
    login: false,
    inFlight,
    deferAfterMs,
  });
  // The start of a session as the gateway delivers it: READY (the bot's user), then GUILD_CREATE
  // (with the Guilds intent, how the server's channels get cached). Then the token login would set.
  const ws = gw.client.ws as unknown as { handlePacket(p: unknown, shard: unknown): boolean };
  const shard = { id: 0, checkReady() {} };
  ws.handlePacket({ t: 'READY', d: ready(BOT_USER) }, shard);
  ws.handlePacket({ t: 'GUILD_CREATE', d: guildCreate() }, shard);
  gw.client.rest.setToken(BOT_TOKEN);
  // INTERACTION_CREATE and MESSAGE_REACTION_ADD packets go straight to these actions.
  const actions = (gw.client as unknown as { actions: Actions }).actions;
  return {
    gw,
    feedback,
    inFlight,
    /** Emits the payload as the gateway would (INTERACTION_CREATE) and waits for the replies. */
    async interact(payload: { id: string; token: string }): Promise<Callback> {
      actions.InteractionCreate?.handle(payload);
      await inFlight.drain();
      const call = fake.calls.find((c) => c.path === `/interactions/${payload.id}/${payload.token}/callback`);
      if (!call) throw new Error('no callback was posted');
      expect(call.method).toBe('POST');
      expect(call.authorization).toBeUndefined();
      expectWithinLimits(call.body as Callback);
      return call.body as Callback;
    },
    async react(messageId: string, emoji: string, userId = '600000000000000077', bot = false) {
      const m = member(userId);
      actions.MessageReactionAdd?.handle({
        type: 0,
        user_id: userId,
        message_id: messageId,
        channel_id: CHANNEL_ID,
        guild_id: GUILD_ID,
        emoji: { name: emoji, id: null },
        member: { ...m, user: { ...m.user, bot } },
        burst: false,
        burst_colors: [],
      });
      await inFlight.drain();
    },
  };
}

describe('gateway mode', () => {
  let g: Awaited<ReturnType<typeof gateway>>;
  beforeAll(async () => {
    g = await gateway();
  });
  afterAll(() => g.gw.stop());

  it('GIVEN the client THEN it asks only for the Guilds and GuildMessageReactions intents, with partials for old messages', () => {
    expect(g.gw.client.options.intents.toArray().sort()).toEqual(['GuildMessageReactions', 'Guilds']);
    expect(g.gw.client.options.partials?.length).toBeGreaterThanOrEqual(3);
  });

  it('GIVEN /movie-for over the gateway THEN the same reply as the HTTP endpoint, posted to the interaction callback', async () => {
    const body = await g.interact(command('movie-for', [str('song', 'Days I Will Remember')]));
    expect(body.type).toBe(4);
    expect(body.data?.content).toContain('**Days I Will Remember** — Tyrone Wells');
    expect(body.data?.embeds).toHaveLength(5);
    await expect.poll(() => g.feedback.impressions.length).toBe(1);
  });

  it('GIVEN autocomplete over the gateway THEN choices come back in the callback', async () => {
    const body = await g.interact(autocomplete('movie-for', [str('song', 'lull', true)]));
    expect(body).toEqual({
      type: 8,
      data: { choices: [{ name: 'Lullaby — Sleepy', value: `track:${tid(10)}` }] },
    });
  });

  it('GIVEN a 👎 button THEN the vote is stored and acknowledged ephemerally', async () => {
    const body = await g.interact(button(`m2m:v1:vote:${tid(2)}:2:d`, '600000000000000055'));
    expect(body.data?.flags).toBe(64);
    expect([...g.feedback.votes.values()]).toContainEqual(
      expect.objectContaining({ userId: '600000000000000055', trackId: tid(2), tmdbId: 2, value: 'down' }),
    );
    const expired = await g.interact(button('m2m:v1:vote:junk'));
    expect(expired.data?.content).toContain('expired');
  });

  it('GIVEN 👍 on a reply sent before a restart (not cached) THEN the message is fetched and each film on it gets the vote', async () => {
    const reply = await g.interact(command('movie-for', [str('song', 'Lullaby')]));
    fake.messages.set('730000000000000001', fakeMessage('730000000000000001', CHANNEL_ID, reply.data ?? {}));
    await g.react('730000000000000001', '👍🏼');
    expect(
      fake.calls.some(
        (c) => c.method === 'GET' && c.path === `/channels/${CHANNEL_ID}/messages/730000000000000001`,
      ),
    ).toBe(true);
    const mine = [...g.feedback.votes.values()].filter((v) => v.userId === '600000000000000077');
    expect(mine).toHaveLength(5);
    expect(new Set(mine.map((v) => `${v.trackId}|${v.value}`))).toEqual(new Set([`${tid(10)}|up`]));
  });

  it('GIVEN other emoji, a bot reacting, or a message someone else wrote THEN no vote', async () => {
    const reply = await g.interact(command('movie-for', [str('song', 'Party Rockin')]));
    fake.messages.set('730000000000000002', fakeMessage('730000000000000002', CHANNEL_ID, reply.data ?? {}));
    fake.messages.set(
      '730000000000000003',
      fakeMessage('730000000000000003', CHANNEL_ID, reply.data ?? {}, {
        ...BOT_USER,
        id: '1234',
        username: 'copycat',
      }),
    );
    const before = g.feedback.votes.size;
    await g.react('730000000000000002', '🎉', '600000000000000088');
    await g.react('730000000000000002', '👍', '600000000000000089', true);
    await g.react('730000000000000003', '👍', '600000000000000088');
    expect(g.feedback.votes.size).toBe(before);
    // The same message, a person, a thumb: that one counts.
    await g.react('730000000000000002', '👎', '600000000000000088');
    expect(g.feedback.votes.size).toBe(before + 5);
  });
});

describe('gateway mode: slow work and shutdown', () => {
  it('GIVEN a slow store THEN the callback defers, the result is PATCHed, and stop() waits for it before disconnecting', async () => {
    class SlowFeedback extends InMemoryFeedback {
      override async vote(e: VoteEvent): Promise<void> {
        await new Promise((r) => setTimeout(r, 250));
        await super.vote(e);
      }
    }
    const g = await gateway(new SlowFeedback(), 30);
    const actions = (g.gw.client as unknown as { actions: Actions }).actions;
    const p = button(`m2m:v1:vote:${tid(1)}:9:u`);
    actions.InteractionCreate?.handle(p);
    await g.gw.stop();
    const mine = fake.calls.filter((c) => c.path.includes(p.token));
    expect(mine.map((c) => c.method)).toEqual(['POST', 'PATCH']);
    expect(mine[0]?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(mine[1]?.path).toBe(`/webhooks/${APP_ID}/${p.token}/messages/@original`);
    expect(g.feedback.votes.size).toBe(1);
    // After stop, nothing more is taken.
    const late = command('movie-help');
    actions.InteractionCreate?.handle(late);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.calls.some((c) => c.path.includes(late.token))).toBe(false);
  });

  it('GIVEN custom_ids from a reply THEN they are the stateless kind that survive a restart', async () => {
    const g = await gateway();
    const reply = await g.interact(command('movie-for', [str('song', 'Seoul Nights')]));
    const ids = JSON.stringify(reply.data?.components).match(/m2m:v1:[^"]+/g) ?? [];
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(parseCustomId(id)).toBeDefined();
    await g.gw.stop();
  });
});

describe('npm start with DISCORD_TOKEN', () => {
  it('GIVEN a gateway that will not connect THEN retries with back-off, says why in words, never logs the token', async () => {
    const { logger, lines } = capturingLogger();
    const config = testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.url });
    await expect(startDiscord(deps(config, logger), { firstMs: 10, maxMs: 20, attempts: 2 })).resolves.toBe(
      false,
    );
    const logs = lines.join('');
    expect(logs).toContain('discord gateway could not connect (network or Discord side); retrying');
    expect(logs).toContain('"retryInMs":10');
    expect(logs).toContain('discord gateway could not connect (network or Discord side); giving up');
    expect(logs).not.toContain(BOT_TOKEN);
    await expect(stopDiscord()).resolves.toBeUndefined();
  });

  it('GIVEN startDiscord called twice THEN the second joins the first, and one stop ends both', async () => {
    const { logger } = capturingLogger();
    const config = testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.url });
    const first = startDiscord(deps(config, logger), { firstMs: 60_000, maxMs: 60_000 });
    const second = startDiscord(deps(config, logger), { firstMs: 60_000, maxMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stopDiscord();
    await expect(Promise.all([first, second])).resolves.toEqual([false, false]);
  });

  it('GIVEN the app stops while a retry waits THEN the wait ends at once', async () => {
    const { logger } = capturingLogger();
    const config = testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_API_URL: fake.url });
    const started = performance.now();
    const connecting = startDiscord(deps(config, logger), { firstMs: 60_000, maxMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await stopDiscord();
    await expect(connecting).resolves.toBe(false);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('GIVEN a refused token or intents THEN no retry and a message that says what to fix; network errors retry', () => {
    expect(
      loginFailure(Object.assign(new Error('An invalid token was provided.'), { code: 'TokenInvalid' })),
    ).toEqual({
      retry: false,
      message: expect.stringContaining('refused DISCORD_TOKEN'),
    });
    expect(loginFailure({ status: 401, message: '401: Unauthorized' }).retry).toBe(false);
    expect(loginFailure({ code: 'DisallowedIntents' }).message).toContain('intents');
    // @discordjs/ws rejects with plain errors for these.
    expect(loginFailure(new Error('Used disallowed intents')).retry).toBe(false);
    expect(
      loginFailure(Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } })).retry,
    ).toBe(true);
  });
});
