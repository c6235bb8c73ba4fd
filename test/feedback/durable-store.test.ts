import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DurableFeedbackStore } from '../../src/feedback/durable-store.js';
import { type FeedbackKv, MemoryKv } from '../../src/feedback/kv.js';
import type { VoteEvent } from '../../src/feedback/port.js';
import { hashUserId } from '../../src/feedback/user-hash.js';

function logs(): {
  logger: pino.Logger;
  lines: () => Array<{ level: number; msg: string } & Record<string, unknown>>;
} {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      out.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines: () => out.map((l) => JSON.parse(l)) };
}

const FAST = { retryMs: { initial: 10, max: 40 }, writeTimeoutMs: 200, closeTimeoutMs: 300 };

function vote(p: Partial<VoteEvent> = {}): VoteEvent {
  return { platform: 'web', userId: 'u', trackId: 'T', tmdbId: 1, value: 'up', at: 1, ...p };
}

describe('DurableFeedbackStore', () => {
  it('GIVEN the store is down THEN vote() still resolves, the vote waits, and is written when it returns', async () => {
    const kv = new MemoryKv();
    const { logger, lines } = logs();
    const store = new DurableFeedbackStore({ kv, salt: 's', logger, ...FAST });
    kv.available = false;
    await store.vote(vote());
    await expect.poll(() => store.stats().available).toBe(false);
    expect(store.stats()).toMatchObject({ queued: 1, written: 0 });
    expect(lines().some((l) => l.msg.includes('unavailable'))).toBe(true);
    kv.available = true;
    await expect.poll(() => store.stats().queued).toBe(0);
    expect(store.stats()).toMatchObject({ written: 1, available: true });
    expect(lines().some((l) => l.msg.includes('is back'))).toBe(true);
    expect(kv.data.size).toBe(1);
  });

  it('GIVEN repeated votes on one pair during an outage THEN only the latest waits in the queue', async () => {
    const kv = new MemoryKv();
    kv.available = false;
    const store = new DurableFeedbackStore({ kv, salt: 's', ...FAST });
    await store.vote(vote({ value: 'up', at: 1 }));
    await expect.poll(() => store.stats().available).toBe(false);
    await store.vote(vote({ value: 'down', at: 2 }));
    await store.vote(vote({ value: 'up', at: 3 }));
    expect(store.stats().queued).toBe(1);
    kv.available = true;
    expect(await store.flush()).toBe(true);
    expect(await store.listVotes()).toMatchObject([{ value: 'up', at: 3 }]);
  });

  it('GIVEN the queue overflows THEN the oldest impressions go before any vote; losses are logged, counted and recorded', async () => {
    const kv = new MemoryKv();
    kv.available = false;
    const { logger, lines } = logs();
    const store = new DurableFeedbackStore({ kv, salt: 's', logger, maxQueue: 4, ...FAST });
    await store.impression({ platform: 'slack', userId: 'a', trackId: 'T1', tmdbIds: [1], at: 1 });
    for (let i = 0; i < 4; i++) await store.vote(vote({ tmdbId: i, at: 10 + i }));
    expect(store.stats()).toMatchObject({ queued: 4, dropped: 1 });
    await store.vote(vote({ tmdbId: 99, at: 20 })); // no impression left: the oldest vote goes
    expect(store.stats()).toMatchObject({ queued: 4, dropped: 2 });
    expect(lines().filter((l) => l.msg.includes('queue full'))).not.toHaveLength(0);
    kv.available = true;
    expect(await store.flush()).toBe(true);
    expect((await store.listVotes()).map((v) => v.tmdbId).sort((a, b) => a - b)).toEqual([1, 2, 3, 99]);
    expect(await store.listImpressions()).toEqual([]);
    expect(await store.listLosses()).toMatchObject([{ dropped: 2 }]);
  });

  it('GIVEN a store that hangs THEN the write times out, counts as an outage, and is retried', async () => {
    const kv = new MemoryKv();
    let hang = true;
    const hanging: FeedbackKv = {
      setMany: (e) => (hang ? new Promise(() => {}) : kv.setMany(e)),
      getMany: (k) => kv.getMany(k),
      scan: (p) => kv.scan(p),
      close: () => kv.close(),
    };
    const store = new DurableFeedbackStore({ kv: hanging, salt: 's', ...FAST, writeTimeoutMs: 30 });
    const started = Date.now();
    await store.vote(vote());
    expect(Date.now() - started).toBeLessThan(20);
    await expect.poll(() => store.stats().failedAttempts).toBeGreaterThan(0);
    hang = false;
    expect(await store.flush()).toBe(true);
    expect(kv.data.size).toBe(1);
  });

  it('GIVEN shutdown THEN close flushes what is queued; while the store stays down it gives up in time and says how much was lost', async () => {
    const kv = new MemoryKv();
    const store = new DurableFeedbackStore({ kv, salt: 's', ...FAST });
    await store.vote(vote());
    await store.close();
    expect(kv.data.size).toBe(1);

    const down = new MemoryKv();
    down.available = false;
    const { logger, lines } = logs();
    const stuck = new DurableFeedbackStore({ kv: down, salt: 's', logger, ...FAST });
    await stuck.vote(vote());
    const started = Date.now();
    await stuck.close();
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines().find((l) => l.msg.includes('lost'))).toMatchObject({ level: 50, lost: 1 });
    await stuck.vote(vote({ tmdbId: 2 })); // after close: dropped and counted, never thrown
    expect(stuck.stats().dropped).toBe(1);
  });

  it('GIVEN a raw user id THEN only its salted hash is stored, per platform', async () => {
    const kv = new MemoryKv();
    const store = new DurableFeedbackStore({ kv, salt: 'pepper', ...FAST });
    await store.vote(vote({ platform: 'discord', userId: '600000000000000042' }));
    await store.vote(vote({ platform: 'slack', userId: '600000000000000042' }));
    await store.impression({ platform: 'discord', userId: '600000000000000042', trackId: 'T', tmdbIds: [1] });
    await store.flush();
    const stored = JSON.stringify([...kv.data]);
    expect(stored).not.toContain('600000000000000042');
    expect(stored).toContain(hashUserId('pepper', 'discord', '600000000000000042'));
    expect(hashUserId('pepper', 'discord', 'x')).not.toBe(hashUserId('pepper', 'slack', 'x'));
    expect(hashUserId('pepper', 'discord', 'x')).not.toBe(hashUserId('salt', 'discord', 'x'));
  });
});
