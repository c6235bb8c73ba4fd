import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.js';
import { BOT_TOKEN, startFakeDiscord } from './helpers.js';
import { APP_ID } from './payloads.js';

let fake: Awaited<ReturnType<typeof startFakeDiscord>>;
beforeAll(async () => {
  fake = await startFakeDiscord();
});
afterAll(() => fake.close());

const env = () => ({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_API_URL: fake.url });

describe('music2movie discord register', () => {
  it('GIVEN --guild THEN PUTs the three commands to that server with the bot token', async () => {
    const r = await cli(['discord', 'register', '--guild', '700000000000000009'], env());
    expect(r).toMatchObject({
      code: 0,
      out: 'Registered /movie-for, /songs-for, /movie-help in server 700000000000000009.\n',
    });
    const put = fake.calls.find(
      (c) => c.path === `/applications/${APP_ID}/guilds/700000000000000009/commands`,
    );
    expect(put?.method).toBe('PUT');
    expect(put?.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect((put?.body as Array<{ name: string }> | undefined)?.map((c) => c.name)).toEqual([
      'movie-for',
      'songs-for',
      'movie-help',
    ]);
  });

  it('GIVEN no guild THEN registers globally, and --json says so', async () => {
    const r = await cli(['discord', 'register', '--json'], env());
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      scope: 'global',
      commands: ['movie-for', 'songs-for', 'movie-help'],
    });
    expect(fake.calls.some((c) => c.method === 'PUT' && c.path === `/applications/${APP_ID}/commands`)).toBe(
      true,
    );
  });

  it('GIVEN no token or application id THEN says which variables to set, without calling Discord', async () => {
    const before = fake.calls.length;
    const r = await cli(['discord', 'register'], { DISCORD_API_URL: fake.url });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CONFIG_INVALID.*DISCORD_TOKEN.*DISCORD_APPLICATION_ID/);
    expect(fake.calls.length).toBe(before);
  });

  it('GIVEN a token Discord refuses THEN a readable error, no stack trace, and the token not echoed', async () => {
    const r = await cli(['discord', 'register'], { ...env(), DISCORD_TOKEN: 'bad' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('Discord refused the registration (401)');
    expect(r.err).not.toMatch(/\n\s+at /);
  });

  it('GIVEN --dry-run THEN prints the JSON it would send and sends nothing', async () => {
    const before = fake.calls.length;
    const r = await cli(['discord', 'register', '--dry-run']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as Array<{ name: string }>).map((c) => c.name)).toEqual([
      'movie-for',
      'songs-for',
      'movie-help',
    ]);
    expect(fake.calls.length).toBe(before);
  });
});
