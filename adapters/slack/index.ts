/**
 * Slack adapter entry points. Nothing here loads @slack/bolt until Slack is configured: the runtime
 * is imported on demand, so the web server starts fast without it.
 */
import type { AppDeps } from '../app.js';
import type { HttpRoute } from '../http/route.js';
import type { SlackOptions } from './options.js';
import { SLACK_EVENTS_PATH } from './receiver.js';

export type { SlackOptions } from './options.js';
export { SLACK_EVENTS_PATH } from './receiver.js';

/** Everything started here, stopped by `stopSlack` on shutdown. */
const running = new Set<() => Promise<void>>();

/**
 * POST /slack/events on the app's server (slash commands, interactivity, options, events), when
 * SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN are set; empty otherwise.
 */
export function slackRoutes(deps: AppDeps, options: SlackOptions = {}): HttpRoute[] {
  const { signingSecret, botToken } = deps.config.slack;
  if (!signingSecret || !botToken) return [];
  const runtime = import('./runtime.js').then((m) => m.startHttpRuntime(deps, options));
  runtime.catch((e: unknown) =>
    deps.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'slack adapter failed to start'),
  );
  const stop = async () => {
    running.delete(stop);
    await (await runtime).stop();
  };
  running.add(stop);
  return [
    {
      method: 'POST',
      path: SLACK_EVENTS_PATH,
      handle: async (req, res) => (await runtime).receiver.route.handle(req, res),
    },
  ];
}

/**
 * Socket Mode, when SLACK_APP_TOKEN (and SLACK_BOT_TOKEN) are set. Never throws and never blocks
 * start-up on Slack: a failed connection is logged and retried with back-off until `stopSlack`.
 */
export async function startSlackSocketMode(deps: AppDeps, options: SlackOptions = {}): Promise<void> {
  const { appToken, botToken } = deps.config.slack;
  const log = deps.logger.child({ platform: 'slack' });
  if (!appToken || !botToken) {
    if (appToken) log.warn('SLACK_APP_TOKEN is set but SLACK_BOT_TOKEN is not; Socket Mode stays off');
    return;
  }
  let stopped = false;
  let current: { stop(): Promise<void> } | undefined;
  const stop = async () => {
    stopped = true;
    running.delete(stop);
    await current?.stop();
  };
  running.add(stop);
  const { startSocketRuntime } = await import('./runtime.js');
  for (let attempt = 0; !stopped; attempt++) {
    try {
      current = await startSocketRuntime(deps, options);
      if (stopped) await current.stop();
      return;
    } catch (e) {
      const wait = Math.min(60_000, 2000 * 2 ** attempt);
      log.error(
        { err: e instanceof Error ? e.message : String(e), retryInMs: wait },
        'slack socket mode could not connect; check SLACK_APP_TOKEN',
      );
      await new Promise((r) => setTimeout(r, wait).unref());
    }
  }
}

/** Graceful shutdown: refuse new Slack requests, let listeners finish posting, close sockets. */
export async function stopSlack(): Promise<void> {
  await Promise.allSettled([...running].map((stop) => stop()));
}
