import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';
import type { Clock } from '../../src/ports.js';
import type { SeenIdsPort } from '../../src/safety/seen-ids.js';
import { type HttpRoute, readRawBody, sendJson } from '../http/route.js';
import { parseSlackBody } from './parse-body.js';
import { verifySlackSignature } from './signature.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface HttpReceiverOptions {
  signingSecret: string;
  maxBodyBytes: number;
  clock: Clock;
  logger: Logger;
  /** Remembers request signatures for the replay window: a replayed command or click is refused. */
  seen: SeenIdsPort;
  /** Answer with an empty 200 if no listener acknowledged by then (Slack gives up at 3 s). */
  ackTimeoutMs?: number;
  /** How long `stop` waits for listeners still posting answers. */
  drainTimeoutMs?: number;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Bolt's Receiver on the app's own HTTP server: verifies the v0 signature on the raw bytes with an
 * injected clock, answers url_verification, and hands everything else to `app.processEvent` with an
 * ack that writes the HTTP response. Listener work after the ack is tracked so `stop` can drain it.
 */
export class HttpRouteReceiver implements Receiver {
  private app: App | undefined;
  private stopping = false;
  private readonly inFlight = new Set<Promise<unknown>>();
  readonly route: HttpRoute = {
    method: 'POST',
    path: SLACK_EVENTS_PATH,
    handle: (req, res) => this.handle(req, res),
  };

  constructor(private readonly o: HttpReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.stopping = false;
  }

  /** Refuses new requests, then waits (bounded) for listeners still at work. */
  async stop(): Promise<void> {
    this.stopping = true;
    const deadline = new Promise<void>((r) => setTimeout(r, this.o.drainTimeoutMs ?? 5000).unref());
    await Promise.race([Promise.allSettled([...this.inFlight]), deadline]);
  }

  get pending(): number {
    return this.inFlight.size;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const log = this.o.logger;
    if (this.stopping || !this.app)
      return sendJson(res, 503, { code: 'SHUTTING_DOWN', message: 'Restarting; Slack will retry.' });
    const raw = await readRawBody(req, res, this.o.maxBodyBytes);
    const signature = header(req, 'x-slack-signature');
    const check = verifySlackSignature({
      secret: this.o.signingSecret,
      body: raw,
      timestamp: header(req, 'x-slack-request-timestamp'),
      signature,
      nowMs: this.o.clock.now(),
    });
    if (!check.ok) {
      log.warn({ reason: check.reason }, 'slack request refused: bad signature');
      return sendJson(res, 401, {
        code: 'BAD_SIGNATURE',
        message:
          check.reason === 'stale'
            ? 'The request timestamp is outside the 5-minute window; check the server clock.'
            : 'The request signature does not verify; check SLACK_SIGNING_SECRET.',
      });
    }
    const parsed = parseSlackBody(header(req, 'content-type'), raw);
    if (!parsed.ok) return sendJson(res, 400, { code: 'BAD_INPUT', message: parsed.message });
    const body = parsed.body;
    if (body.ssl_check !== undefined) return sendJson(res, 200, {});
    if (body.type === 'url_verification')
      return sendJson(res, 200, { challenge: String(body.challenge ?? '') });
    // Events carry an event_id, deduplicated by the app (Slack retries re-sign); anything else
    // (commands, clicks, option loads) is never re-sent by Slack, so a second copy is a replay.
    if (body.type !== 'event_callback' && !(await this.o.seen.firstSeen(`slack:sig:${signature}`))) {
      log.warn('slack request refused: replayed signature');
      return sendJson(res, 401, { code: 'REPLAYED', message: 'This request was already processed.' });
    }
    await this.dispatch(this.app, body, req, res);
  }

  private dispatch(
    app: App,
    body: Record<string, unknown>,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    return new Promise<void>((settled) => {
      let answered = false;
      const answer = (status: number, response: unknown): void => {
        if (answered) return;
        answered = true;
        clearTimeout(timer);
        if (response === undefined || response === '') {
          res.writeHead(status);
          res.end();
        } else if (typeof response === 'string') {
          res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
          res.end(response);
        } else sendJson(res, status, response);
        settled();
      };
      const timer = setTimeout(() => {
        this.o.logger.warn('slack listener did not acknowledge in time; answered 200 for it');
        answer(200, undefined);
      }, this.o.ackTimeoutMs ?? 2500);
      const retry = header(req, 'x-slack-retry-num');
      const event: ReceiverEvent = {
        body,
        retryNum: retry !== undefined && /^\d+$/.test(retry) ? Number(retry) : undefined,
        retryReason: header(req, 'x-slack-retry-reason'),
        ack: async (response?: unknown) => answer(200, response),
      };
      const work = app
        .processEvent(event)
        .then(() => answer(200, undefined))
        .catch((e: unknown) => {
          this.o.logger.error({ err: e instanceof Error ? e.message : String(e) }, 'slack event failed');
          answer(500, { code: 'INTERNAL', message: 'Something went wrong on our side.' });
        });
      this.inFlight.add(work);
      void work.finally(() => this.inFlight.delete(work));
    });
  }
}
