/**
 * `npm run bench:load`: two real app processes (`music2movie serve`) sharing one real redis-server,
 * on loopback. Signed Discord interactions (3 /movie-for commands to 1 vote button, each from a fresh
 * user, alternating between the processes) at rising rates until p99 passes 1 s; then, at a rate the
 * pair held, Redis is stopped for 10 s under load and restarted. Reports the highest rate held with
 * p99 < 100 ms and no errors, the errors and latency through the outage, checks let through (fail
 * open), and votes lost: votes acknowledged to the user but not in Redis after both processes drain.
 * Bounded: 5 s per step, at most 10 steps (4,000/s), a 25 s fault phase. Standalone:
 * `npm run build && node dist/bench/load.js [maxRate]`.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { createFeedbackStore } from '../adapters/store/feedback-store.js';
import { writeIndex } from '../index/write-index.js';
import { mulberry32 } from '../src/eval/metrics.js';
import { silentLogger } from '../src/logger.js';
import { formatFigures } from './engine.js';
import { DISCORD_SIGNING_SOURCE, OPEN_LOOP_SOURCE } from './open-loop.js';
import { assembleShared } from './shared-data.js';

type Figures = Record<string, number | string>;
const here = fileURLToPath(new URL('.', import.meta.url));
const STEP_SECONDS = 5;
const MAX_STEPS = 10;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exited = (c: ChildProcess) =>
  c.exitCode !== null || c.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((r) => c.once('exit', () => r()));

/** redis-server on a free port with an append-only file, stoppable and restartable under load. */
async function startRedis(dir: string) {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
      process.env.REDIS_SERVER_BIN ?? 'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--dir', dir],
      { stdio: 'ignore' },
    );
    for (let i = 0; i < 100; i++) {
      if (await ping(port)) return;
      await wait(50);
    }
    throw new Error('redis-server did not start (is it installed?)');
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    c?.kill('SIGTERM');
    if (c) await exited(c);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, start, stop };
}

