import type Keyv from 'keyv';
import type { FeedbackKv, KvEntry } from '../../src/feedback/kv.js';

/** Yields [key without namespace, raw serialized value] for every key under a prefix. */
export type RawScan = (prefix: string) => AsyncIterable<[string, unknown]>;

/**
 * A FeedbackKv over keyv (v5). Writes and point reads go through keyv, with `throwOnErrors` so a
 * backend that is down fails the call instead of returning false. Listing uses a backend-specific
 * scan (keyset pages on SQLite, SCAN on Redis) because keyv's generic iterator pages with OFFSET.
 */
export class KeyvKv implements FeedbackKv {
  constructor(
    private readonly keyv: Keyv,
    private readonly rawScan: RawScan,
    private readonly onClose: () => Promise<void>,
  ) {}

  async setMany(entries: readonly KvEntry[]): Promise<void> {
    // keyv throws on a backend error (throwOnErrors); some adapters' setMany return nothing at all.
    const results: unknown = await this.keyv.setMany(entries.map((e) => ({ key: e.key, value: e.value })));
    if (Array.isArray(results) && results.some((ok) => ok === false))
      throw new Error('the store refused a write');
  }

  async getMany(keys: readonly string[]): Promise<unknown[]> {
    if (keys.length === 0) return [];
    return this.keyv.getMany([...keys]);
  }

  async *scan(prefix: string): AsyncIterable<[string, unknown]> {
    for await (const [key, raw] of this.rawScan(prefix)) {
      if (!key.startsWith(prefix) || raw === null || raw === undefined) continue;
      const data = (await this.keyv.deserializeData(raw as string)) as { value?: unknown } | undefined;
      if (data && data.value !== undefined) yield [key, data.value];
    }
  }

  async close(): Promise<void> {
    await this.onClose();
  }
}
