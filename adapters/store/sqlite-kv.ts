import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import KeyvSqlite from '@keyv/sqlite';
import Keyv from 'keyv';
import type { FeedbackKv } from '../../src/feedback/kv.js';
import { KeyvKv } from './keyv-kv.js';

export const FEEDBACK_NAMESPACE = 'feedback';
const TABLE = 'feedback';
const PAGE = 1000;

/**
 * The default feedback backend: one SQLite file (WAL, so a report can read while a bot writes;
 * a busy timeout so several local processes can share it).
 */
export async function openSqliteKv(file: string): Promise<FeedbackKv> {
  await mkdir(dirname(file), { recursive: true });
  const adapter = new KeyvSqlite({ uri: `sqlite://${file}`, table: TABLE, busyTimeout: 5000 });
  await adapter.query('PRAGMA journal_mode=WAL');
  await adapter.query('PRAGMA synchronous=NORMAL');
  const keyv = new Keyv({ store: adapter, namespace: FEEDBACK_NAMESPACE, throwOnErrors: true });
  keyv.on('error', () => {}); // thrown to the caller as well; the durable store logs it
  const full = (key: string) => `${FEEDBACK_NAMESPACE}:${key}`;
  async function* rawScan(prefix: string): AsyncIterable<[string, unknown]> {
    // Keyset pages on the primary key: each page is an index range scan, whatever the table size.
    let after = full(prefix);
    const below = `${full(prefix)}\u007f`;
    let first = true;
    for (;;) {
      const rows = (await adapter.query(
        `SELECT key, value FROM ${TABLE} WHERE key ${first ? '>=' : '>'} ? AND key < ? ORDER BY key LIMIT ${PAGE}`,
        after,
        below,
      )) as Array<{ key: string; value: string }>;
      first = false;
      for (const r of rows) yield [r.key.slice(FEEDBACK_NAMESPACE.length + 1), r.value];
      if (rows.length < PAGE) return;
      after = (rows[rows.length - 1] as { key: string }).key;
    }
  }
  return new KeyvKv(keyv, rawScan, () => adapter.disconnect());
}
