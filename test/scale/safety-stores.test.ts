import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createSafetyStores } from '../../adapters/store/redis-safety.js';
import { silentLogger } from '../../src/logger.js';
import { capturingLogger } from '../discord/helpers.js';
import { startRedis } from '../feedback/redis-server.js';
import { safetyStoresContract } from './safety-contract.js';

safetyStoresContract('memory (no REDIS_URL)', (cooldownSeconds) =>
  createSafetyStores({ cooldownSeconds }, silentLogger),
);

const redis = await startRedis();
afterAll(async () => {
  await redis?.dispose();
});

describe.skipIf(!redis)('Redis', () => {
  safetyStoresContract('Redis (real redis-server)', (cooldownSeconds) =>
    createSafetyStores({ cooldownSeconds, redisUrl: redis?.url }, silentLogger),
  );

  it('GIVEN two processes on one Redis THEN a cooldown and a seen id set through one hold on the other', async () => {
    const a = await createSafetyStores({ cooldownSeconds: 30, redisUrl: redis?.url }, silentLogger);
    const b = await createSafetyStores({ cooldownSeconds: 30, redisUrl: redis?.url }, silentLogger);
    const key = `discord:${randomUUID()}`;
    expect(await a.cooldown.take(key)).toBe(0);
    expect(await b.cooldown.take(key)).toBeGreaterThan(0);
    const id = randomUUID();
    expect(await a.seenIds(600).firstSeen(id)).toBe(true);
    expect(await b.seenIds(600).firstSeen(id)).toBe(false);
    // A Slack answer posted through one, and a user's thumbs, are seen by the other.
    const channel = `C${randomUUID()}`;
    await a.answers.remember(channel, '5.5', 'T5', [3, 4]);
    expect(await b.answers.find(channel, '5.5')).toEqual({ trackId: 'T5', tmdbIds: [3, 4] });
    expect(await a.answers.react(channel, '5.5', 'U1', 'up', true)).toBe('up');
    expect(await b.answers.react(channel, '5.5', 'U1', 'down', true)).toBe('down');
    expect(await a.answers.react(channel, '5.5', 'U1', 'down', false)).toBe('up');
    // One rate budget for both.
    // A 3 s window (2 requests at 2/3 per second), entered early, so it cannot roll over mid-test.
    while (Date.now() % 3000 > 1000) await new Promise((r) => setTimeout(r, 20));
    const client = `client:${randomUUID()}`;
    const [la, lb] = [a.rateLimit(2 / 3, 2), b.rateLimit(2 / 3, 2)];
    expect([await la.take(client), await lb.take(client)]).toEqual([0, 0]);
    expect(await la.take(client)).toBeGreaterThan(0);
    expect(await lb.take(client)).toBeGreaterThan(0);
    await Promise.all([a.close(), b.close()]);
  });

  it('GIVEN Redis stops THEN checks fail open with a warning and a count, and resume when it is back', async () => {
    const { logger, lines } = capturingLogger();
    const stores = await createSafetyStores({ cooldownSeconds: 30, redisUrl: redis?.url }, logger);
    const seen = stores.seenIds(600);
    const key = `slack:${randomUUID()}`;
    expect(await stores.cooldown.take(key)).toBe(0);
    await redis?.stop();
    try {
      // While down: every request goes through rather than failing a reply.
      expect(await stores.cooldown.take(key)).toBe(0);
      expect(await seen.firstSeen('down-1')).toBe(true);
      expect(await seen.firstSeen('down-1')).toBe(true);
      // The web API lets requests through; a Slack answer is not kept and a reaction is ignored.
      const limit = stores.rateLimit(1, 1);
      expect([await limit.take('c'), await limit.take('c')]).toEqual([0, 0]);
      await stores.answers.remember('C1', '1.1', 'T1', [1]);
      expect(await stores.answers.find('C1', '1.1')).toBeUndefined();
      expect(await stores.answers.react('C1', '1.1', 'U', 'up', true)).toBeUndefined();
      expect(await stores.reachable()).toBe(false);
      expect(stores.failOpenCount()).toBeGreaterThanOrEqual(8);
      expect(lines.some((l) => l.includes('fail open'))).toBe(true);
    } finally {
      await redis?.start();
    }
    const deadline = Date.now() + 5000;
    while (!(await stores.reachable()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const id = randomUUID();
    expect(await seen.firstSeen(id)).toBe(true);
    expect(await seen.firstSeen(id)).toBe(false);
    await stores.close();
  });
});
