import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { AppError } from '../../src/errors.js';

/** A route an adapter mounts on the app's one HTTP server (web API, Discord interactions, Slack events). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/**
 * The request target as a URL, or undefined when it is not one we serve. Never throws: a path
 * ("/api/songs?q=a") is read against a fixed origin, so "//x:99999" cannot pass for a host; a
 * target starting "//" is refused as ambiguous, and an absolute URL (proxy form) is routed by its path.
 */
export function requestUrl(req: IncomingMessage): URL | undefined {
  const target = req.url ?? '/';
  try {
    if (target.startsWith('/') && !target.startsWith('//')) return new URL(`http://localhost${target}`);
    if (/^https?:\/\/[^/]/i.test(target)) return new URL(target);
  } catch {
    // Not a URL at all: the caller answers 400.
  }
  return undefined;
}

/**
 * The caller's address. With `trustProxy` = n > 0 the server sits behind n reverse proxies that each
 * append to X-Forwarded-For, so the caller is the n-th entry from the right (entries further left
 * are whatever the caller sent and are never trusted); otherwise, or when that entry is not an IP
 * address, the socket's peer.
 */
export function clientAddress(req: IncomingMessage, trustProxy = 0): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trustProxy <= 0) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return peer;
  const entry = withoutPort(hops[Math.max(0, hops.length - trustProxy)] ?? '');
  return isIP(entry) ? entry : peer;
}

/** Some proxies write the client's port too: `1.2.3.4:5555`, `[2001:db8::1]:443`. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1] as string;
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? (v4[1] as string) : entry;
}

/** How much of an oversized body is read and thrown away, at most, before the 413 goes out. */
const DRAIN_BYTES = 1024 * 1024;
const DRAIN_MS = 1000;

/**
 * Reads a request body up to `limit` bytes, without buffering anything larger: signature checks
 * need the raw bytes, and a huge payload must not exhaust memory. A larger body (declared or, when
 * chunked, counted) throws BAD_INPUT with status 413 after the rest of it is drained (up to 1 MiB
 * or 1 s more) and `Connection: close` is set on `res`, so the caller's error answer reaches the
 * client and the connection then closes instead of reading an endless body.
 */
export function readRawBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = declared > limit;
    let timer: NodeJS.Timeout | undefined;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
      // Keep discarding whatever still arrives until the response closes the connection.
      req.on('error', () => {});
      req.resume();
      if (error) return reject(error);
      if (!over) return resolve(Buffer.concat(chunks));
      if (!res.headersSent) res.setHeader('connection', 'close');
      reject(
        new AppError(
          'BAD_INPUT',
          declared > limit
            ? `Request body too large (${declared} bytes; the limit is ${limit}).`
            : `Request body too large (over ${limit} bytes).`,
          { details: { status: 413 } },
        ),
      );
    };
    const startDrain = () => {
      chunks.length = 0;
      timer = setTimeout(() => finish(), DRAIN_MS);
      timer.unref();
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (!over && size > limit) {
        over = true;
        startDrain();
      }
      if (!over) chunks.push(chunk);
      else if (size > limit + DRAIN_BYTES) finish();
    };
    const onEnd = () => finish();
    const onClose = () =>
      finish(new AppError('BAD_INPUT', 'The request body was cut off.', { details: { status: 400 } }));
    const onError = (e: Error) =>
      finish(
        new AppError('BAD_INPUT', `The request body could not be read: ${e.message}`, {
          details: { status: 400 },
        }),
      );
    if (req.readableEnded) return finish();
    if (over) startDrain();
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onError);
  });
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
