import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createShardManager } from '../../adapters/discord/sharding.js';
import { SHARD_SCRIPT } from '../../adapters/shard.js';
import { isAppError } from '../../src/errors.js';
import { BOT_TOKEN, testConfig } from '../discord/helpers.js';

describe('gateway sharding (DISCORD_SHARDS)', () => {
  it('GIVEN DISCORD_SHARDS=auto or a count THEN config holds it; anything else is refused with a hint', () => {
    const withToken = { DISCORD_TOKEN: BOT_TOKEN };
    expect(testConfig({ ...withToken, DISCORD_SHARDS: 'auto' }).discord.shards).toBe('auto');
    expect(testConfig({ ...withToken, DISCORD_SHARDS: '4' }).discord.shards).toBe(4);
    expect(testConfig({}).discord.shards).toBeUndefined();
    for (const bad of ['0', '-1', 'many', '1.5'])
      expect(() => testConfig({ ...withToken, DISCORD_SHARDS: bad })).toThrow(
        /DISCORD_SHARDS: `auto` or a positive number/,
      );
    // Shards run the gateway: without a token the setting would do nothing, so it is refused.
    expect(() => testConfig({ DISCORD_SHARDS: 'auto' })).toThrow(/DISCORD_SHARDS: needs DISCORD_TOKEN/);
  });

  it('GIVEN a token and a count THEN the manager forks one process per shard from the shard script', () => {
    const m = createShardManager(testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_SHARDS: '3' }), {
      file: SHARD_SCRIPT,
      execArgv: [],
    });
    expect(m.totalShards).toBe(3);
    expect(m.file).toMatch(/adapters\/shard\.(ts|js)$/);
    expect(existsSync(m.file)).toBe(true);
    expect(
      createShardManager(testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_SHARDS: 'auto' }), {
        file: SHARD_SCRIPT,
      }).totalShards,
    ).toBe('auto');
  });

  it('GIVEN no token THEN it says which variable to set', () => {
    let caught: unknown;
    try {
      createShardManager(testConfig({ DISCORD_SHARDS: '2' }), { file: SHARD_SCRIPT });
    } catch (e) {
      caught = e;
    }
    expect(isAppError(caught) && caught.code).toBe('CONFIG_INVALID');
    expect(String((caught as Error).message)).toContain('DISCORD_TOKEN');
  });
});
