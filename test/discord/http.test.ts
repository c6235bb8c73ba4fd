import type { APIEmbed } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRoutes } from '../../adapters/app.js';
import { parseCustomId } from '../../adapters/discord/custom-id.js';
import { InFlight } from '../../adapters/discord/in-flight.js';
import { type DiscordOverrides, discordRoutes, INTERACTIONS_PATH } from '../../adapters/discord/index.js';
import { createSafetyStores, type SafetyStores } from '../../adapters/store/redis-safety.js';
import { startServer } from '../../adapters/web/server.js';
import { HELP_TEXT } from '../../commands/help.js';
import { Engine } from '../../src/engine/engine.js';
import { InMemoryFeedback } from '../../src/feedback/memory.js';
import type { VoteEvent } from '../../src/feedback/port.js';
import { silentLogger } from '../../src/logger.js';
import type { CooldownPort } from '../../src/safety/cooldown.js';
import { tid } from '../helpers/fixtures.js';
import {
  BOT_TOKEN,
  capturingLogger,
  deps,
  engine,
  expectWithinLimits,
  keyPair,
  signed,
  startFakeDiscord,
  testConfig,
} from './helpers.js';
import { APP_ID, autocomplete, bool, button, command, int, ping, str } from './payloads.js';

interface Data {
  content?: string;
  flags?: number;
  embeds?: APIEmbed[];
  components?: Array<{ components: Array<{ custom_id: string }> }>;
  choices?: Array<{ name: string; value: string }>;
}
type Json = { type: number; data?: Data; code?: string; message?: string };

const key = keyPair();
let fake: Awaited<ReturnType<typeof startFakeDiscord>>;
const closers: Array<() => Promise<void>> = [];

beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(async () => {
  for (const c of closers) await c();
  await fake.close();
});

