import { setTimeout as sleep } from 'node:timers/promises';
import { REST } from 'discord.js';
import { AppError } from '../../src/errors.js';
import { type Clock, systemClock } from '../../src/ports.js';
import { type CooldownPort, MemoryCooldown } from '../../src/safety/cooldown.js';
import { MemorySeenIds, type SeenIdsPort } from '../../src/safety/seen-ids.js';
import type { AppDeps } from '../app.js';
import type { HttpRoute } from '../http/route.js';
import { bindGateway, createGatewayClient } from './gateway.js';
import { DiscordHandler } from './handler.js';
import { interactionsRoute } from './http-route.js';
import { discordInFlight, type InFlight } from './in-flight.js';
import { MAX_SKEW_SECONDS } from './verify.js';

export { discordCommandSet } from './commands.js';
export { INTERACTIONS_PATH } from './http-route.js';
export { registerDiscordCommandSet } from './register.js';

/** What tests (and a future Redis deployment) swap in; production uses the defaults. */
export interface DiscordOverrides {
  clock?: Clock;
  cooldown?: CooldownPort;
  seenIds?: SeenIdsPort;
  inFlight?: InFlight;
  deferAfterMs?: number;
}

function handlerFor(deps: AppDeps, o: DiscordOverrides, inFlight: InFlight): DiscordHandler {
  return new DiscordHandler({
    engine: deps.engine,
    feedback: deps.feedback,
    logger: deps.logger,
    cooldown:
      o.cooldown ??
      deps.safety?.cooldown ??
      new MemoryCooldown(deps.config.cooldownSeconds, o.clock ?? systemClock),
    inFlight,
    deferAfterMs: o.deferAfterMs,
  });
}

/** POST /discord/interactions, when DISCORD_PUBLIC_KEY is set; otherwise no routes. */
export function discordRoutes(deps: AppDeps, o: DiscordOverrides = {}): HttpRoute[] {
  const { publicKey, apiUrl } = deps.config.discord;
  if (!publicKey) return [];
  const clock = o.clock ?? systemClock;
  const inFlight = o.inFlight ?? discordInFlight;
  return [
    interactionsRoute({
      handler: handlerFor(deps, o, inFlight),
      publicKey,
      maxBodyBytes: deps.config.maxBodyBytes,
      // A timestamp may be up to 5 min ahead, so an id is remembered for 10: as long as it could pass as fresh.
      seenIds:
        o.seenIds ??
        deps.safety?.seenIds(MAX_SKEW_SECONDS * 2) ??
        new MemorySeenIds(MAX_SKEW_SECONDS * 2, clock),
      clock,
      rest: new REST({ version: '10', ...(apiUrl ? { api: apiUrl } : {}) }),
      inFlight,
      logger: deps.logger,
    }),
  ];
}

export interface DiscordGateway {
  client: ReturnType<typeof createGatewayClient>;
  /** Stops taking events, finishes replies in progress, then disconnects. */
  stop(): Promise<void>;
}

/** Gateway mode: a discord.js client logged in with DISCORD_TOKEN, on the same handler as HTTP. */
export async function startDiscordGateway(
  deps: AppDeps,
  o: DiscordOverrides & { login?: boolean } = {},
): Promise<DiscordGateway> {
  const { token, apiUrl } = deps.config.discord;
  if (!token && o.login !== false)
    throw new AppError(
      'CONFIG_INVALID',
      'Set DISCORD_TOKEN (Developer Portal → your app → Bot) to use gateway mode.',
    );
  const inFlight = o.inFlight ?? discordInFlight;
  const client = createGatewayClient(apiUrl);
  const binding = bindGateway(client, {
    handler: handlerFor(deps, o, inFlight),
    feedback: deps.feedback,
    inFlight,
    logger: deps.logger,
  });
  if (o.login !== false)
    try {
      await client.login(token);
    } catch (e) {
      await binding.detach();
      await client.destroy();
      throw e;
    }
  return {
    client,
    async stop() {
      await binding.detach();
      await client.destroy();
    },
  };
}

let running: Promise<DiscordGateway | undefined> | undefined;
let stopRetrying: AbortController | undefined;

/** Why a login failed, in words, and whether trying again could help. */
export function loginFailure(e: unknown): { retry: boolean; message: string } {
  const err = e as { code?: unknown; status?: unknown; message?: unknown } | null;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (code === 'TokenInvalid' || err?.status === 401) {
    return {
      retry: false,
      message:
        'discord refused DISCORD_TOKEN; copy a fresh one from the Developer Portal (Bot → Reset Token)',
    };
  }
  // @discordjs/ws reports these as plain errors, by message only.
  const text = typeof err?.message === 'string' ? err.message : '';
  if (code === 'DisallowedIntents' || /disallowed intents|sharding is required|invalid shard/i.test(text)) {
    return {
      retry: false,
      message: 'discord refused the gateway intents; enable them for the bot in the Developer Portal',
    };
  }
  return { retry: true, message: 'discord gateway could not connect (network or Discord side)' };
}

export interface DiscordRetry {
  firstMs: number;
  maxMs: number;
  /** Tries in all before giving up (default: until it connects or the app stops). */
  attempts?: number;
}

/**
 * What `npm start` calls when DISCORD_TOKEN is set: connects the gateway in the background. A failure
 * a retry could fix (network, Discord down) is retried with back-off until it connects or the app
 * stops; a refused token is logged once. The web server keeps running either way; it never rejects.
 * Resolves true once connected, false when it gave up or was stopped.
 */
export async function startDiscord(
  deps: AppDeps,
  retry: DiscordRetry = { firstMs: 5_000, maxMs: 300_000 },
): Promise<boolean> {
  const log = deps.logger.child({ platform: 'discord', mode: 'gateway' });
  // One gateway per process: a second call joins the first rather than racing it.
  if (running && stopRetrying && !stopRetrying.signal.aborted) return (await running) !== undefined;
  const stop = new AbortController();
  stopRetrying = stop;
  running = (async () => {
    for (let attempt = 1, wait = retry.firstMs; ; attempt++, wait = Math.min(retry.maxMs, wait * 2)) {
      try {
        const g = await startDiscordGateway(deps);
        log.info({ user: g.client.user?.tag }, 'discord gateway connected');
        return g;
      } catch (e) {
        const why = loginFailure(e);
        const err = e instanceof Error ? e.message : String(e);
        const last = attempt >= (retry.attempts ?? Number.POSITIVE_INFINITY);
        if (!why.retry || stop.signal.aborted || last) {
          log.error({ err, attempts: attempt }, why.retry ? `${why.message}; giving up` : why.message);
          return undefined;
        }
        log.warn({ err, retryInMs: wait }, `${why.message}; retrying`);
        const stopped = await sleep(wait, false, { signal: stop.signal }).catch(() => true);
        if (stopped) return undefined;
      }
    }
  })();
  return (await running) !== undefined;
}

/** On shutdown: close the gateway (if any) and finish the replies and follow-ups still in flight. */
export async function stopDiscord(): Promise<void> {
  stopRetrying?.abort();
  await (await running)?.stop();
  running = undefined;
  await discordInFlight.drain();
}
