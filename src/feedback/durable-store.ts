import { randomUUID } from 'node:crypto';
import { AppError } from '../errors.js';
import { type Logger, silentLogger } from '../logger.js';
import { type Clock, systemClock } from '../ports.js';
import type { FeedbackKv, KvEntry } from './kv.js';
import type {
  FeedbackStats,
  FeedbackStore,
  ImpressionEvent,
  StoredImpression,
  StoredLoss,
  StoredVote,
  VoteEvent,
} from './port.js';
import {
  impressionKey,
  KEY_PREFIX,
  lossKey,
  storedImpressionSchema,
  storedLossSchema,
  storedVoteSchema,
  voteKey,
} from './records.js';
import { hashUserId } from './user-hash.js';

export interface DurableStoreOptions {
  kv: FeedbackKv;
  /** Salt of the user-id HMAC; every process sharing a store must use the same one. */
  salt: string;
  logger?: Logger;
  clock?: Clock;
  newId?: () => string;
  /** Most writes held while the store is down (default 10,000); beyond it the oldest impressions go first. */
  maxQueue?: number;
  /** Entries per write (default 200). */
  batchSize?: number;
  /** A write that takes longer counts as failed and is retried (default 2 s). */
  writeTimeoutMs?: number;
  /** Retry back-off: first wait and cap (default 200 ms doubling to 5 s). */
  retryMs?: { initial: number; max: number };
  /** How long `close` keeps trying to write the queue (default 5 s). */
  closeTimeoutMs?: number;
}

type PendingKind = 'vote' | 'impression' | 'loss';

interface Pending extends KvEntry {
  kind: PendingKind;
  at: number;
}

/**
 * The feedback store adapters write to: hashes user ids, writes through a FeedbackKv, and never
 * loses a vote to a short outage. `impression` and `vote` return at once; writes go out in the
 * background in batches. When the backend fails they stay in a bounded queue and are retried with
 * back-off; on overflow the oldest impressions are dropped before any vote, each drop is counted,
 * logged, and recorded in the store (a loss record) once it is back. `close` flushes.
 */
export class DurableFeedbackStore implements FeedbackStore {
  private readonly kv: FeedbackKv;
  private readonly salt: string;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly newId: () => string;
  private readonly maxQueue: number;
  private readonly batchSize: number;
  private readonly writeTimeoutMs: number;
  private readonly retry: { initial: number; max: number };
  private readonly closeTimeoutMs: number;

  private readonly queue = new Map<string, Pending>();
  private inFlight: Pending[] = [];
  private draining: Promise<void> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private backoff: number;
  private available = true;
  private closed = false;
  private written = 0;
  private dropped = 0;
  private unrecordedLosses = 0;
  private failedAttempts = 0;

  constructor(o: DurableStoreOptions) {
    this.kv = o.kv;
    this.salt = o.salt;
    this.log = o.logger ?? silentLogger;
    this.clock = o.clock ?? systemClock;
    this.newId = o.newId ?? randomUUID;
    this.maxQueue = Math.max(1, o.maxQueue ?? 10_000);
    this.batchSize = Math.max(1, o.batchSize ?? 200);
    this.writeTimeoutMs = o.writeTimeoutMs ?? 2000;
    this.retry = o.retryMs ?? { initial: 200, max: 5000 };
    this.closeTimeoutMs = o.closeTimeoutMs ?? 5000;
    this.backoff = this.retry.initial;
  }

  async impression(e: ImpressionEvent): Promise<void> {
    try {
      const record: StoredImpression = {
        id: this.newId(),
        platform: e.platform,
        userHash: hashUserId(this.salt, e.platform, e.userId),
        trackId: e.trackId,
        tmdbIds: e.tmdbIds.filter((id) => Number.isInteger(id)),
        at: e.at ?? this.clock.now(),
      };
      if (e.context !== undefined) record.context = e.context.slice(0, 200);
      if (e.firstRank !== undefined && Number.isInteger(e.firstRank) && e.firstRank > 1)
        record.firstRank = e.firstRank;
      this.enqueue({ key: impressionKey(record), value: record, kind: 'impression', at: record.at });
    } catch (err) {
      this.log.error({ err: String(err) }, 'feedback impression not recorded');
    }
  }

