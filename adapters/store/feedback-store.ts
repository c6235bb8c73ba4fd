import { join } from 'node:path';
import type { Config } from '../../src/config.js';
import { DurableFeedbackStore, type DurableStoreOptions } from '../../src/feedback/durable-store.js';
import type { FeedbackStore } from '../../src/feedback/port.js';
import type { Logger } from '../../src/logger.js';
import { openRedisKv } from './redis-kv.js';
import { openSqliteKv } from './sqlite-kv.js';

export const FEEDBACK_FILE = 'feedback.sqlite';

/** Tuning a caller may override (tests shorten the timeouts). */
export type StoreTuning = Omit<DurableStoreOptions, 'kv' | 'salt' | 'logger'>;

/**
 * The feedback store for this configuration: Redis when REDIS_URL is set (several bot processes
 * share it), otherwise a SQLite file `<DATA_DIR>/feedback.sqlite`.
 */
export async function createFeedbackStore(
  config: Pick<Config, 'dataDir' | 'redisUrl' | 'feedbackSalt'>,
  logger: Logger,
  tuning: StoreTuning = {},
): Promise<FeedbackStore> {
  const log = logger.child({ component: 'feedback' });
  const kv = config.redisUrl
    ? await openRedisKv(config.redisUrl, log)
    : await openSqliteKv(join(config.dataDir, FEEDBACK_FILE));
  log.debug({ backend: config.redisUrl ? 'redis' : 'sqlite' }, 'feedback store opened');
  return new DurableFeedbackStore({ kv, salt: config.feedbackSalt, logger: log, ...tuning });
}
