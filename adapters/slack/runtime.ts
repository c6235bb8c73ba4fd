import { App, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../../src/config.js';
import { systemClock } from '../../src/ports.js';
import { MemoryCooldown } from '../../src/safety/cooldown.js';
import { MemorySeenIds } from '../../src/safety/seen-ids.js';
import type { AppDeps } from '../app.js';
import { boltLogger } from './bolt-logger.js';
import { registerCommands } from './commands.js';
import { movieLookup, type SlackContext } from './context.js';
import { registerEvents } from './events.js';
import { guardedFetch } from './guarded-fetch.js';
import { registerInteractions } from './interactions.js';
import { PostedAnswers } from './message-index.js';
import type { SlackOptions } from './options.js';
import { HttpRouteReceiver } from './receiver.js';
import { REPLAY_WINDOW_SECONDS } from './signature.js';

/** How long event ids are remembered: longer than Slack's retry schedule (up to ~5 min). */
const EVENT_TTL_SECONDS = 60 * 60;
/** Signatures only need remembering while their timestamp is inside the replay window. */
const SIGNATURE_TTL_SECONDS = REPLAY_WINDOW_SECONDS + 60;

function clientOptions(config: Config) {
  const apiUrl = config.slack.apiUrl;
  return {
    ...(apiUrl ? { slackApiUrl: apiUrl.endsWith('/') ? apiUrl : `${apiUrl}/` } : {}),
    // Against a fake or staging API, fail fast; against Slack, a couple of quick retries.
    retryConfig: apiUrl ? { retries: 0 } : { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2000 },
    timeout: 5000,
    fetch: guardedFetch(apiUrl),
  };
}

export function slackContext(deps: AppDeps, o: SlackOptions = {}): SlackContext {
  const clock = o.clock;
  const base = `${deps.engine.catalog.posterBaseUrl}`;
  return {
    engine: deps.engine,
    feedback: deps.feedback,
    logger: deps.logger.child({ platform: 'slack' }),
    cooldown: o.cooldown ?? deps.safety?.cooldown ?? new MemoryCooldown(deps.config.cooldownSeconds, clock),
    seenEvents:
      o.seenEvents ?? deps.safety?.seenIds(EVENT_TTL_SECONDS) ?? new MemorySeenIds(EVENT_TTL_SECONDS, clock),
    answers: o.answers ?? deps.safety?.answers ?? new PostedAnswers(),
    movie: movieLookup(deps.engine),
    posterUrl: (m) => (m.posterPath ? `${base}${m.posterPath}` : null),
  };
}

/**
 * The Bolt app over a receiver. Authorization is the configured bot token with no auth.test: neither
 * starting nor serving a request waits on Slack (Bolt would otherwise call auth.test per event).
 */
export function createSlackApp(deps: AppDeps, receiver: Receiver, ctx: SlackContext): App {
  const botToken = deps.config.slack.botToken;
  const app = new App({
    receiver,
    authorize: async () => ({ botToken }),
    logger: boltLogger(ctx.logger),
    clientOptions: clientOptions(deps.config),
    tokenVerificationEnabled: false,
    convoStore: false,
  });
  app.error(async (e) => {
    ctx.logger.error({ err: e.message, code: e.code }, 'slack listener failed');
  });
  registerEvents(app, ctx);
  registerCommands(app, ctx);
  registerInteractions(app, ctx);
  return app;
}

export interface HttpRuntime {
  receiver: HttpRouteReceiver;
  app: App;
  ctx: SlackContext;
  stop(): Promise<void>;
}

export function startHttpRuntime(deps: AppDeps, o: SlackOptions = {}): HttpRuntime {
  const ctx = slackContext(deps, o);
  const receiver = new HttpRouteReceiver({
    signingSecret: deps.config.slack.signingSecret ?? '',
    maxBodyBytes: deps.config.maxBodyBytes,
    clock: o.clock ?? systemClock,
    logger: ctx.logger,
    seen:
      o.seenSignatures ??
      deps.safety?.seenIds(SIGNATURE_TTL_SECONDS) ??
      new MemorySeenIds(SIGNATURE_TTL_SECONDS, o.clock),
    ackTimeoutMs: o.ackTimeoutMs,
  });
  const app = createSlackApp(deps, receiver, ctx);
  ctx.logger.info({ path: receiver.route.path }, 'slack events endpoint mounted');
  return { receiver, app, ctx, stop: () => receiver.stop() };
}

/** Socket Mode: the same app over Slack's WebSocket (SLACK_APP_TOKEN); no public URL needed. */
export async function startSocketRuntime(
  deps: AppDeps,
  o: SlackOptions = {},
): Promise<{ app: App; stop(): Promise<void> }> {
  const ctx = slackContext(deps, o);
  const { fetch: guarded, ...rest } = clientOptions(deps.config);
  const receiver = new SocketModeReceiver({
    appToken: deps.config.slack.appToken ?? '',
    logger: boltLogger(ctx.logger),
    installerOptions: { clientOptions: { ...rest, fetch: guarded } },
  });
  const app = createSlackApp(deps, receiver, ctx);
  await app.start();
  ctx.logger.info('slack socket mode connected');
  return { app, stop: () => app.stop() as Promise<void> };
}
