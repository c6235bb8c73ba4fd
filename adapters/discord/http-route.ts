import type { IncomingMessage, ServerResponse } from 'node:http';
import type { REST } from 'discord.js';
import { isAppError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { Clock } from '../../src/ports.js';
import type { SeenIdsPort } from '../../src/safety/seen-ids.js';
import { type HttpRoute, readRawBody, sendJson } from '../http/route.js';
import type { DiscordHandler } from './handler.js';
import type { InFlight } from './in-flight.js';
import { deliverFollowUp } from './outbox.js';
import type { InteractionIn } from './types.js';
import { ed25519PublicKey, isStale, verifySignature } from './verify.js';

export const INTERACTIONS_PATH = '/discord/interactions';

export interface InteractionsRouteOptions {
  handler: DiscordHandler;
  publicKey: string;
  maxBodyBytes: number;
  seenIds: SeenIdsPort;
  clock: Clock;
  /** Delivers deferred follow-ups (PATCH of the original response) to DISCORD_API_URL. */
  rest: REST;
  inFlight: InFlight;
  logger: Logger;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isInteraction(v: unknown): v is InteractionIn {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return (
    typeof o.id === 'string' &&
    typeof o.type === 'number' &&
    typeof o.token === 'string' &&
    typeof o.application_id === 'string' &&
    (o.data === undefined || (typeof o.data === 'object' && o.data !== null))
  );
}

/**
 * POST /discord/interactions: size limit, Ed25519 signature over the raw body, timestamp within five
 * minutes, interaction id never seen before; then the shared handler, its response as the HTTP body,
 * and any deferred follow-up delivered afterwards.
 */
export function interactionsRoute(o: InteractionsRouteOptions): HttpRoute {
  const key = ed25519PublicKey(o.publicKey);
  const log = o.logger.child({ platform: 'discord', mode: 'http' });
  const refuse = (res: ServerResponse, status: number, code: string, message: string) =>
    sendJson(res, status, { code, message });
  return {
    method: 'POST',
    path: INTERACTIONS_PATH,
    async handle(req, res) {
      let body: Buffer;
      try {
        body = await readRawBody(req, res, o.maxBodyBytes);
      } catch (e) {
        if (isAppError(e)) return refuse(res, Number(e.details?.status ?? 400), 'TOO_LARGE', e.message);
        throw e;
      }
      const timestamp = header(req, 'x-signature-timestamp');
      if (!verifySignature(key, header(req, 'x-signature-ed25519'), timestamp, body))
        return refuse(res, 401, 'BAD_SIGNATURE', 'Invalid request signature.');
      if (isStale(timestamp as string, o.clock.now()))
        return refuse(res, 401, 'STALE', 'Request timestamp is more than five minutes off.');
      let payload: unknown;
      try {
        payload = JSON.parse(body.toString('utf8'));
      } catch {
        return refuse(res, 400, 'BAD_JSON', 'Body is not valid JSON.');
      }
      if (!isInteraction(payload)) return refuse(res, 400, 'BAD_INTERACTION', 'Body is not an interaction.');
      if (!(await o.seenIds.firstSeen(payload.id)))
        return refuse(res, 409, 'REPLAYED', 'This interaction was already received.');
      const started = performance.now();
      const result = await o.handler.handle(payload);
      sendJson(res, 200, result.response);
      log.debug(
        {
          interaction: payload.id,
          type: payload.type,
          response: result.response.type,
          ms: performance.now() - started,
        },
        'interaction',
      );
      const later = result.later;
      if (later) {
        const { application_id: appId, token } = payload;
        o.inFlight.track(
          later
            .then((f) => deliverFollowUp(o.rest, appId, token, f))
            .catch((e: unknown) =>
              log.error(
                { err: e instanceof Error ? e.message : String(e), interaction: payload.id },
                'follow-up failed',
              ),
            ),
        );
      }
    },
  };
}
