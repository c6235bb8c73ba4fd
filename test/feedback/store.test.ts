import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFeedbackStore } from '../../adapters/store/feedback-store.js';
import { DurableFeedbackStore } from '../../src/feedback/durable-store.js';
import { MemoryKv } from '../../src/feedback/kv.js';
import { silentLogger } from '../../src/logger.js';
import { startRedis } from './redis-server.js';
import { type ContractBackend, feedbackStoreContract } from './store-contract.js';

const FAST = { retryMs: { initial: 20, max: 100 }, writeTimeoutMs: 1000, closeTimeoutMs: 2000 };

let memoryKv = new MemoryKv();
feedbackStoreContract('in-memory fake', () => ({
  reset: async () => {
    memoryKv = new MemoryKv();
  },
  open: async (salt = 's') => new DurableFeedbackStore({ kv: memoryKv, salt, ...FAST }),
}));

const root = await mkdtemp(join(tmpdir(), 'm2m-feedback-'));
let sqliteDir = root;
let sqliteRuns = 0;
const sqlite: ContractBackend = {
  reset: async () => {
    sqliteDir = join(root, `run-${sqliteRuns++}`);
  },
  open: (salt = 's') => createFeedbackStore({ dataDir: sqliteDir, feedbackSalt: salt }, silentLogger, FAST),
};
feedbackStoreContract('SQLite (@keyv/sqlite)', () => sqlite);

const redis = await startRedis();
const redisBackend: ContractBackend = {
  reset: async () => redis?.flushAll(),
  open: (salt = 's') =>
    createFeedbackStore({ dataDir: root, redisUrl: redis?.url, feedbackSalt: salt }, silentLogger, FAST),
};
describe.skipIf(!redis)('Redis', () => {
  feedbackStoreContract('Redis (@keyv/redis, real redis-server)', () => redisBackend);
});

afterAll(async () => {
  await redis?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe('SQLite specifics', () => {
  it('GIVEN the default config THEN the store is one file in the data folder holding no raw user id', async () => {
    const dataDir = join(root, 'default');
    const store = await createFeedbackStore({ dataDir, feedbackSalt: 'pepper' }, silentLogger);
    await store.vote({
      platform: 'discord',
      userId: '123456789012345678',
      trackId: 'T',
      tmdbId: 1,
      value: 'up',
    });
    await store.close();
    const bytes = await readFile(join(dataDir, 'feedback.sqlite'));
    expect(bytes.length).toBeGreaterThan(0);
    const wal = await readFile(join(dataDir, 'feedback.sqlite-wal')).catch(() => Buffer.alloc(0));
    expect(Buffer.concat([bytes, wal]).includes('123456789012345678')).toBe(false);
  });
});

describe.skipIf(!redis)('Redis outage (a real redis-server stopped and restarted mid-run)', () => {
  it('GIVEN Redis stops THEN votes resolve at once, queue, and are written when it returns', async () => {
    if (!redis) return;
    await redis.flushAll();
    const store = await createFeedbackStore(
      { dataDir: root, redisUrl: redis.url, feedbackSalt: 's' },
      silentLogger,
      {
        ...FAST,
        maxQueue: 100,
      },
    );
    await store.vote({ platform: 'slack', userId: 'a', trackId: 'T1', tmdbId: 1, value: 'up', at: 1 });
    expect(await store.flush()).toBe(true);

    await redis.stop();
    const started = Date.now();
    for (let i = 0; i < 20; i++)
      await store.vote({
        platform: 'slack',
        userId: `u${i}`,
        trackId: 'T1',
        tmdbId: 2,
        value: 'down',
        at: 10 + i,
      });
    await store.impression({ platform: 'slack', userId: 'x', trackId: 'T1', tmdbIds: [1, 2], at: 50 });
    expect(Date.now() - started).toBeLessThan(200); // the replies were never held up
    await expect.poll(() => store.stats().available, { timeout: 3000 }).toBe(false);
    expect(store.stats().queued).toBeGreaterThan(0);
    await expect(store.listVotes()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });

    await redis.start();
    expect(await store.flush(10_000)).toBe(true);
    expect(store.stats()).toMatchObject({ queued: 0, dropped: 0, available: true });
    const votes = await store.listVotes();
    expect(votes).toHaveLength(21);
    expect(await store.listImpressions()).toHaveLength(1);
    await store.close();
  });

  it('GIVEN the queue overflows during an outage THEN impressions go first, losses are counted and recorded', async () => {
    if (!redis) return;
    await redis.flushAll();
    const store = await createFeedbackStore(
      { dataDir: root, redisUrl: redis.url, feedbackSalt: 's' },
      silentLogger,
      {
        ...FAST,
        maxQueue: 5,
      },
    );
    expect(await store.flush()).toBe(true);
    await redis.stop();
    await store.vote({ platform: 'discord', userId: 'a', trackId: 'T1', tmdbId: 0, value: 'up', at: 10 });
    await expect.poll(() => store.stats().available, { timeout: 3000 }).toBe(false);
    for (let i = 0; i < 3; i++)
      await store.impression({ platform: 'discord', userId: 'x', trackId: `T${i}`, tmdbIds: [1], at: i });
    for (let i = 1; i < 5; i++)
      await store.vote({
        platform: 'discord',
        userId: 'a',
        trackId: 'T1',
        tmdbId: i,
        value: 'up',
        at: 10 + i,
      });
    expect(store.stats()).toMatchObject({ queued: 5, dropped: 3 });
    await redis.start();
    await store.close(); // shutdown flushes the queue
    const reader = await createFeedbackStore(
      { dataDir: root, redisUrl: redis.url, feedbackSalt: 's' },
      silentLogger,
    );
    expect(await reader.listVotes()).toHaveLength(5);
    expect(await reader.listImpressions()).toHaveLength(0);
    expect((await reader.listLosses()).reduce((s, l) => s + l.dropped, 0)).toBe(3);
    await reader.close();
  });
});
