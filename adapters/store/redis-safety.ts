import { createClient } from '@keyv/redis';
import type { Config } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import { type CooldownPort, MemoryCooldown } from '../../src/safety/cooldown.js';
import { MemorySeenIds, type SeenIdsPort } from '../../src/safety/seen-ids.js';

/**
 * Replay protection and cooldowns for every adapter of one process: in memory by default, in Redis
 * when REDIS_URL is set so several processes share them.
 */
export interface SafetyStores {
  readonly backend: 'memory' | 'redis';
  cooldown: CooldownPort;
  /** A seen-ids store remembering ids for `ttlSeconds` (each caller picks its replay window). */
  seenIds(ttlSeconds: number): SeenIdsPort;
  /** Whether the shared store answers now (always true in memory). */
  reachable(): Promise<boolean>;
  /** How many checks were let through because the store did not answer (fail open). */
  failOpenCount(): number;
  close(): Promise<void>;
}

type RedisClient = ReturnType<typeof createClient>;
/** The two commands the stores need; a narrow type so tests and fakes stay simple. */
export interface SafetyRedis {
  set(key: string, value: string, o: { NX: true; PX: number }): Promise<string | null>;
  pTTL(key: string): Promise<number>;
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

function memoryStores(cooldownSeconds: number): SafetyStores {
  const cooldown = new MemoryCooldown(cooldownSeconds);
  return {
    backend: 'memory',
    cooldown,
    seenIds: (ttl) => new MemorySeenIds(ttl),
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
