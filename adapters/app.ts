import type { Config } from '../src/config.js';
import type { Engine } from '../src/engine/engine.js';
import { InMemoryFeedback } from '../src/feedback/memory.js';
import type { FeedbackPort } from '../src/feedback/port.js';
import type { Logger } from '../src/logger.js';
import type { HttpRoute } from './http/route.js';
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
  return routes;
}

/** `npm start`: one HTTP server for the web page, the API and the chat endpoints. */
export async function startApp(config: Config, logger: Logger): Promise<void> {
  const feedback: FeedbackPort = new InMemoryFeedback();
  await startServer({
    config,
    logger,
    routes: (engine) => (engine ? appRoutes({ config, logger, engine, feedback }) : []),
    onShutdown: () => feedback.close(),
  });
}