async function ping(port: number): Promise<boolean> {
  const { createConnection } = await import('node:net');
  return new Promise((resolve) => {
    const s = createConnection({ port, host: '127.0.0.1' });
    const done = (ok: boolean) => {
      s.destroy();
      resolve(ok);
    };
    s.setTimeout(500, () => done(false));
    s.once('error', () => done(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (d) => done(String(d).startsWith('+PONG')));
  });
}

/** One `music2movie serve` from dist/, resolved once it logs where it listens. */
async function startApp(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const main = join(here, '..', 'adapters', 'cli', 'main.js');
  const child = spawn(process.execPath, [main, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let buffered = '';
    let started = false;
    const timer = setTimeout(() => reject(new Error('app did not start in 60 s')), 60_000);
    child.stderr?.on('data', (d) => {
      if (started) return;
      buffered += String(d);
      const line = buffered.split('\n').find((l) => l.includes('music2movie is listening'));
      if (!line) return;
      started = true;
      clearTimeout(timer);
      buffered = '';
      resolve({ url: (JSON.parse(line) as { url: string }).url.replace(/\/$/, ''), child });
    });
    child.once('exit', (code) => reject(new Error(`app exited with ${code}`)));
  });
}

/**
 * The load generator (plain JS in a worker, off the main event loop): request i is fired at
 * start + i/rate whatever happened to earlier ones, so a stall shows in the latency.
 */
const LOADGEN = `
const { workerData, parentPort } = require('node:worker_threads');
const http = require('node:http');
const { createPrivateKey, sign } = require('node:crypto');
${OPEN_LOOP_SOURCE}${DISCORD_SIGNING_SOURCE}const { urls, key, rate, seconds, songs, votes, run } = workerData;
const privateKey = createPrivateKey({ key: Buffer.from(key), format: 'der', type: 'pkcs8' });
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 4000 });
const total = Math.round(rate * seconds);
const interval = 1000 / rate;
const results = [];
const start = now() + 50;
let done = 0;
function payload(i) {
  const id = String(BigInt(run) * 10000000n + BigInt(i));
  const user = String(500000000000000000n + BigInt(run) * 10000000n + BigInt(i));
  const base = {
    id, application_id: '900000000000000001', token: 'bench-token-' + id, version: 1,
    guild_id: '700000000000000001', channel_id: '710000000000000001', locale: 'en-US',
    member: { user: { id: user, username: 'bench', discriminator: '0' }, roles: [] },
  };
  if (i % 4 === 3) {
    const v = votes[i % votes.length];
    return { ...base, type: 3, data: { component_type: 2, custom_id: v }, message: { id: '720000000000000001', channel_id: '710000000000000001', components: [] } };
  }
  return { ...base, type: 2, data: { id: '1', name: 'movie-for', type: 1, options: [{ name: 'song', type: 3, value: songs[i % songs.length] }] } };
}
function fire(i) {
  const scheduled = start + i * interval;
  const body = JSON.stringify(payload(i));
  const vote = i % 4 === 3;
  post(urls[i % urls.length], agent, discordHeaders(privateKey, body), body, (status, text) => {
    const j = status ? parseJson(text) : {};
    const content = (j.data && j.data.content) || '';
    const ok = status === 200 && (vote ? j.type === 4 && !/could not be saved|try again/.test(content) : j.type === 4 || j.type === 5);
    results.push({ at: scheduled - start, ms: now() - scheduled, ok, vote, status });
    finish();
  });
}
function finish() { if (++done === total) { agent.destroy(); parentPort.postMessage({ results, start, end: now() }); } }
openLoop(total, interval, start, fire);
`;

interface Result {
  at: number;
  ms: number;
  ok: boolean;
  vote: boolean;
  status: number;
}
interface Run {
  results: Result[];
  start: number;
  end: number;
}

let runs = 0;
function runLoad(o: {
  urls: string[];
  key: Buffer;
  rate: number;
  seconds: number;
  songs: string[];
  votes: string[];
}) {
  return new Promise<Run>((resolve, reject) => {
    const worker = new Worker(LOADGEN, { eval: true, workerData: { ...o, run: ++runs } });
    worker.once('message', (m: Run) => {
      void worker.terminate();
      resolve(m);
    });
    worker.once('error', reject);
  });
}

function stats(results: Result[]) {
  const lat = results.map((r) => r.ms).sort((a, b) => a - b);
  return {
    n: results.length,
    errors: results.filter((r) => !r.ok).length,
    p50: percentile(lat, 0.5),
    p99: percentile(lat, 0.99),
    votesAcked: results.filter((r) => r.vote && r.ok).length,
  };
}

async function failOpenChecks(urls: string[]): Promise<number> {
  let total = 0;
  for (const url of urls) {
    const text = await (await fetch(`${url}/metrics`)).text();
    total += Number(/^m2m_safety_fail_open (\d+)/m.exec(text)?.[1] ?? 0);
  }
  return total;
}

export async function benchLoad(o: { maxRate?: number } = {}): Promise<Figures> {
  const maxRate = o.maxRate ?? 4000;
  const root = await mkdtemp(join(tmpdir(), 'm2m-load-'));
  const figures: Figures = {};
  const children: ChildProcess[] = [];
  const redis = await startRedis(root);
  try {
    const assembled = await assembleShared();
    const indexDir = join(root, 'index');
    await writeIndex(indexDir, {
      assembled,
      dataHashes: {},
      posters: { embedded: 0, missing: 0, failed: 0, unsafe: 0 },
      settings: {},
    });
    const { catalog } = assembled;
    const rand = mulberry32(9);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)] as T;
    const songs = Array.from({ length: 500 }, () => pick(catalog.songs).trackName);
    const votes = Array.from(
      { length: 500 },
      () =>
        `m2m:v1:vote:${pick(catalog.songs).trackId}:${catalog.movies.columns.ids[Math.floor(rand() * catalog.movies.length)]}:${rand() < 0.7 ? 'u' : 'd'}`,
    );

    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const spki = publicKey.export({ format: 'der', type: 'spki' });
    const key = privateKey.export({ format: 'der', type: 'pkcs8' });
    const env = {
      INDEX_DIR: indexDir,
      DATA_DIR: join(root, 'data'),
      REDIS_URL: redis.url,
      FEEDBACK_SALT: 'bench-salt',
      DISCORD_PUBLIC_KEY: spki.subarray(spki.length - 32).toString('hex'),
      DISCORD_API_URL: 'http://127.0.0.1:9/api',
      COOLDOWN_SECONDS: '3',
    };
    const apps = await Promise.all([startApp(env), startApp(env)]);
    children.push(...apps.map((a) => a.child));
    const base = apps.map((a) => a.url);
    const urls = base.map((u) => `${u}/discord/interactions`);
    const load = (rate: number, seconds: number) => runLoad({ urls, key, rate, seconds, songs, votes });

    // Warm-up (JIT, connections): latency not measured, its votes counted.
    let votesAcked = stats((await load(50, 1)).results).votesAcked;
    let held = 0;
    let rate = 50;
    for (let step = 0; step < MAX_STEPS && rate <= maxRate; step++) {
      const r = stats((await load(rate, STEP_SECONDS)).results);
      votesAcked += r.votesAcked;
      figures[`${rate}/s: p50 / p99 ms, errors`] = `${r.p50.toFixed(1)} / ${r.p99.toFixed(1)}, ${r.errors}`;
      if (r.p99 < 100 && r.errors === 0) held = rate;
      if (r.p99 > 1000) break;
      rate = Math.round(rate * (rate < 200 ? 2 : 1.5));
    }
    figures['highest rate held with p99 < 100 ms, 0 errors (req/s)'] = String(held);

    // Fault: Redis stopped for 10 s under load, then restarted.
    const faultRate = Math.max(25, Math.round(held / 2));
    const faultRun = load(faultRate, 25);
    await wait(5000);
    await redis.stop();
    await wait(10_000);
    await redis.start();
    const run = await faultRun;
    const all = stats(run.results);
    const during = stats(run.results.filter((r) => r.at >= 5000 && r.at < 15_000));
    votesAcked += all.votesAcked;
    figures['fault phase rate (req/s), 25 s, Redis down 5–15 s'] = String(faultRate);
    figures['fault phase errors (all / while Redis down)'] = `${all.errors} / ${during.errors}`;
    figures['fault phase p99 ms (all / while Redis down)'] =
      `${all.p99.toFixed(1)} / ${during.p99.toFixed(1)}`;
    figures['checks let through while Redis down (fail open)'] = String(await failOpenChecks(base));

    // Drain: SIGTERM both processes; they flush queued votes before exiting.
    await Promise.all(
      apps.map((a) => {
        a.child.kill('SIGTERM');
        return exited(a.child);
      }),
    );
    const store = await createFeedbackStore(
      { dataDir: root, redisUrl: redis.url, feedbackSalt: 'bench-salt' },
      silentLogger,
    );
    const stored = (await store.listVotes()).length;
    await store.close();
    figures['votes acknowledged'] = String(votesAcked);
    figures['votes stored in Redis'] = String(stored);
    figures['votes lost'] = String(Math.max(0, votesAcked - stored));
    return figures;
  } finally {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    await redis.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log('load benchmark: two processes, one Redis, signed Discord interactions (loopback)');
  console.log(
    formatFigures(await benchLoad({ maxRate: process.argv[2] ? Number(process.argv[2]) : undefined })),
  );
  process.exit(0);
}
