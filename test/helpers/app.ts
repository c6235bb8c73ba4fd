import { appRoutes } from '../../adapters/app.js';
import { startServer } from '../../adapters/web/server.js';
import { assemble } from '../../index/build/assemble.js';
import { loadConfig } from '../../src/config.js';
import { Engine } from '../../src/engine/engine.js';
import { InMemoryFeedback } from '../../src/feedback/memory.js';
import type { FeedbackPort } from '../../src/feedback/port.js';
import { silentLogger } from '../../src/logger.js';
import { MOVIES, TRACKS } from './fixtures.js';

/** The real app server on a loopback port, over the hand-written fixture catalogue. */
export async function startTestApp(
  env: Record<string, string> = {},
  engine?: Engine,
  feedbackPort?: FeedbackPort,
) {
  const config = loadConfig({ PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: '/nonexistent', ...env });
  const eng = engine ?? new Engine(assemble(TRACKS, MOVIES, new Map()).catalog);
  const memory = new InMemoryFeedback();
  const feedback = feedbackPort ?? memory;
  const app = await startServer({
    config,
    logger: silentLogger,
    engine: eng,
    handleSignals: false,
    routes: (e) => (e ? appRoutes({ config, logger: silentLogger, engine: e, feedback }) : []),
  });
  return { ...app, url: `http://127.0.0.1:${app.port}`, feedback: memory, engine: eng, config };
}
