import KeyvRedis, { createClient } from '@keyv/redis';
import Keyv from 'keyv';
import type { FeedbackKv } from '../../src/feedback/kv.js';
import type { Logger } from '../../src/logger.js';
import { KeyvKv } from './keyv-kv.js';
import { FEEDBACK_NAMESPACE } from './sqlite-kv.js';

export interface RedisKvOptions {
  /** How long to wait for the first connection before carrying on queueing (default 2 s). */
  connectTimeoutMs?: number;
}

/**
 * The shared feedback backend for several bot processes. The client fails commands at once while
 * disconnected (no offline queue: the durable store above keeps its own bounded queue) and keeps
 * reconnecting in the background, so a Redis restart needs nothing from us.
 */
export async function openRedisKv(url: string, logger: Logger, o: RedisKvOptions = {}): Promise<FeedbackKv> {
  const connectTimeout = o.connectTimeoutMs ?? 2000;
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { connectTimeout, reconnectStrategy: (attempt: number) => Math.min(100 * 2 ** attempt, 2000) },
  });
  let lastError = '';
  client.on('error', (err: Error) => {
    // Reconnect attempts repeat the same error; log each new one once.
    if (err.message !== lastError) logger.warn({ err: err.message }, 'redis connection error');
    lastError = err.message;
  });
  client.on('ready', () => {
    lastError = '';
  });
  const adapter = new KeyvRedis<string>(client as never, {
    namespace: FEEDBACK_NAMESPACE,
    throwErrors: true,
    throwOnConnectError: true,
    connectionTimeout: connectTimeout,
  });
  const keyv = new Keyv({
    store: adapter,
    namespace: FEEDBACK_NAMESPACE,
    useKeyPrefix: false,
    throwOnErrors: true,
  });
  keyv.on('error', () => {}); // thrown to the caller as well; the durable store logs it
  adapter.on('error', () => {});
  // Start connecting; a Redis that is down at start only means the first writes wait in the queue.
  const connecting = client.connect().catch(() => undefined);
  await Promise.race([connecting, new Promise((r) => setTimeout(r, connectTimeout).unref())]);

  const separator = '::';
  async function* rawScan(prefix: string): AsyncIterable<[string, unknown]> {
    const match = `${FEEDBACK_NAMESPACE}${separator}${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    let cursor = 0;
    do {
      const page = await client.scan(cursor, { MATCH: match, COUNT: 1000 });
      cursor = Number(page.cursor);
      const keys = page.keys.map(String);
      if (keys.length === 0) continue;
      const values = await client.mGet(keys);
      for (const [i, key] of keys.entries()) {
        yield [key.slice(FEEDBACK_NAMESPACE.length + separator.length), values[i]];
      }
    } while (cursor !== 0);
  }

  const close = async () => {
    if (!client.isOpen) return;
    try {
      await client.quit();
    } catch {
      await client.disconnect().catch(() => undefined);
    }
  };
  return new KeyvKv(keyv, rawScan, close);
}
