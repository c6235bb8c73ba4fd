import type { IncomingMessage, ServerResponse } from 'node:http';
import { AppError } from '../../src/errors.js';

/** A route an adapter mounts on the app's one HTTP server (web API, Discord interactions, Slack events). */
export interface HttpRoute {
  method: 'GET' | 'POST';
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

/**
 * Reads a request body up to `limit` bytes and rejects anything larger with BAD_INPUT, without
 * buffering it: signature checks need the raw bytes, and a huge payload must not exhaust memory.
 */
export async function readRawBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit)
    throw new AppError('BAD_INPUT', `Request body too large (${declared} bytes; the limit is ${limit}).`, {
      details: { status: 413 },
    });
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      req.destroy();
      throw new AppError('BAD_INPUT', `Request body too large (over ${limit} bytes).`, {
        details: { status: 413 },
      });
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
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
