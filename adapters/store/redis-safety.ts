import { createClient } from '@keyv/redis';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { type CooldownPort, MemoryCooldown } from '../../src/safety/cooldown.js';
import { MemoryRateLimit, type RateLimitPort } from '../../src/safety/rate-limit.js';
import { MemorySeenIds, type SeenIdsPort } from '../../src/safety/seen-ids.js';
import { type PostedAnswer, PostedAnswers, type PostedAnswersPort } from '../slack/message-index.js';

/**
 * Replay protection, cooldowns, rate limits and the Slack answers reactions vote on, for every
 * adapter of one process: in memory by default, in Redis when REDIS_URL is set so several processes
 * share them.
 */
export interface SafetyStores {
  readonly backend: 'memory' | 'redis';
  cooldown: CooldownPort;
  /** A seen-ids store remembering ids for `ttlSeconds` (each caller picks its replay window). */
  seenIds(ttlSeconds: number): SeenIdsPort;
  /** A per-client budget of `burst` requests, refilled at `perSecond` (the web API's limit). */
  rateLimit(perSecond: number, burst: number): RateLimitPort;
  /** The Slack answers this app posted, for reaction votes. */
  answers: PostedAnswersPort;
  /** Whether the shared store answers now (always true in memory). */
  reachable(): Promise<boolean>;
  /** How many checks were let through because the store did not answer (fail open). */
  failOpenCount(): number;
  close(): Promise<void>;
}

type RedisClient = ReturnType<typeof createClient>;
/** The commands the stores need; a narrow type so tests and fakes stay simple. */
export interface SafetyRedis {
  set(key: string, value: string, o: { NX?: true; PX: number }): Promise<string | null>;
  get(key: string): Promise<string | null>;
  pTTL(key: string): Promise<number>;
  pExpire(key: string, ms: number): Promise<boolean>;
  incr(key: string): Promise<number>;
  sAdd(key: string, member: string): Promise<number>;
  sRem(key: string, member: string): Promise<number>;
  sMembers(key: string): Promise<string[]>;
}

const KEY_PREFIX = 'm2m:';
const COMMAND_TIMEOUT_MS = 250;

