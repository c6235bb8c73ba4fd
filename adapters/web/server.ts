import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { openEngine } from '../../index/open-engine.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { isAppError } from '../../src/errors.js';
import type { Logger } from '../../src/logger.js';
import type { HttpRoute } from '../http/route.js';
import { PAGE_HTML } from './page.js';
import { handleApi } from './routes.js';

export interface ServerOptions {
  config: Config;
  logger: Logger;
  /** An engine already loaded (tests); otherwise the index in config.indexDir is loaded. */
  engine?: Engine;
  /** Routes other adapters mount (Discord interactions, Slack events, feedback). */
  routes?: (engine: Engine | undefined) => HttpRoute[];
  /** Called on SIGTERM/SIGINT after the server stops accepting, before exit (flush queues). */
  onShutdown?: () => Promise<void>;
}

const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' https://image.tmdb.org data:; style-src 'self' 'unsafe-inline'; script-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS });
  res.end(body);
}

/** Starts the HTTP server (web page, JSON API, probes); resolves once it listens. */
export async function startServer(
  o: ServerOptions,
): Promise<{ server: Server; port: number; close: () => Promise<void> }> {
  const log = o.logger.child({ component: 'web' });
  let engine: Engine | undefined = o.engine;
  let loadError: string | undefined;
  if (!engine) {
    try {
      engine = await openEngine(o.config.indexDir, { posterBaseUrl: `${o.config.tmdbImageBaseUrl}/w342` });
    } catch (e) {
      loadError = isAppError(e) ? e.message : String(e);
      log.error({ err: loadError }, 'index could not be loaded; serving the error page');
    }
  }
  const mounted = o.routes?.(engine) ?? [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = mounted.find((r) => r.method === req.method && r.path === url.pathname);
    if (route) {
      Promise.resolve(route.handle(req, res)).catch((e: unknown) => {
        const status = isAppError(e) ? Number(e.details?.status ?? 400) : 500;
        if (status >= 500)
          log.error({ err: e instanceof Error ? e.message : String(e), path: url.pathname }, 'route failed');
        if (!res.headersSent) {
          const body = isAppError(e)
            ? e.toJSON()
            : { code: 'INTERNAL', message: 'Something went wrong on our side.' };
          send(res, status, JSON.stringify(body), 'application/json');
        } else res.end();
      });
      return;
    }
    if (req.method === 'GET' && url.pathname === '/')
      return send(res, 200, PAGE_HTML, 'text/html; charset=utf-8');
    if (url.pathname === '/healthz') return send(res, 200, JSON.stringify({ ok: true }), 'application/json');
    if (url.pathname === '/readyz') {
      return engine
        ? send(
            res,
            200,
            JSON.stringify({
              ok: true,
              movies: engine.catalog.movies.length,
              songs: engine.catalog.songs.length,
            }),
            'application/json',
          )
        : send(
            res,
            503,
            JSON.stringify({ ok: false, code: 'INDEX_MISSING', message: loadError }),
            'application/json',
          );
    }
    if (url.pathname.startsWith('/api/')) {
      if (!engine)
        return send(
          res,
          503,
          JSON.stringify({
            code: 'INDEX_MISSING',
            message: loadError ?? 'No index loaded. Run `music2movie build`.',
          }),
          'application/json',
        );
      const started = performance.now();
      const { status, body } = handleApi(engine, req.method ?? 'GET', url);
      log.debug({ path: url.pathname, status, ms: Math.round(performance.now() - started) }, 'api');
      return send(res, status, JSON.stringify(body), 'application/json');
    }
    return send(
      res,
      404,
      JSON.stringify({ code: 'NOT_FOUND', message: `No route ${url.pathname}` }),
      'application/json',
    );
  });
  server.requestTimeout = 10_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(o.config.port, o.config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : o.config.port;
  log.info({ url: `http://${o.config.host}:${port}/` }, 'music2movie is listening');
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  const shutdown = () => {
    log.info('shutting down: no new requests, finishing in-flight ones');
    void close()
      .then(() => o.onShutdown?.())
      .then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
  return { server, port, close };
}
