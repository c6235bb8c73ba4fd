import type { Config } from '../src/config.js';
import type { Engine } from '../src/engine/engine.js';
import type { FeedbackPort } from '../src/feedback/port.js';
import type { Logger } from '../src/logger.js';
import { discordRoutes, startDiscord, stopDiscord } from './discord/index.js';
import { startShards } from './discord/sharding.js';
import type { HttpRoute } from './http/route.js';
import { createMetrics, meteredFeedback } from './metrics.js';
import { SHARD_SCRIPT } from './shard.js';
import { slackRoutes, startSlackSocketMode, stopSlack } from './slack/index.js';
import { createFeedbackStore } from './store/feedback-store.js';
import { createSafetyStores, type SafetyStores } from './store/redis-safety.js';
import { webRoutes } from './web/routes.js';
import { startServer } from './web/server.js';
import { voterIssuerFor } from './web/voter.js';

/** What every adapter is built from. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  engine: Engine;
  feedback: FeedbackPort;
  /** Cooldowns, replay protection, rate limits and Slack answers shared by the adapters (Redis when REDIS_URL is set); memory when absent. */
  safety?: SafetyStores;
}

/** The routes of every adapter whose configuration is present. Each adapter adds its block here. */
export function appRoutes(deps: AppDeps): HttpRoute[] {
  const routes: HttpRoute[] = [];
  routes.push(
    ...webRoutes({
      engine: deps.engine,
      feedback: deps.feedback,
      maxBodyBytes: deps.config.maxBodyBytes,
      rate: deps.config.webRate,
      limiter: deps.safety?.rateLimit(deps.config.webRate.perSecond, deps.config.webRate.burst),
      voters: voterIssuerFor(deps.config),
      trustProxy: deps.config.trustProxy,
    }),
  );
  // --- slack (issue 6): POST /slack/events when SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set ---
  routes.push(...slackRoutes(deps));
  // --- end slack ---
  // --- discord (issue 5): POST /discord/interactions when DISCORD_PUBLIC_KEY is set ---
  routes.push(...discordRoutes(deps));
  // --- end discord ---
  return routes;
}

/** `npm start`: one HTTP server for the web page, the API and the chat endpoints. */
export async function startApp(config: Config, logger: Logger): Promise<void> {
  const store = await createFeedbackStore(config, logger);
  const safety = await createSafetyStores(config, logger);
  const metrics = createMetrics({
    feedbackStats: () => store.stats(),
    failOpen: () => safety.failOpenCount(),
    defaults: true,
  });
  const feedback: FeedbackPort = meteredFeedback(store, metrics);
  // Gateway under ShardingManager (DISCORD_SHARDS): shard processes hold the gateway, this one serves HTTP.
  const shards =
    config.discord.token && config.discord.shards
      ? startShards(config, logger, { file: SHARD_SCRIPT })
      : undefined;
  await startServer({
    config,
    logger,
    metrics,
    // Ready when the shared store answers (always, without REDIS_URL).
    readiness: async () => ({ store: await safety.reachable() }),
    routes: (engine) => {
      if (!engine) return [];
      const deps: AppDeps = { config, logger, engine, feedback, safety };
      // --- slack (issue 6): Socket Mode when SLACK_APP_TOKEN is set; never blocks start-up ---
      if (config.slack.appToken) void startSlackSocketMode(deps);
      // --- end slack ---
      // --- discord (issue 5): gateway when DISCORD_TOKEN is set; never blocks start-up ---
      if (config.discord.token && !shards) void startDiscord(deps);
      // --- end discord ---
      return appRoutes(deps);
    },
    onShutdown: async () => {
      await stopSlack(); // slack (issue 6): drain listeners still posting answers
      await stopDiscord(); // discord (issue 5): finish in-flight replies, close the gateway
      await shards?.stop(); // each shard finishes its replies and queued votes, then exits
      await feedback.close();
      await safety.close();
    },
  });
}
