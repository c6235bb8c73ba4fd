import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INDEX_FORMAT_VERSION } from '../../index/format.js';
import { SHARED } from '../helpers/cli.js';
import { startAppProcess, transpiledCli } from '../scale/app-process.js';

/** The first `n` data rows of a shared gzipped CSV, cut at line ends outside quotes. */
function head(file: string, n: number): string {
  const text = gunzipSync(readFileSync(join(SHARED, file))).toString('utf8');
  let rows = -1;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n' && !quoted && ++rows === n) return text.slice(0, i + 1);
  }
  return text;
}

let cli: { dir: string; main: string };
let server: Server;
let base: string;
const roots: string[] = [];

beforeAll(async () => {
  cli = await transpiledCli();
  const files: Record<string, string> = {
    '/spotify.csv': head('spotify_tracks_hf_sample10k.csv.gz', 400),
    '/tmdb.csv': head('tmdb_v11_top3000.csv.gz', 60),
  };
  server = createServer((req, res) => {
    const body = files[req.url ?? ''];
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': Buffer.byteLength(body) }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(cli.dir, { recursive: true, force: true });
  for (const r of roots) await rm(r, { recursive: true, force: true });
});

async function emptyDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'm2m-start-'));
  roots.push(dir);
  return dir;
}

describe('npm start (music2movie serve) on a fresh data folder', () => {
  it('GIVEN no data and no index THEN it downloads the datasets, builds the index and serves', async () => {
    const dataDir = await emptyDataDir();
    const app = await startAppProcess(cli.main, {
      DATA_DIR: dataDir,
      SPOTIFY_DATASET_URL: `${base}/spotify.csv`,
      TMDB_DATASET_URL: `${base}/tmdb.csv`,
    });
    try {
      const ready = (await (await fetch(`${app.url}/readyz`)).json()) as {
        ok: boolean;
        movies: number;
        songs: number;
      };
      expect(ready.ok).toBe(true);
      expect(ready.movies).toBe(60);
      expect(ready.songs).toBeGreaterThan(300);
      const logs = app.logs.join('\n');
      expect(logs).toContain('trying to download the datasets');
      expect(logs).toContain('index built');
    } finally {
      expect(await app.stop()).toBe(0);
    }
    // An index written by an older format is rebuilt on start, not refused.
    const manifestPath = join(dataDir, 'index', 'manifest.json');
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: INDEX_FORMAT_VERSION - 1 }));
    const again = await startAppProcess(cli.main, { DATA_DIR: dataDir });
    try {
      expect(((await (await fetch(`${again.url}/readyz`)).json()) as { ok: boolean }).ok).toBe(true);
      const logs = again.logs.join('\n');
      expect(logs).toContain('another version of music2movie: rebuilding it');
      expect(logs).toContain('index built');
    } finally {
      expect(await again.stop()).toBe(0);
    }
  }, 150_000);

  it('GIVEN no data and no way to download it THEN it exits 1 saying which files to put where', async () => {
    const dataDir = await emptyDataDir();
    const failure = await startAppProcess(cli.main, {
      DATA_DIR: dataDir,
      SPOTIFY_DATASET_URL: `${base}/missing.csv`,
      TMDB_DATASET_URL: `${base}/missing-too.csv`,
    }).then(
      () => 'started',
      (e: Error) => e.message,
    );
    expect(failure).toMatch(/app exited with 1/);
    expect(failure).toContain('INDEX_MISSING');
    expect(failure).toContain(join(dataDir, 'spotify_tracks.csv'));
    expect(failure).toContain('TMDB_movie_dataset_v11.csv');
  }, 90_000);
});
