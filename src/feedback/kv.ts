import { AppError } from '../errors.js';

export interface KvEntry {
  key: string;
  value: unknown;
}

/**
 * The key-value port the durable feedback store writes through. Implementations (keyv over SQLite
 * or Redis in adapters/store/) must fail fast when their backend is down, never hang or queue
 * silently: the queue above them decides what to keep.
 */
export interface FeedbackKv {
  /** Writes every entry (upserts) or throws. */
  setMany(entries: readonly KvEntry[]): Promise<void>;
  /** The current values of these keys (undefined where absent), or throws. */
  getMany(keys: readonly string[]): Promise<unknown[]>;
  /** Every entry whose key starts with `prefix`, in no particular order; throws when unreachable. */
  scan(prefix: string): AsyncIterable<[string, unknown]>;
  close(): Promise<void>;
}

/** An in-process FeedbackKv for tests: `available = false` makes it behave like a store that is down. */
export class MemoryKv implements FeedbackKv {
  readonly data = new Map<string, unknown>();
  available = true;
  writes = 0;

  private check(): void {
    if (!this.available) throw new AppError('STORE_UNAVAILABLE', 'The in-memory store is switched off.');
  }

  async setMany(entries: readonly KvEntry[]): Promise<void> {
    this.check();
    for (const e of entries) this.data.set(e.key, structuredClone(e.value));
    this.writes += entries.length;
  }

  async getMany(keys: readonly string[]): Promise<unknown[]> {
    this.check();
    return keys.map((k) => structuredClone(this.data.get(k)));
  }

  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    this.check();
    for (const [k, v] of [...this.data]) if (k.startsWith(prefix)) yield [k, structuredClone(v)];
  }

  async close(): Promise<void> {}
}