  async vote(e: VoteEvent): Promise<void> {
    try {
      const record: StoredVote = {
        platform: e.platform,
        userHash: hashUserId(this.salt, e.platform, e.userId),
        trackId: e.trackId,
        tmdbId: e.tmdbId,
        value: e.value,
        at: e.at ?? this.clock.now(),
      };
      this.enqueue({ key: voteKey(record), value: record, kind: 'vote', at: record.at });
    } catch (err) {
      this.log.error({ err: String(err) }, 'feedback vote not recorded');
    }
  }

  stats(): FeedbackStats {
    return {
      queued: this.queue.size + this.inFlight.length,
      written: this.written,
      dropped: this.dropped,
      failedAttempts: this.failedAttempts,
      available: this.available,
    };
  }

  async flush(timeoutMs = this.closeTimeoutMs): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (this.draining) await this.draining;
      if (this.queue.size === 0 && this.inFlight.length === 0) return true;
      const left = deadline - Date.now();
      if (left <= 0) return false;
      // Try now rather than waiting for the back-off timer, then wait a little before the next try.
      this.cancelRetry();
      this.startDrain();
      await this.draining;
      if (this.queue.size === 0) return true;
      await sleep(Math.min(this.backoff, Math.max(0, deadline - Date.now())));
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const done = await this.flush(this.closeTimeoutMs);
    this.cancelRetry();
    if (!done) {
      this.log.error(
        { lost: this.queue.size + this.inFlight.length, dropped: this.dropped },
        'feedback store still unavailable at shutdown; queued feedback was lost',
      );
    } else if (this.dropped > 0) {
      this.log.warn({ dropped: this.dropped }, 'feedback lost to queue overflow while the store was down');
    }
    try {
      await this.kv.close();
    } catch (err) {
      this.log.warn({ err: String(err) }, 'feedback store did not close cleanly');
    }
  }

  async listVotes(since?: number): Promise<StoredVote[]> {
    return this.list(KEY_PREFIX.vote, storedVoteSchema, since);
  }

  async listImpressions(since?: number): Promise<StoredImpression[]> {
    const rows = await this.list(KEY_PREFIX.impression, storedImpressionSchema, since);
    return rows.sort((a, b) => a.at - b.at);
  }

  async listLosses(since?: number): Promise<StoredLoss[]> {
    return this.list(KEY_PREFIX.loss, storedLossSchema, since);
  }

  private async list<T extends { at: number }>(
    prefix: string,
    schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } },
    since = Number.NEGATIVE_INFINITY,
  ): Promise<T[]> {
    // Read what this process wrote too; a store that is down fails the read below with a clear error.
    await this.flush(Math.min(this.closeTimeoutMs, 1000));
    const byKey = new Map<string, T>();
    let malformed = 0;
    try {
      for await (const [key, value] of this.kv.scan(prefix)) {
        const parsed = schema.safeParse(value);
        if (!parsed.success) malformed++;
        else if (parsed.data.at >= since) byKey.set(key, parsed.data);
      }
    } catch (cause) {
      throw new AppError(
        'STORE_UNAVAILABLE',
        'The feedback store cannot be read (is REDIS_URL reachable, or the data folder readable?).',
        { cause },
      );
    }
    if (malformed > 0) this.log.warn({ malformed, prefix }, 'skipped malformed feedback records');
    return [...byKey.values()];
  }

  private enqueue(p: Pending): void {
    if (this.closed) {
      this.dropped++;
      this.log.warn({ kind: p.kind }, 'feedback arrived after the store closed; dropped');
      return;
    }
    this.queue.delete(p.key);
    if (this.queue.size >= this.maxQueue) this.dropOne();
    this.queue.set(p.key, p);
    if (!this.retryTimer) this.startDrain();
  }

  private dropOne(): void {
    // Oldest impression first, then the oldest vote; a loss record (the count of what was dropped) last.
    let victim: Pending | undefined;
    let oldestVote: Pending | undefined;
    for (const q of this.queue.values()) {
      if (q.kind === 'impression') {
        victim = q;
        break;
      }
      if (q.kind === 'vote') oldestVote ??= q;
      else victim ??= q;
    }
    if (victim?.kind !== 'impression') victim = oldestVote ?? victim;
    if (!victim) return;
    this.queue.delete(victim.key);
    this.dropped++;
    this.unrecordedLosses++;
    if (this.dropped === 1 || this.dropped % 100 === 0) {
      this.log.warn(
        { dropped: this.dropped, maxQueue: this.maxQueue, kind: victim.kind },
        'feedback queue full while the store is down; dropping the oldest entries',
      );
    }
  }

  private startDrain(): void {
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.size > 0) {
      // The batch leaves the queue while it is written, so overflow never drops what is in flight.
      this.inFlight = [...this.queue.values()].slice(0, this.batchSize);
      for (const p of this.inFlight) this.queue.delete(p.key);
      const batch = this.inFlight;
      try {
        await withTimeout(this.writeBatch(batch), this.writeTimeoutMs);
      } catch (err) {
        this.inFlight = [];
        this.requeue(batch);
        this.failedAttempts++;
        if (this.available) {
          this.available = false;
          this.log.warn(
            { err: err instanceof Error ? err.message : String(err), queued: this.queue.size },
            'feedback store unavailable; queueing writes until it is back',
          );
        }
        this.scheduleRetry();
        return;
      }
      this.inFlight = [];
      this.written += batch.length;
      if (!this.available) {
        this.available = true;
        this.log.info({ queued: this.queue.size, dropped: this.dropped }, 'feedback store is back');
      }
      this.backoff = this.retry.initial;
      if (this.unrecordedLosses > 0) {
        const loss: StoredLoss = { id: this.newId(), dropped: this.unrecordedLosses, at: this.clock.now() };
        this.unrecordedLosses = 0;
        this.queue.set(lossKey(loss), { key: lossKey(loss), value: loss, kind: 'loss', at: loss.at });
      }
    }
  }

  /** Puts a failed batch back in front, except entries a newer write on the same key replaced. */
  private requeue(batch: readonly Pending[]): void {
    const waiting = [...this.queue.entries()];
    this.queue.clear();
    for (const p of batch) if (!waiting.some(([k]) => k === p.key)) this.queue.set(p.key, p);
    for (const [k, p] of waiting) this.queue.set(k, p);
    while (this.queue.size > this.maxQueue) this.dropOne();
  }

  /**
   * Writes one batch. A queued vote must not overwrite a newer vote another process wrote on the
   * same pair meanwhile, so votes are compared with what the store holds first.
   */
  private async writeBatch(batch: readonly Pending[]): Promise<void> {
    const votes = batch.filter((p) => p.kind === 'vote');
    let skip = new Set<string>();
    if (votes.length > 0) {
      const current = await this.kv.getMany(votes.map((v) => v.key));
      skip = new Set(
        votes
          .filter((v, i) => {
            const c = storedVoteSchema.safeParse(current[i]);
            return c.success && c.data.at > v.at;
          })
          .map((v) => v.key),
      );
    }
    const entries = batch.filter((p) => !skip.has(p.key)).map(({ key, value }) => ({ key, value }));
    if (entries.length > 0) await this.kv.setMany(entries);
  }

  private scheduleRetry(): void {
    if (this.retryTimer) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.retry.max, this.backoff * 2);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.startDrain();
    }, wait);
    this.retryTimer.unref?.();
  }

  private cancelRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`feedback store write timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
