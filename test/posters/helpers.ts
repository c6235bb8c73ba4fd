import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import type { PosterJob } from '../../index/posters/index.js';

/** The shared data sits next to the project: `<project>/../shared/data`. Never copied in. */
export const SHARED_DATA = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/data');
export const POSTER_DIR = join(SHARED_DATA, 'posters');

export interface SharedPoster {
  filename: string;
  imdbId: string;
  tmdbId: number;
  title: string;
}

export function sharedPosters(): SharedPoster[] {
  const rows = parse(readFileSync(join(POSTER_DIR, 'index.csv'), 'utf8'), { columns: true }) as Record<
    string,
    string
  >[];
  return rows.map((r) => ({
    filename: r.filename ?? '',
    imdbId: r.imdb_id ?? '',
    tmdbId: Number(r.tmdb_id),
    title: r.title ?? '',
  }));
}

/** Jobs whose poster path is the shared file name, so a server can map `/w185/<file>` to the file. */
export function jobsFor(posters: SharedPoster[]): PosterJob[] {
  return posters.map((p) => ({ movieId: p.tmdbId, posterPath: `/${p.filename}`, imdbId: p.imdbId }));
}

export function posterBytes(filename: string): Promise<Buffer> {
  return readFile(join(POSTER_DIR, filename));
}

export type Handler = (req: IncomingMessage, res: ServerResponse, attempt: number) => void | Promise<void>;

export interface TestServer {
  /** Base URL, like https://image.tmdb.org/t/p. */
  url: string;
  /** Request paths in arrival order. */
  requests: string[];
  count(path: string): number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, port 0. `attempt` counts requests for the same path, from 1. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: string[] = [];
  const attempts = new Map<string, number>(); // survives tests clearing `requests`
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    requests.push(path);
    const attempt = (attempts.get(path) ?? 0) + 1;
    attempts.set(path, attempt);
    Promise.resolve(handler(req, res, attempt)).catch((e: unknown) => {
      res.statusCode = 599;
      res.end(String(e));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/t/p`,
    requests,
    count: (path) => requests.filter((p) => p === path).length,
    close: () =>
      new Promise((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Serves `/t/p/<size>/<file>` from the shared posters. */
export const serveShared: Handler = async (req, res) => {
  const file = (req.url ?? '').split('/').pop() ?? '';
  try {
    const bytes = await posterBytes(file);
    res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': bytes.length });
    res.end(bytes);
  } catch {
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  }
};

export const noSleep = async () => {};

export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += (a[i] as number) * (b[i] as number);
    na += (a[i] as number) ** 2;
    nb += (b[i] as number) ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

export function norm(v: Float32Array): number {
  return Math.sqrt(v.reduce((s, x) => s + x * x, 0));
}