interface Served {
  url: string;
  feedback: InMemoryFeedback;
  lines: string[];
  post(
    payload: unknown,
    o?: { key?: typeof key; raw?: string; timestamp?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json }>;
}

async function serve(
  o: DiscordOverrides & {
    env?: Record<string, string>;
    engine?: Engine;
    feedback?: InMemoryFeedback;
    safety?: SafetyStores;
  } = {},
): Promise<Served> {
  const config = testConfig({ DISCORD_PUBLIC_KEY: key.publicHex, DISCORD_API_URL: fake.url, ...o.env });
  const { logger, lines } = capturingLogger();
  const feedback = o.feedback ?? new InMemoryFeedback();
  const d = { ...deps(config, logger, feedback), engine: o.engine ?? engine, safety: o.safety };
  const s = await startServer({
    config,
    logger,
    engine: d.engine,
    routes: () => discordRoutes(d, o),
    handleSignals: false,
  });
  closers.push(s.close);
  const url = `http://127.0.0.1:${s.port}${INTERACTIONS_PATH}`;
  return {
    url,
    feedback,
    lines,
    async post(payload, p = {}) {
      const raw = p.raw ?? JSON.stringify(payload);
      const headers = { ...signed((p.key ?? key).privateKey, raw, p.timestamp), ...p.headers };
      const r = await fetch(url, { method: 'POST', headers, body: raw });
      const body = (await r.json()) as Json;
      if (r.status === 200) expectWithinLimits(body);
      return { status: r.status, body };
    },
  };
}

const EPHEMERAL = 64;
const customIds = (body: Json): string[] =>
  (body.data?.components ?? []).flatMap((r) => r.components.map((c) => c.custom_id));

describe('POST /discord/interactions: the requests Discord sends', () => {
  let s: Served;
  beforeAll(async () => {
    s = await serve();
  });

  it('GIVEN a signed PING THEN answers PONG', async () => {
    expect(await s.post(ping())).toEqual({ status: 200, body: { type: 1 } });
  });

  it('GIVEN /movie-for song:"Days I Will Remember" THEN a public reply: the song in the header, an embed per film, votes, details and more', async () => {
    const { status, body } = await s.post(command('movie-for', [str('song', 'Days I Will Remember')]));
    expect(status).toBe(200);
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBeUndefined();
    expect(body.data?.content).toContain('**Days I Will Remember** — Tyrone Wells · *An Album*');
    expect(body.data?.embeds).toHaveLength(5);
    expect(body.data?.embeds?.[0]?.title).toMatch(/^1\. .+ \(\d{4}\)$/);
    expect(body.data?.embeds?.[0]?.description).toMatch(/\*\*0\.\d\d\*\* match\n• /);
    expect(body.data?.embeds?.[0]?.image?.url).toMatch(/^https:\/\/image\.tmdb\.org\/t\/p\/.+\.jpg$/);
    const ids = customIds(body).map(parseCustomId);
    expect(ids.filter((a) => a?.kind === 'vote')).toHaveLength(10);
    expect(ids.map((a) => a?.kind)).toEqual(expect.arrayContaining(['details', 'more']));
    await expect.poll(() => s.feedback.impressions.length).toBe(1);
    expect(s.feedback.impressions[0]).toMatchObject({ platform: 'discord', trackId: tid(1) });
    expect(s.feedback.impressions[0]?.tmdbIds).toHaveLength(5);
  });

  it('GIVEN count, exclude-genre and family-safe THEN they reach the engine', async () => {
    const { body } = await s.post(
      command('movie-for', [
        str('song', 'Grind Your Bones'),
        int('count', 10),
        str('exclude-genre', 'Horror'),
        bool('family-safe', true),
      ]),
    );
    expect(body.data?.embeds?.length).toBeGreaterThan(5);
    for (const e of body.data?.embeds ?? []) expect(e.footer?.text).not.toMatch(/Horror/);
    expect(body.data?.components).toHaveLength(5);
  });

  it('GIVEN typing in the song box THEN at most 25 autocomplete choices valued by track id; picking one finds exactly that song', async () => {
    const { body } = await s.post(autocomplete('movie-for', [str('song', 'days i', true)]));
    expect(body.type).toBe(8);
    const choice = body.data?.choices?.[0];
    expect(choice).toEqual({ name: 'Days I Will Remember — Tyrone Wells', value: `track:${tid(1)}` });
    const picked = await s.post(command('movie-for', [str('song', choice?.value ?? '')]));
    expect(picked.body.data?.content).toContain('Days I Will Remember');
    const empty = await s.post(autocomplete('movie-for', [str('song', '', true)]));
    expect(empty.body.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  it('GIVEN /songs-for with an autocompleted film THEN songs for that film', async () => {
    const { body } = await s.post(autocomplete('songs-for', [str('movie', 'top', true)]));
    expect(body.data?.choices).toContainEqual({ name: 'Top Gun (1986)', value: 'movie:5' });
    const r = await s.post(command('songs-for', [str('movie', 'movie:5'), int('count', 3)]));
    expect(r.body.type).toBe(4);
    expect(r.body.data?.content).toContain('**Top Gun (1986)**');
    expect(r.body.data?.embeds).toHaveLength(3);
    const unknown = await s.post(command('songs-for', [str('movie', 'No Such Film Anywhere')]));
    expect(unknown.body.data?.flags).toBe(EPHEMERAL);
    expect(unknown.body.data?.content).toContain('No film called');
  });

  it('GIVEN an ambiguous song THEN an ephemeral list of candidates with a button each; a button runs /movie-for publicly', async () => {
    const { body } = await s.post(command('movie-for', [str('song', 'Hello'), int('count', 3)]));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toContain('Several songs are called "Hello"');
    expect(body.data?.content).toContain('Adele');
    expect(body.data?.content).toContain('Lionel Richie');
    const picks = customIds(body);
    expect(picks).toHaveLength(2);
    const r = await s.post(button(picks[0] as string));
    expect(r.body.type).toBe(4);
    expect(r.body.data?.flags).toBeUndefined();
    expect(r.body.data?.content).toMatch(/\*\*Hello\*\* — (Adele|Lionel Richie)/);
    expect(r.body.data?.embeds).toHaveLength(3);
  });

  it('GIVEN a misspelt song THEN an ephemeral "did you mean"', async () => {
    const { body } = await s.post(command('movie-for', [str('song', 'Days I Will Remembr')]));
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toContain('Did you mean');
    expect(body.data?.content).toContain('Days I Will Remember');
  });

  it('GIVEN 👍 on a film THEN an ephemeral thank-you and the vote in the feedback store', async () => {
    const reply = await s.post(
      command('movie-for', [str('song', 'Days I Will Remember')], '600000000000000042'),
    );
    const up = customIds(reply.body).find((id) => id.endsWith(':u')) as string;
    const { body } = await s.post(button(up, '600000000000000042'));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toMatch(/^👍 Noted for \*\*.+\*\*/);
    const a = parseCustomId(up);
    expect([...s.feedback.votes.values()]).toContainEqual(
      expect.objectContaining({
        platform: 'discord',
        userId: '600000000000000042',
        trackId: tid(1),
        value: 'up',
        tmdbId: a?.kind === 'vote' ? a.tmdbId : -1,
      }),
    );
  });

  it('GIVEN a foreign, tampered or outdated button THEN "This button has expired", never a crash', async () => {
    for (const id of [
      'other-bot:1',
      'm2m:v9:vote:x:1:u',
      `m2m:v1:vote:${tid(1)}:424242:u`,
      `m2m:v1:more:NOSUCHTRACK:0:5:-:0:1`,
    ]) {
      const { status, body } = await s.post(button(id));
      expect(status).toBe(200);
      expect(body.data?.flags).toBe(EPHEMERAL);
      expect(body.data?.content).toContain('This button has expired');
    }
  });

  it('GIVEN "Hide details" THEN the same message is updated without overviews; "Show details" brings them back', async () => {
    const reply = await s.post(command('movie-for', [str('song', 'Days I Will Remember')]));
    const toggle = customIds(reply.body).find((id) => id.includes(':details:')) as string;
    const hidden = await s.post(button(toggle));
    expect(hidden.body.type).toBe(7);
    expect(hidden.body.data?.embeds?.map((e) => e.title)).toEqual(
      reply.body.data?.embeds?.map((e) => e.title),
    );
    expect(reply.body.data?.embeds?.[0]?.description).toContain('\n\n');
    expect(hidden.body.data?.embeds?.[0]?.description).not.toContain('\n\n');
    const again = customIds(hidden.body).find((id) => id.includes(':details:')) as string;
    const shown = await s.post(button(again));
    expect(shown.body.data?.embeds?.[0]?.description).toBe(reply.body.data?.embeds?.[0]?.description);
  });

  it('GIVEN "More" THEN the next five, ranked 6–10, just for the one who asked', async () => {
    const reply = await s.post(command('movie-for', [str('song', 'Days I Will Remember')]));
    const more = customIds(reply.body).find((id) => id.includes(':more:')) as string;
    const { body } = await s.post(button(more));
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(EPHEMERAL);
    expect(body.data?.content).toContain('Films 6–10');
    expect(body.data?.embeds?.[0]?.title).toMatch(/^6\. /);
    const first = new Set(reply.body.data?.embeds?.map((e) => e.url));
    for (const e of body.data?.embeds ?? []) expect(first.has(e.url)).toBe(false);
  });

  it('GIVEN /movie-help, an unknown command or a missing option THEN a readable ephemeral answer', async () => {
    const help = await s.post(command('movie-help'));
    expect(help.body.data).toMatchObject({ content: HELP_TEXT, flags: EPHEMERAL });
    const unknown = await s.post(command('play-music'));
    expect(unknown.body.data?.flags).toBe(EPHEMERAL);
    expect(unknown.body.data?.content).toContain("I don't know `/play-music`");
    const missing = await s.post(command('movie-for', [int('count', 3)]));
    expect(missing.body.data?.content).toBe('Give the `song` option.');
    const wrong = await s.post(command('movie-for', [str('song', 'x'), int('count', 99)]));
    expect(wrong.body.data?.content).toContain('`count` must be from 1 to 10');
  });
});

describe('POST /discord/interactions: requests that must be refused', () => {
  let s: Served;
  const now = { t: Date.now() };
  beforeAll(async () => {
    s = await serve({ clock: { now: () => now.t }, env: { MAX_BODY_BYTES: '4096' } });
  });

  it('GIVEN a body signed with another key THEN 401', async () => {
    const r = await s.post(ping(), { key: keyPair() });
    expect(r).toEqual({
      status: 401,
      body: { code: 'BAD_SIGNATURE', message: 'Invalid request signature.' },
    });
  });

  it('GIVEN a body changed after signing THEN 401', async () => {
    const raw = JSON.stringify(ping());
    const headers = signed(key.privateKey, raw);
    const r = await fetch(s.url, { method: 'POST', headers, body: raw.replace('"type":1', '"type":2') });
    expect(r.status).toBe(401);
  });

  it('GIVEN no signature headers THEN 401', async () => {
    const r = await fetch(s.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(r.status).toBe(401);
  });

  it('GIVEN a correctly signed request more than five minutes old (or ahead) THEN 401', async () => {
    const old = String(Math.floor(now.t / 1000) - 301);
    expect((await s.post(ping(), { timestamp: old })).body.code).toBe('STALE');
    const ahead = String(Math.floor(now.t / 1000) + 301);
    expect((await s.post(ping(), { timestamp: ahead })).status).toBe(401);
    const fine = String(Math.floor(now.t / 1000) - 299);
    expect((await s.post(ping(), { timestamp: fine })).status).toBe(200);
  });

  it('GIVEN the same interaction twice THEN the replay is refused', async () => {
    const p = command('movie-help');
    expect((await s.post(p)).status).toBe(200);
    expect(await s.post(p)).toEqual({
      status: 409,
      body: { code: 'REPLAYED', message: 'This interaction was already received.' },
    });
  });

  it('GIVEN a body over the size limit THEN 413 when declared; a stream that grows past it is cut off', async () => {
    const big = JSON.stringify({ ...ping(), pad: 'x'.repeat(5000) });
    expect(await s.post(undefined, { raw: big })).toMatchObject({ status: 413, body: { code: 'TOO_LARGE' } });
    const chunked = new ReadableStream({
      start(c) {
        c.enqueue(new TextEncoder().encode(big));
        c.close();
      },
    });
    const streamed = fetch(s.url, {
      method: 'POST',
      headers: signed(key.privateKey, big),
      body: chunked,
      duplex: 'half',
    } as RequestInit).then(
      (r) => r.status,
      () => 'connection closed',
    );
    expect([413, 'connection closed']).toContain(await streamed);
  });

  it('GIVEN signed malformed JSON or JSON that is no interaction THEN 400', async () => {
    expect((await s.post(undefined, { raw: '{"type":1,' })).body).toEqual({
      code: 'BAD_JSON',
      message: 'Body is not valid JSON.',
    });
    expect((await s.post(undefined, { raw: '[1,2]' })).body.code).toBe('BAD_INTERACTION');
    expect((await s.post({ id: 1, type: 'x' })).status).toBe(400);
  });
});

describe('cooldown, deferral, failures and logs', () => {
  it('GIVEN a second /movie-for within the cooldown THEN "try again in N s"; another user is not held up; later it works again', async () => {
    const now = { t: Date.now() };
    const clock = { now: () => now.t };
    const s = await serve({ clock, env: { COOLDOWN_SECONDS: '30' } });
    const ts = () => String(Math.floor(now.t / 1000));
    const ask = (user: string) =>
      s.post(command('movie-for', [str('song', 'Lullaby')], user), { timestamp: ts() });
    expect((await ask('1')).body.data?.embeds).toBeDefined();
    now.t += 12_000;
    const held = await ask('1');
    expect(held.body.data).toMatchObject({ content: 'Easy there — try again in 18 s.', flags: EPHEMERAL });
    expect((await ask('2')).body.data?.embeds).toBeDefined();
    now.t += 18_000;
    expect((await ask('1')).body.data?.embeds).toBeDefined();
  });

  it('GIVEN a vote the store takes its time to save THEN answers "thinking" (ephemeral) at once and edits it when saved; shutdown waits for it', async () => {
    class SlowFeedback extends InMemoryFeedback {
      override async vote(e: VoteEvent): Promise<void> {
        await new Promise((r) => setTimeout(r, 300));
        await super.vote(e);
      }
    }
    const inFlight = new InFlight();
    const s = await serve({ feedback: new SlowFeedback(), deferAfterMs: 50, inFlight });
    const started = performance.now();
    const click = button(`m2m:v1:vote:${tid(1)}:1:d`);
    const { body } = await s.post(click);
    expect(performance.now() - started).toBeLessThan(250);
    expect(body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    expect(inFlight.size).toBe(1);
    await inFlight.drain();
    const edit = fake.calls.find((c) => c.path === `/webhooks/${APP_ID}/${click.token}/messages/@original`);
    expect(edit?.method).toBe('PATCH');
    expect((edit?.body as { content?: string } | undefined)?.content).toMatch(
      /^👎 Noted for \*\*The Notebook Years \(2004\)\*\*/,
    );
    expect(edit?.authorization).toBeUndefined();
    expect(s.feedback.votes.size).toBe(1);
  });

  it('GIVEN a public /movie-for deferred and then refused by the cooldown THEN the public "thinking" is deleted and the refusal sent ephemerally', async () => {
    const slowCooldown = {
      async take() {
        await new Promise((r) => setTimeout(r, 200));
        return 7;
      },
    };
    const inFlight = new InFlight();
    const s = await serve({ cooldown: slowCooldown, deferAfterMs: 20, inFlight });
    const p = command('movie-for', [str('song', 'Lullaby')]);
    expect((await s.post(p)).body).toEqual({ type: 5 });
    await inFlight.drain();
    const mine = fake.calls.filter((c) => c.path.includes(p.token));
    expect(mine.map((c) => c.method)).toEqual(['DELETE', 'POST']);
    expect(mine[1]?.path).toBe(`/webhooks/${APP_ID}/${p.token}`);
    expect(mine[1]?.body).toMatchObject({ content: 'Easy there — try again in 7 s.', flags: EPHEMERAL });
  });

  it('GIVEN the engine throws THEN a short ephemeral apology, no stack trace, and the detail in the log', async () => {
    class Broken extends Engine {
      override recommend(): never {
        throw new Error('index blew up at /srv/secret/path');
      }
    }
    const s = await serve({ engine: new Broken(engine.catalog) });
    const { status, body } = await s.post(command('movie-for', [str('song', 'Lullaby')]));
    expect(status).toBe(200);
    expect(body.data).toMatchObject({
      content: 'Something went wrong on our side. Please try again in a moment.',
      flags: EPHEMERAL,
    });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(s.lines.join('')).toContain('index blew up');
  });

  it('GIVEN a full exchange at trace level THEN no token, signature or key appears in the logs', async () => {
    const inFlight = new InFlight();
    const s = await serve({ env: { DISCORD_TOKEN: BOT_TOKEN }, deferAfterMs: 0, inFlight });
    const p = command('movie-for', [str('song', 'Days I Will Remember')]);
    const raw = JSON.stringify(p);
    const headers = signed(key.privateKey, raw);
    await fetch(s.url, { method: 'POST', headers, body: raw });
    await inFlight.drain();
    const logs = s.lines.join('');
    expect(s.lines.length).toBeGreaterThan(0);
    for (const secret of [p.token, BOT_TOKEN, headers['x-signature-ed25519'] as string, key.publicHex])
      expect(logs).not.toContain(secret);
  });
});

describe('mounting', () => {
  it('GIVEN DISCORD_PUBLIC_KEY THEN the app serves /discord/interactions; without it, no Discord route', () => {
    const on = appRoutes(deps(testConfig({ DISCORD_PUBLIC_KEY: key.publicHex }), silentLogger));
    expect(on.some((r) => r.method === 'POST' && r.path === INTERACTIONS_PATH)).toBe(true);
    const off = discordRoutes(deps(testConfig(), silentLogger));
    expect(off).toEqual([]);
  });

  it('GIVEN cooldown state THEN it is the injected port (a Redis version can replace it)', async () => {
    // The app hands every adapter its shared safety stores (Redis when REDIS_URL is set); the
    // Discord handler must ask that store, not a memory cooldown of its own.
    const asked: string[] = [];
    const shared: CooldownPort = {
      async take(k) {
        asked.push(k);
        return 42;
      },
    };
    const stores = await createSafetyStores(testConfig(), silentLogger);
    const s = await serve({ safety: { ...stores, cooldown: shared } });
    const { body } = await s.post(command('movie-for', [str('song', 'Lullaby')], '77'));
    expect(asked).toEqual(['discord:77']);
    expect(body.data).toMatchObject({ content: 'Easy there — try again in 42 s.', flags: EPHEMERAL });
  });
});
