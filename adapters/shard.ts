import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { openEngine } from '../index/open-engine.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { startDiscord, stopDiscord } from './discord/index.js';
import { createFeedbackStore } from './store/feedback-store.js';
import { createSafetyStores } from './store/redis-safety.js';

/** The script discord.js's ShardingManager forks once per gateway shard (DISCORD_SHARDS). */
export const SHARD_SCRIPT = fileURLToPath(import.meta.url);

/**
 * One shard process: its own read-only index, the shared stores (Redis with REDIS_URL) and a gateway
 * client on this shard's id. On SIGTERM it finishes replies in flight and queued votes, then exits.
 */
async function runShard(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = createLogger(config.logLevel).child({ shard: process.env.SHARDS });
  const engine = await openEngine(config.indexDir, { posterBaseUrl: `${config.tmdbImageBaseUrl}/w342` });
  const feedback = await createFeedbackStore(config, logger);
  const safety = await createSafetyStores(config, logger);
  process.once('SIGTERM', () => {
    void stopDiscord()
      .then(() => feedback.close())
      .then(() => safety.close())
      .finally(() => process.exit(0));
  });
  // The client reads SHARDS and SHARD_COUNT from the environment the manager gave this process.
  // Network failures are retried here with back-off. A refused token is not: the shard stays up,
  // idle, because the manager respawns a shard that exits at once, which would loop forever.
  const connected = await startDiscord({ config, logger, engine, feedback, safety });
  if (!connected) logger.error('discord shard idle: the gateway refused this configuration (see above)');
}

const isShardProcess =
  process.env.SHARDING_MANAGER === 'true' &&
  process.argv[1] !== undefined &&
  realpathSync(process.argv[1]) === realpathSync(SHARD_SCRIPT);
if (isShardProcess)
  await runShard().catch((e: unknown) => {
    process.stderr.write(
      `discord shard ${process.env.SHARDS} failed: ${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(1);
  });
