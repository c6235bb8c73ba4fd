import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { openEngine } from '../../index/open-engine.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { isAppError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import { clientAddress, type HttpRoute, requestUrl } from '../http/route.js';
import { type Metrics, platformOf, routeLabel } from '../metrics.js';
import { APP_CSS, APP_JS, PAGE_HTML } from './page.js';
import { voterIssuerFor } from './voter.js';

export interface ServerOptions {
  config: Config;
  logger: Logger;
  /** An engine already loaded (tests); otherwise the index in config.indexDir is loaded. */
  engine?: Engine;
  /** Routes adapters mount (web API, Discord interactions, Slack events); only called with an engine. */
  routes?: (engine: Engine | undefined) => HttpRoute[];
  /** Called on SIGTERM/SIGINT after the server stops accepting, before exit (flush queues). */
  onShutdown?: () => Promise<void>;
  /** Install SIGTERM/SIGINT handlers (default true; tests turn it off). */
  handleSignals?: boolean;
  /** Counts and times every request, and serves GET /metrics. */
  metrics?: Metrics;
  /** Extra readiness checks for /readyz (e.g. the shared store answers); all must be true. */
  readiness?: () => Promise<Record<string, boolean>>;
}

/** A caller's x-request-id when it is a sane token, otherwise a fresh one. */
function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

/** The command label of the latency histogram: the API path for the web, the kind of call for chat. */
function commandOf(platform: string, path: string): string {
  if (platform === 'web') return path.slice('/api/'.length) || '-';
  if (platform === 'discord') return 'interaction';
  if (platform === 'slack') return 'event';
  return '-';
}

/** Posters may come only from the configured image host; scripts and styles only from us. */
function securityHeaders(imageBaseUrl: string): Record<string, string> {
  const images = new URL(imageBaseUrl).origin;
  return {
    'content-security-policy':
      `default-src 'self'; img-src 'self' ${images} data:; style-src 'self'; script-src 'self'; ` +
      "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

const STATIC: Record<string, [string, string]> = {
  '/': [PAGE_HTML, 'text/html; charset=utf-8'],
  '/app.js': [APP_JS, 'text/javascript; charset=utf-8'],
  '/app.css': [APP_CSS, 'text/css; charset=utf-8'],
};

/** Starts the HTTP server (page, JSON API, probes, chat endpoints); resolves once it listens. */
export async function startServer(
  o: ServerOptions,
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const log = o.logger.child({ component: 'http' });
  let engine: Engine | undefined = o.engine;
  let loadError: string | undefined;
  if (!engine) {
    try {
      engine = await openEngine(o.config.indexDir, { posterBaseUrl: `${o.config.tmdbImageBaseUrl}/w342` });
    } catch (e) {
      loadError = isAppError(e) ? e.message : String(e);
      log.error({ err: loadError }, 'index could not be loaded; the page will say how to build one');
    }
  }
  const mounted = engine ? (o.routes?.(engine) ?? []) : [];
  const headers = securityHeaders(o.config.tmdbImageBaseUrl);
  const voters = voterIssuerFor(o.config);
  const send = (res: ServerResponse, status: number, body: string, type: string): void => {
    res.writeHead(status, { 'content-type': type, ...headers });
    res.end(body);
  };
  const json = (res: ServerResponse, status: number, body: unknown) =>
    send(res, status, JSON.stringify(body), 'application/json');
  const known = (path: string) =>
    path in STATIC ||
    path === '/healthz' ||
    path === '/readyz' ||
    path === '/metrics' ||
    mounted.some((r) => r.path === path);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const parsed = requestUrl(req);
    // A target that is no path ("//", "//x:99999", "*") gets 400, and counts under route "other".
    const url = parsed ?? new URL('http://localhost/.bad-target');
    const reqId = requestId(req);
    const reqLog = log.child({ reqId });
    res.setHeader('x-request-id', reqId);
    const started = performance.now();
    res.once('finish', () => {
      const ms = performance.now() - started;
      const route = routeLabel(url.pathname, known);
      const platform = platformOf(url.pathname);
      o.metrics?.requests.inc({ route, platform, method: req.method ?? '-', status: String(res.statusCode) });
      o.metrics?.latency.observe({ route, platform, command: commandOf(platform, route) }, ms / 1000);
      if (res.statusCode >= 500) o.metrics?.errors.inc({ platform, kind: 'http_5xx' });
      reqLog.debug(
        { method: req.method, path: url.pathname, status: res.statusCode, ms: Math.round(ms) },
        'request',
      );
    });
    if (!parsed) {
      return json(res, 400, { code: 'BAD_REQUEST', message: 'The request target is not a valid path.' });
    }
    const route = mounted.find((r) => r.method === req.method && r.path === url.pathname);
    if (route) {
      Promise.resolve(route.handle(req, res)).catch((e: unknown) => {
        const status = isAppError(e) ? Number(e.details?.status ?? 400) : 500;
        // The detail goes to the log; the caller gets a short, safe message.
        if (status >= 500)
          reqLog.error(
            { err: e instanceof Error ? e.message : String(e), path: url.pathname },
            'route failed',
          );
        if (res.headersSent) res.end();
        else
          json(
            res,
            status,
            isAppError(e) ? e.toJSON() : { code: 'INTERNAL', message: 'Something went wrong on our side.' },
          );
      });
      return;
    }
    const asset = req.method === 'GET' ? STATIC[url.pathname] : undefined;
    if (asset) {
      if (url.pathname === '/') voters.issue(req, res, clientAddress(req, o.config.trustProxy));
      return send(res, 200, asset[0], asset[1]);
    }
    if (url.pathname === '/healthz') return json(res, 200, { ok: true });
    if (url.pathname === '/metrics' && req.method === 'GET' && o.metrics) {
      const registry = o.metrics.registry;
      void registry.metrics().then(
        (text) => send(res, 200, text, registry.contentType),
        () => json(res, 500, { code: 'INTERNAL', message: 'Metrics could not be collected.' }),
      );
      return;
    }
    if (url.pathname === '/readyz') {
      if (!engine) return json(res, 503, { ok: false, code: 'INDEX_MISSING', message: loadError });
      const counts = { movies: engine.catalog.movies.length, songs: engine.catalog.songs.length };
      void (o.readiness?.() ?? Promise.resolve({})).then(
        (checks) =>
          Object.values(checks).every(Boolean)
            ? json(res, 200, { ok: true, ...counts, ...checks })
            : json(res, 503, { ok: false, code: 'STORE_UNREACHABLE', ...counts, ...checks }),
        () => json(res, 503, { ok: false, code: 'STORE_UNREACHABLE', ...counts }),
      );
      return;
    }
    if (url.pathname.startsWith('/api/') && !engine) {
      return json(res, 503, {
        code: 'INDEX_MISSING',
        message: loadError ?? 'No index loaded. Run `music2movie build`.',
      });
    }
    if (mounted.some((r) => r.path === url.pathname)) {
      return json(res, 405, {
        code: 'METHOD_NOT_ALLOWED',
        message: `${req.method} is not allowed on ${url.pathname}.`,
      });
    }
    return json(res, 404, { code: 'NOT_FOUND', message: `No route ${url.pathname}.` });
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(o.config.port, o.config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.config.port;
  log.info({ url: `http://${o.config.host}:${port}/` }, 'music2movie is listening');
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  if (o.handleSignals !== false) {
    const shutdown = () => {
      log.info('shutting down: no new requests, finishing in-flight ones');
      void close()
        .then(() => o.onShutdown?.())
        .then(() => process.exit(0));
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  }
  return { server, port, close };
}
