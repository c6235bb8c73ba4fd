import { type Clock, systemClock } from '../ports.js';

/** A token bucket per client: `burst` requests at once, refilled at `perSecond`. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly clock: Clock = systemClock,
    private readonly maxClients = 50_000,
  ) {}

  /** 0 when allowed (and a token is spent), else the seconds until the next token. */
  take(client: string): number {
    const now = this.clock.now();
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.buckets.clear();
      b = { tokens: this.burst, at: now };
      this.buckets.set(client, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.ceil((1 - b.tokens) / this.perSecond);
  }
}

/** A per-client request budget. Shared stores (Redis) implement the same interface. */
export interface RateLimitPort {
  /** 0 when the client may go ahead (and spends one request), else the seconds to wait. */
  take(client: string): Promise<number>;
}

/** The token bucket above behind the port: one process's budget. */
export class MemoryRateLimit implements RateLimitPort {
  private readonly limiter: RateLimiter;
  constructor(perSecond: number, burst: number, clock: Clock = systemClock) {
    this.limiter = new RateLimiter(perSecond, burst, clock);
  }
  async take(client: string): Promise<number> {
    return this.limiter.take(client);
  }
}