/** Runs a Redis command, failing after a short timeout so a stalled Redis never stalls a reply. */
async function bounded<T>(run: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('redis command timed out')), COMMAND_TIMEOUT_MS);
  });
  try {
    return await Promise.race([run(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** What the Redis stores do when Redis fails: count, warn once per outage, and let the request through. */
export class FailOpen {
  private count = 0;
  private warned = false;
  constructor(private readonly logger: Logger) {}
  get total(): number {
    return this.count;
  }
  failed(what: string, e: unknown): void {
    this.count++;
    if (this.warned) return;
    this.warned = true;
    this.logger.warn(
      { err: e instanceof Error ? e.message : String(e), what },
      'redis unavailable: letting requests through without the shared check (fail open)',
    );
  }
  recovered(): void {
    if (this.warned) this.logger.info('redis answering again: shared checks resumed');
    this.warned = false;
  }
}

/** Per-key cooldowns in Redis: SET key NX PX starts one, PTTL says how long is left. */
export class RedisCooldown implements CooldownPort {
  constructor(
    private readonly redis: SafetyRedis,
    private readonly seconds: number,
    private readonly failOpen: FailOpen,
  ) {}

  async take(key: string): Promise<number> {
    if (this.seconds <= 0) return 0;
    const k = `${KEY_PREFIX}cooldown:${key}`;
    try {
      for (let attempt = 0; attempt < 2; attempt++) {
        const set = await bounded(() =>
          this.redis.set(k, '1', { NX: true, PX: Math.ceil(this.seconds * 1000) }),
        );
        if (set !== null) {
          this.failOpen.recovered();
          return 0;
        }
        const left = await bounded(() => this.redis.pTTL(k));
        // -2: expired between the two commands, so try to take it again.
        if (left > 0) {
          this.failOpen.recovered();
          return Math.ceil(left / 1000);
        }
      }
      return 0;
    } catch (e) {
      this.failOpen.failed('cooldown', e);
      return 0;
    }
  }
}

/** Replay protection in Redis: the first SET NX of an id wins, for `ttlSeconds`. */
export class RedisSeenIds implements SeenIdsPort {
  constructor(
    private readonly redis: SafetyRedis,
    private readonly ttlSeconds: number,
    private readonly failOpen: FailOpen,
  ) {}

  async firstSeen(id: string): Promise<boolean> {
    try {
      const set = await bounded(() =>
        this.redis.set(`${KEY_PREFIX}seen:${id}`, '1', { NX: true, PX: Math.ceil(this.ttlSeconds * 1000) }),
      );
      this.failOpen.recovered();
      return set !== null;
    } catch (e) {
      this.failOpen.failed('seen-ids', e);
      return true;
    }
  }
}

/**
 * The web API's budget in Redis: a fixed window of `burst / perSecond` seconds allowing `burst`
 * requests per client (INCR, PEXPIRE on the first), so every process spends one budget.
 */
export class RedisRateLimit implements RateLimitPort {
  private readonly windowMs: number;
  constructor(
    private readonly redis: SafetyRedis,
    perSecond: number,
    private readonly burst: number,
    private readonly failOpen: FailOpen,
  ) {
    this.windowMs = Math.max(1000, Math.ceil((burst / perSecond) * 1000));
  }

  async take(client: string): Promise<number> {
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    const k = `${KEY_PREFIX}rate:${client}:${window}`;
    try {
      const n = await bounded(() => this.redis.incr(k));
      if (n === 1) await bounded(() => this.redis.pExpire(k, this.windowMs + 1000));
      this.failOpen.recovered();
      if (n <= this.burst) return 0;
      return Math.max(1, Math.ceil(((window + 1) * this.windowMs - now) / 1000));
    } catch (e) {
      this.failOpen.failed('rate-limit', e);
      return 0;
    }
  }
}

/** How long a posted Slack answer (and each user's thumbs on it) can still be voted on. */
export const ANSWER_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * The Slack answers in Redis: the answer as JSON under (channel, ts), each user's thumbs as a small
 * set per (message, user), both for a week. When Redis fails the reaction is ignored (logged, counted).
 */
export class RedisPostedAnswers implements PostedAnswersPort {
  private readonly ttlMs: number;
  constructor(
    private readonly redis: SafetyRedis,
    private readonly failOpen: FailOpen,
    ttlSeconds = ANSWER_TTL_SECONDS,
  ) {
    this.ttlMs = Math.ceil(ttlSeconds * 1000);
  }

  private key(channel: string, ts: string): string {
    return `${KEY_PREFIX}slack:answer:${channel}|${ts}`;
  }

  async remember(channel: string, ts: string, trackId: string, tmdbIds: readonly number[]): Promise<void> {
    const value = JSON.stringify({ trackId, tmdbIds: [...tmdbIds] } satisfies PostedAnswer);
    try {
      await bounded(() => this.redis.set(this.key(channel, ts), value, { PX: this.ttlMs }));
      this.failOpen.recovered();
    } catch (e) {
      this.failOpen.failed('slack-answers', e);
    }
  }

  async find(channel: string, ts: string): Promise<PostedAnswer | undefined> {
    let raw: string | null;
    try {
      raw = await bounded(() => this.redis.get(this.key(channel, ts)));
      this.failOpen.recovered();
    } catch (e) {
      this.failOpen.failed('slack-answers', e);
      return undefined;
    }
    if (raw === null) return undefined;
    try {
      const v = JSON.parse(raw) as Partial<PostedAnswer>;
      if (typeof v.trackId !== 'string' || !Array.isArray(v.tmdbIds)) return undefined;
      return { trackId: v.trackId, tmdbIds: v.tmdbIds.filter((n): n is number => typeof n === 'number') };
    } catch {
      return undefined;
    }
  }

  /** Callers `find` the answer first; this only keeps the user's thumbs on it. */
  async react(
    channel: string,
    ts: string,
    userId: string,
    thumb: 'up' | 'down',
    added: boolean,
  ): Promise<'up' | 'down' | undefined> {
    const k = `${this.key(channel, ts)}:thumbs:${userId}`;
    try {
      if (added) {
        await bounded(() => this.redis.sAdd(k, thumb));
        await bounded(() => this.redis.pExpire(k, this.ttlMs));
        this.failOpen.recovered();
        return thumb;
      }
      await bounded(() => this.redis.sRem(k, thumb));
      const left = await bounded(() => this.redis.sMembers(k));
      this.failOpen.recovered();
      const l = left[0];
      return l === 'up' || l === 'down' ? l : undefined;
    } catch (e) {
      this.failOpen.failed('slack-answers', e);
      return undefined;
    }
  }
}

function memoryStores(cooldownSeconds: number): SafetyStores {
  const cooldown = new MemoryCooldown(cooldownSeconds);
  return {
    backend: 'memory',
    cooldown,
    seenIds: (ttl) => new MemorySeenIds(ttl),
    rateLimit: (perSecond, burst) => new MemoryRateLimit(perSecond, burst),
    answers: new PostedAnswers(),
    reachable: async () => true,
    failOpenCount: () => 0,
    close: async () => {},
  };
}

/**
 * The safety stores for this configuration: Redis when REDIS_URL is set, otherwise memory (one
 * process). Never throws on a Redis that is down: the client keeps reconnecting and checks fail open.
 */
export async function createSafetyStores(
  config: Pick<Config, 'redisUrl' | 'cooldownSeconds'>,
  logger: Logger,
  o: { connectTimeoutMs?: number } = {},
): Promise<SafetyStores> {
  if (!config.redisUrl) return memoryStores(config.cooldownSeconds);
  const log = logger.child({ component: 'safety' });
  const connectTimeout = o.connectTimeoutMs ?? 2000;
  const client: RedisClient = createClient({
    url: config.redisUrl,
    disableOfflineQueue: true,
    socket: { connectTimeout, reconnectStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, 2000) },
  });
  let lastError = '';
  client.on('error', (err: Error) => {
    if (err.message !== lastError) log.warn({ err: err.message }, 'redis connection error');
    lastError = err.message;
  });
  client.on('ready', () => {
    lastError = '';
  });
  const connecting = client.connect().catch(() => undefined);
  await Promise.race([connecting, new Promise((r) => setTimeout(r, connectTimeout).unref())]);
  const redis = client as unknown as SafetyRedis;
  const failOpen = new FailOpen(log);
  return {
    backend: 'redis',
    cooldown: new RedisCooldown(redis, config.cooldownSeconds, failOpen),
    seenIds: (ttl) => new RedisSeenIds(redis, ttl, failOpen),
    rateLimit: (perSecond, burst) => new RedisRateLimit(redis, perSecond, burst, failOpen),
    answers: new RedisPostedAnswers(redis, failOpen),
    async reachable() {
      try {
        return (await bounded(() => client.ping())) === 'PONG';
      } catch {
        return false;
      }
    },
    failOpenCount: () => failOpen.total,
    async close() {
      if (!client.isOpen) return;
      try {
        await client.quit();
      } catch {
        await client.disconnect().catch(() => undefined);
      }
    },
  };
}
