import type { Config } from '../src/config.js';
import type { Engine } from '../src/engine/engine.js';
import type { FeedbackPort } from '../src/feedback/port.js';
import type { Logger } from '../src/logger.js';
import { discordRoutes, startDiscord, stopDiscord } from './discord/index.js';
import type { HttpRoute } from './http/route.js';
import { slackRoutes, startSlackSocketMode, stopSlack } from './slack/index.js';
import { createFeedbackStore } from './store/feedback-store.js';
import { webRoutes } from './web/routes.js';
import { startServer } from './web/server.js';

/** What every adapter is built from. */
export interface AppDeps {
  config: Config;
  logger: Logger;
  engine: Engine;
  feedback: FeedbackPort;
}

/** The routes of every adapter whose configuration is present. Each adapter adds its block here. */
export function appRoutes(deps: AppDeps): HttpRoute[] {
  const routes: HttpRoute[] = [];
  routes.push(
    ...webRoutes({ engine: deps.engine, feedback: deps.feedback, maxBodyBytes: deps.config.maxBodyBytes }),
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
  const feedback: FeedbackPort = await createFeedbackStore(config, logger);
  await startServer({
    config,
    logger,
    routes: (engine) => {
      if (!engine) return [];
      const deps: AppDeps = { config, logger, engine, feedback };
      // --- slack (issue 6): Socket Mode when SLACK_APP_TOKEN is set; never blocks start-up ---
      if (config.slack.appToken) void startSlackSocketMode(deps);
      // --- end slack ---
      // --- discord (issue 5): gateway when DISCORD_TOKEN is set; never blocks start-up ---
      if (config.discord.token) void startDiscord(deps);
      // --- end discord ---
      return appRoutes(deps);
    },
    onShutdown: async () => {
      await stopSlack(); // slack (issue 6): drain listeners still posting answers
      await stopDiscord(); // discord (issue 5): finish in-flight replies, close the gateway
      await feedback.close();
    },
  });
}
