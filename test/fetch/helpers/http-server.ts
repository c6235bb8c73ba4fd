import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  /** 1 for the first request the server saw. */
  n: number;
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, request: RecordedRequest) => void;

export interface TestServer {
  /** Base URL, e.g. http://127.0.0.1:54321 */
  url: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, port 0: downloads are tested over real sockets, never the internet. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const request = {
      n: requests.length + 1,
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: req.headers,
    };
    requests.push(request);
    handler(req, res, request);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled responses would keep close() waiting forever.
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Serves `body` like a static file server: full (200), ranged (206) or unsatisfiable (416). With a
 * `version` it sends it as ETag and honours If-Range: a range for another version gets the whole body.
 */
export function serveBytes(
  res: ServerResponse,
  req: IncomingMessage,
  body: Buffer,
  type = 'application/octet-stream',
  version?: { etag: string; honourIfRange?: boolean },
) {
  const tag = version ? { etag: version.etag } : {};
  const ifRange = req.headers['if-range'];
  const stale =
    version && version.honourIfRange !== false && ifRange !== undefined && ifRange !== version.etag;
  const range = stale ? null : /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
  if (!range) {
    res.writeHead(200, {
      'content-type': type,
      'content-length': body.length,
      'accept-ranges': 'bytes',
      ...tag,
    });
    res.end(body);
    return;
  }
  const start = Number(range[1]);
  if (start >= body.length) {
    res.writeHead(416, { 'content-range': `bytes */${body.length}` });
    res.end();
    return;
  }
  res.writeHead(206, {
    ...tag,
    'content-type': type,
    'content-length': body.length - start,
    'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
  });
  res.end(body.subarray(start));
}

/** Sends the headers for the whole body and the first `bytes` of it, then drops the connection. */
export function serveThenCut(
  res: ServerResponse,
  body: Buffer,
  bytes: number,
  headers: Record<string, string> = {},
): void {
  res.writeHead(200, {
    'content-type': 'application/octet-stream',
    'content-length': body.length,
    ...headers,
  });
  res.write(body.subarray(0, bytes), () => res.socket?.destroy());
}
