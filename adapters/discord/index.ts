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

/**
 * What `npm start` calls when DISCORD_TOKEN is set: connects the gateway in the background. A failed
 * login is logged and the web server keeps running; it never rejects.
 */
export async function startDiscord(deps: AppDeps): Promise<void> {
  const log = deps.logger.child({ platform: 'discord', mode: 'gateway' });
  running = startDiscordGateway(deps).then(
    (g) => {
      log.info({ user: g.client.user?.tag }, 'discord gateway connected');
      return g;
    },
    (e: unknown) => {
      log.error(
        { err: e instanceof Error ? e.message : String(e) },
        'discord gateway could not start; check DISCORD_TOKEN',
      );
      return undefined;
    },
  );
  await running;
}

/** On shutdown: close the gateway (if any) and finish the replies and follow-ups still in flight. */
export async function stopDiscord(): Promise<void> {
  await (await running)?.stop();
  running = undefined;
  await discordInFlight.drain();
}
