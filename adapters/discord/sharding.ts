import { ShardingManager } from 'discord.js';
import type { Config } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';

export interface ShardOptions {
  /** The script each shard process runs (adapters/shard.ts: the index, the stores, one gateway client). */
  file: string;
  execArgv?: string[];
}

/**
 * Gateway mode across processes: discord.js's ShardingManager forks `o.file` once per shard
 * (DISCORD_SHARDS=auto asks Discord how many). Each shard process loads its own read-only index and
 * shares feedback, cooldowns and replay protection through Redis (REDIS_URL).
 */
export function createShardManager(config: Config, o: ShardOptions): ShardingManager {
  const { token, shards } = config.discord;
  if (!token)
    throw new AppError(
      'CONFIG_INVALID',
      'Set DISCORD_TOKEN (Developer Portal → your app → Bot) to shard the gateway.',
    );
  return new ShardingManager(o.file, {
    token,
    totalShards: shards ?? 'auto',
    mode: 'process',
    respawn: true,
    // Shards run the same way this process does (e.g. under a TypeScript loader in development).
    execArgv: o.execArgv ?? process.execArgv,
  });
}

/** Starts the shards in the background; a failure is logged and the web server keeps running. */
export function startShards(config: Config, logger: Logger, o: ShardOptions): { stop(): Promise<void> } {
  const log = logger.child({ platform: 'discord', mode: 'sharded' });
  const manager = createShardManager(config, o);
  manager.on('shardCreate', (shard) => log.info({ shard: shard.id }, 'discord shard started'));
  // No ready deadline: a shard whose network is down keeps retrying, and the next shards follow
  // once it connects, instead of the manager giving up on all of them after 30 s.
  const spawning = manager.spawn({ timeout: -1 }).then(
    (shards) => log.info({ shards: shards.size }, 'discord shards ready'),
    (e: unknown) =>
      log.error(
        { err: e instanceof Error ? e.message : String(e) },
        'discord shards could not start; check DISCORD_TOKEN',
      ),
  );
  return {
    async stop() {
      await Promise.race([spawning, new Promise((r) => setTimeout(r, 1000).unref())]);
      // SIGTERM each shard: it finishes its replies and queued votes, then exits.
      await Promise.all(
        [...manager.shards.values()].map(
          (shard) =>
            new Promise<void>((resolve) => {
              const child = shard.process;
              if (!child || child.exitCode !== null) return resolve();
              manager.respawn = false;
              child.once('exit', () => resolve());
              child.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
