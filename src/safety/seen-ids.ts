import { type Clock, systemClock } from '../ports.js';

/** Replay protection: remembers ids for a time-to-live. Shared stores (Redis) implement the same interface. */
export interface SeenIdsPort {
  /** True the first time an id is seen within the TTL, false for a replay. */
  firstSeen(id: string): Promise<boolean>;
}

export class MemorySeenIds implements SeenIdsPort {
  private readonly expires = new Map<string, number>();
  constructor(
    private readonly ttlSeconds: number,
    private readonly clock: Clock = systemClock,
  ) {}

  async firstSeen(id: string): Promise<boolean> {
    const now = this.clock.now();
    const exp = this.expires.get(id);
    if (exp !== undefined && exp > now) return false;
    // Map keeps insertion order, so expired ids are at the front.
    for (const [k, t] of this.expires) {
      if (t > now) break;
      this.expires.delete(k);
    }
    this.expires.set(id, now + this.ttlSeconds * 1000);
    return true;
  }
}
