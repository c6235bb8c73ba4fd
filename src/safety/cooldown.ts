import { type Clock, systemClock } from '../ports.js';

/** Per-key cooldowns: "try again in N s". Shared stores (Redis) implement the same interface. */
export interface CooldownPort {
  /** 0 when the key may act now (and starts its cooldown), else the seconds left. */
  take(key: string): Promise<number>;
}

export class MemoryCooldown implements CooldownPort {
  private readonly until = new Map<string, number>();
  constructor(
    private readonly seconds: number,
    private readonly clock: Clock = systemClock,
    private readonly maxKeys = 100_000,
  ) {}

  async take(key: string): Promise<number> {
    const now = this.clock.now();
    const until = this.until.get(key) ?? 0;
    if (until > now) return Math.ceil((until - now) / 1000);
    if (this.until.size >= this.maxKeys) this.sweep(now);
    this.until.set(key, now + this.seconds * 1000);
    return 0;
  }

  private sweep(now: number): void {
    for (const [k, t] of this.until) if (t <= now) this.until.delete(k);
    // Still full: forget the oldest half rather than grow without bound.
    if (this.until.size >= this.maxKeys) {
      for (const k of [...this.until.keys()].slice(0, this.maxKeys / 2)) this.until.delete(k);
    }
  }
}
