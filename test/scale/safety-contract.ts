import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SafetyStores } from '../../adapters/store/redis-safety.js';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The contract every SafetyStores backend meets (memory for one process, Redis for many). */
export function safetyStoresContract(name: string, open: (cooldownSeconds: number) => Promise<SafetyStores>) {
  describe(`safety stores contract: ${name}`, () => {
    let stores: SafetyStores;
    let short: SafetyStores;
    beforeAll(async () => {
      stores = await open(30);
      short = await open(0.3);
    });
    afterAll(async () => {
      await stores.close();
      await short.close();
    });

    it('GIVEN a fresh key THEN the first take is allowed and the next one says the seconds left', async () => {
      const key = `user:${randomUUID()}`;
      expect(await stores.cooldown.take(key)).toBe(0);
      const left = await stores.cooldown.take(key);
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(30);
      expect(await stores.cooldown.take(`user:${randomUUID()}`)).toBe(0);
    });

    it('GIVEN a cooldown that has run out THEN the key may act again', async () => {
      const key = `user:${randomUUID()}`;
      expect(await short.cooldown.take(key)).toBe(0);
      expect(await short.cooldown.take(key)).toBe(1);
      await wait(400);
      expect(await short.cooldown.take(key)).toBe(0);
    });

    it('GIVEN an id seen once THEN a replay is refused, other ids pass, and it passes again after the TTL', async () => {
      const seen = stores.seenIds(0.3);
      const id = randomUUID();
      expect(await seen.firstSeen(id)).toBe(true);
      expect(await seen.firstSeen(id)).toBe(false);
      expect(await seen.firstSeen(randomUUID())).toBe(true);
      await wait(400);
      expect(await seen.firstSeen(id)).toBe(true);
    });

    it('GIVEN the same id sent concurrently THEN exactly one is first', async () => {
      const seen = stores.seenIds(60);
      const id = randomUUID();
      const results = await Promise.all(Array.from({ length: 20 }, () => seen.firstSeen(id)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('GIVEN a burst from one client THEN the rate limit allows the budget, refuses the rest, and refills', async () => {
      // A 3 s window (3 requests at 1/s), entered early, so a loaded machine cannot roll it over mid-burst.
      while (Date.now() % 3000 > 1000) await wait(20);
      const limit = stores.rateLimit(1, 3);
      const client = `client:${randomUUID()}`;
      const takes = [];
      for (let i = 0; i < 4; i++) takes.push(await limit.take(client));
      expect(takes.slice(0, 3)).toEqual([0, 0, 0]);
      expect(takes[3]).toBeGreaterThan(0);
      expect(takes[3]).toBeLessThanOrEqual(3);
      expect(await limit.take(`client:${randomUUID()}`)).toBe(0);
      await wait(3100);
      expect(await limit.take(client)).toBe(0);
    });

    it('GIVEN a posted answer THEN it is found by (channel, ts) and thumbs give the label left', async () => {
      const channel = `C${randomUUID()}`;
      await stores.answers.remember(channel, '1.1', 'T1', [7, 8]);
      expect(await stores.answers.find(channel, '1.1')).toEqual({ trackId: 'T1', tmdbIds: [7, 8] });
      expect(await stores.answers.find(channel, '9.9')).toBeUndefined();
      expect(await stores.answers.react(channel, '1.1', 'U', 'up', true)).toBe('up');
      expect(await stores.answers.react(channel, '1.1', 'U', 'down', true)).toBe('down');
      expect(await stores.answers.react(channel, '1.1', 'U', 'down', false)).toBe('up');
      expect(await stores.answers.react(channel, '1.1', 'U', 'up', false)).toBeUndefined();
      expect(await stores.answers.react(channel, '1.1', 'V', 'up', false)).toBeUndefined();
      expect(await stores.answers.react(channel, '1.1', 'V', 'down', true)).toBe('down');
    });

    it('GIVEN a healthy store THEN it is reachable and nothing failed open', async () => {
      expect(await stores.reachable()).toBe(true);
      expect(stores.failOpenCount()).toBe(0);
    });
  });
}
