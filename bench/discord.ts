/**
 * Discord benchmark: signed interactions sent open-loop at 200 requests/s for ~10 s each to the real
 * app server on loopback (port 0, real engine over the shared data, HNSW index): first /movie-for
 * slash commands, then autocomplete keystrokes. Reports the rate achieved, latency p50/p99/max
 * (measured from each request's scheduled send time, so a stall is not hidden) and errors (non-200
 * or an unexpected response type). The load generator runs in a worker thread so it does not share
 * the server's event loop. Standalone: `npm run build && node dist/bench/discord.js [rate] [seconds]`.
 */
import { generateKeyPairSync } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AppDeps } from '../adapters/app.js';
import { discordRoutes, INTERACTIONS_PATH, stopDiscord } from '../adapters/discord/index.js';
import { startServer } from '../adapters/web/server.js';
import { loadConfig } from '../src/config.js';
import { InMemoryFeedback } from '../src/feedback/memory.js';
import { silentLogger } from '../src/logger.js';
import { DISCORD_SIGNING_SOURCE, OPEN_LOOP_SOURCE } from './open-loop.js';
import { assembleShared, percentile, sampleTitles, servingEngine } from './shared-data.js';

type Figures = Record<string, number | string>;

/**
 * The load generator (plain JS, run as an eval'd worker so it works from tsx and from dist): fires
 * request i at start + i/rate whatever happened to earlier ones, each a fresh interaction id and
 * user (so neither replay protection nor the cooldown refuses it), signed like Discord signs.
 */
const LOADGEN = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { createPrivateKey, sign } = require('node:crypto');
${OPEN_LOOP_SOURCE}${DISCORD_SIGNING_SOURCE}const { url, key, rate, seconds, kind, songs, run } = workerData;
const privateKey = createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
const target = new URL(url);
// Idle sockets are closed here (4 s) before the server's 5 s keep-alive timeout can race a reuse.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 4000 });
const total = Math.round(rate * seconds);
const interval = 1000 / rate;
const results = [];
const start = now() + 50;
let done = 0;
function payload(i) {
  const song = songs[i % songs.length];
  const id = String(BigInt(run) * 10000000n + BigInt(i));
  const base = {
    id, application_id: '900000000000000001', token: 'bench-token-' + id, version: 1,
    guild_id: '700000000000000001', channel_id: '710000000000000001', locale: 'en-US',
    member: { user: { id: String(500000000000000000n + BigInt(i)), username: 'bench', discriminator: '0' }, roles: [] },
  };
  if (kind === 'autocomplete') {
    const typed = song.slice(0, 1 + (i % 8));
    return { ...base, type: 4, data: { id: '1', name: 'movie-for', type: 1, options: [{ name: 'song', type: 3, value: typed, focused: true }] } };
  }
  return { ...base, type: 2, data: { id: '1', name: 'movie-for', type: 1, options: [{ name: 'song', type: 3, value: song }] } };
}
function fire(i) {
  const scheduled = start + i * interval;
  const body = JSON.stringify(payload(i));
  post(target, agent, discordHeaders(privateKey, body), body, (status, text, error) => {
    const result = { ms: now() - scheduled, status, type: status ? parseJson(text).type || 0 : 0 };
    if (error) result.error = error;
    results.push(result);
    finish();
  });
}
function finish() { if (++done === total) { agent.destroy(); parentPort.postMessage({ results, start, end: now() }); } }
openLoop(total, interval, start, fire);
`;

interface Result {
  ms: number;
  status: number;
  type: number;
  error?: string;
}

type Kind = 'movie-for' | 'autocomplete';
let runs = 0;

function runLoad(
  url: string,
  key: Buffer,
  kind: Kind,
  rate: number,
  seconds: number,
  songs: string[],
): Promise<{ results: Result[]; start: number; end: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOADGEN, {
      eval: true,
      workerData: { url, key, kind, rate, seconds, songs, run: ++runs },
    });
    worker.once('message', (m: { results: Result[]; start: number; end: number }) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
  });
}

function summarise(
  kind: Kind,
  rate: number,
  run: { results: Result[]; start: number; end: number },
): Figures {
  const expected = kind === 'autocomplete' ? 8 : 4;
  const ok = run.results.filter((r) => r.status === 200 && r.type === expected);
  const lat = ok.map((r) => r.ms).sort((a, b) => a - b);
  const p99 = percentile(lat, 0.99);
  const kinds = new Map<string, number>();
  for (const r of run.results)
    if (!(r.status === 200 && r.type === expected)) {
      const what = r.error ?? `HTTP ${r.status} type ${r.type}`;
      kinds.set(what, (kinds.get(what) ?? 0) + 1);
    }
  return {
    [`${kind} requests sent`]: run.results.length,
    [`${kind} achieved req/s`]: run.results.length / ((run.end - run.start) / 1000),
    [`${kind} errors`]: run.results.length - ok.length,
    ...(kinds.size > 0
      ? { [`${kind} error kinds`]: [...kinds].map(([k, n]) => `${k} ×${n}`).join('; ') }
      : {}),
    [`${kind} p50 ms`]: percentile(lat, 0.5),
    [`${kind} p99 ms`]: p99,
    [`${kind} max ms`]: lat.at(-1) ?? Number.NaN,
    [`${kind} target p99 < 100 ms at ${rate}/s`]:
      p99 < 100 && ok.length === run.results.length ? 'met' : 'missed',
  };
}

export async function benchDiscord(opts: { rate?: number; seconds?: number } = {}): Promise<Figures> {
  const rate = opts.rate ?? 200;
  const seconds = opts.seconds ?? 10;
  const { catalog } = await assembleShared();
  const engine = await servingEngine(catalog);
  const songs = sampleTitles(catalog, 5);

  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  const key = privateKey.export({ format: 'der', type: 'pkcs8' });
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    DISCORD_PUBLIC_KEY: spki.subarray(spki.length - 32).toString('hex'),
    DISCORD_API_URL: 'http://127.0.0.1:9/api',
  });
  const deps: AppDeps = { config, logger: silentLogger, engine, feedback: new InMemoryFeedback() };
  const app = await startServer({
    config,
    logger: silentLogger,
    engine,
    routes: () => discordRoutes(deps),
    handleSignals: false,
  });
  const url = `http://127.0.0.1:${app.port}${INTERACTIONS_PATH}`;
  const figures: Figures = { 'target rate req/s': rate, 'seconds per phase': seconds };
  const [load] = (await import('node:os')).loadavg();
  figures['machine load average at start'] = load ?? Number.NaN;
  for (const kind of ['movie-for', 'autocomplete'] as const) {
    await runLoad(url, key, kind, Math.min(rate, 50), 1, songs); // warm-up, not measured
    Object.assign(figures, summarise(kind, rate, await runLoad(url, key, kind, rate, seconds, songs)));
  }
  await stopDiscord();
  app.server.closeAllConnections();
  await app.close();
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatFigures } = await import('./engine.js');
  const rate = Number(process.argv[2] ?? 200);
  const seconds = Number(process.argv[3] ?? 10);
  console.log('discord benchmark (signed interactions, loopback)');
  console.log(formatFigures(await benchDiscord({ rate, seconds })));
  process.exit(0);
}
