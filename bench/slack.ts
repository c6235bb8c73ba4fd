import { assembleShared, percentile, sampleTitles, servingEngine } from './shared-data.js';
/**
 * Slack benchmark: signed /movie-for slash commands sent open-loop at 200 requests/s for ~10 s to the
 * real app server on loopback (port 0, real engine over the shared data), its Web API and
 * response_urls pointed at a local fake Slack. Reports the rate achieved, ack latency p50/p99
 * (measured from each request's scheduled send time, so a stall is not hidden), errors, and how
 * soon the answers reached "Slack". The load generator and the fake Slack run in a child process,
 * so the server's process serves only the app, as in production, and its CPU time per request can
 * be read from process.cpuUsage().
 * Standalone: `npm run build && node dist/bench/slack.js [rate] [seconds]`.
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import type { AppDeps } from '../adapters/app.js';
import { slackRoutes, stopSlack } from '../adapters/slack/index.js';
import { startServer } from '../adapters/web/server.js';
import { loadConfig } from '../src/config.js';
import { InMemoryFeedback } from '../src/feedback/memory.js';
import { silentLogger } from '../src/logger.js';
import { OPEN_LOOP_SOURCE } from './open-loop.js';

type Figures = Record<string, number | string>;
const SECRET = 'bench-signing-secret';

/**
 * The load process (plain JS, run with `node -e` so it works from tsx and from dist): a fake Slack that answers
 * chat.postMessage and response_urls and notes when each channel's answer arrived, and an open-loop
 * load generator over a bounded pool of keep-alive connections (as Slack's own senders are).
 */
const LOAD = `
const workerData = JSON.parse(process.env.SLACK_BENCH_WORKER);
const parentPort = { postMessage: (m) => process.send(m), on: (e, f) => process.on(e, f) };
const http = require('node:http');
const { createHmac } = require('node:crypto');
${OPEN_LOOP_SOURCE}const arrived = new Map();
let ts = 0;
const fake = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const at = now();
    // chat.postMessage names the channel (C<i>); a response_url post (candidates, ephemeral) is /response/<i>.
    const reply = req.url.startsWith('/response/') ? req.url.slice('/response/'.length) : undefined;
    const channel = reply ? 'C' + reply : new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get('channel');
    if (channel && !arrived.has(channel)) arrived.set(channel, at);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, channel, ts: (1700000000 + ++ts) + '.000100' }));
  });
});
fake.keepAliveTimeout = 30000;
fake.listen(0, '127.0.0.1', () => parentPort.postMessage({ type: 'ready', fake: 'http://127.0.0.1:' + fake.address().port }));
parentPort.on('message', (m) => {
  if (m.type === 'close') return fake.close(() => process.exit(0));
  run(m);
});
function run({ url, rate, seconds, songs, run, connections }) {
  const target = new URL(url + '/slack/events');
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.round(rate * seconds);
  const interval = 1000 / rate;
  const results = [];
  const start = now() + 50;
  const fakeUrl = 'http://127.0.0.1:' + fake.address().port;
  arrived.clear();
  let done = 0;
  function fire(i) {
    const scheduled = start + i * interval;
    const stamp = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams({
      token: 'x', team_id: 'T0001', team_domain: 'bench', channel_id: 'C' + i, channel_name: 'bench',
      user_id: 'U' + run + '-' + (i % 5000), user_name: 'bench', command: '/movie-for', text: songs[i % songs.length],
      api_app_id: 'A0001', response_url: fakeUrl + '/response/' + i, trigger_id: 'trig-' + run + '-' + i,
    }).toString();
    const sig = 'v0=' + createHmac('sha256', workerData.secret).update('v0:' + stamp + ':' + body).digest('hex');
    const headers = { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(stamp), 'x-slack-signature': sig };
    post(target, agent, headers, body, (status, _text, error) => {
      const result = { i, scheduled, ms: now() - scheduled, status };
      if (error) result.error = error;
      results.push(result);
      finish();
    });
  }
  function finish() {
    if (++done < total) return;
    const end = now();
    agent.destroy();
    // Give the last answers a second to arrive before reporting.
    setTimeout(() => parentPort.postMessage({ type: 'done', results, start, end, arrived: [...arrived] }), 1000);
  }
  openLoop(total, interval, start, fire);
}
`;

interface Result {
  i: number;
  scheduled: number;
  ms: number;
  status: number;
  error?: string;
}
interface RunReport {
  results: Result[];
  start: number;
  end: number;
  arrived: Array<[string, number]>;
}

/** The load process behind a small promise API. */
async function startLoad(): Promise<{
  fake: string;
  run(o: { url: string; rate: number; seconds: number; songs: string[]; run: number }): Promise<RunReport>;
  close(): Promise<void>;
}> {
  const child: ChildProcess = spawn(process.execPath, ['-e', LOAD], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, SLACK_BENCH_WORKER: JSON.stringify({ secret: SECRET }) },
  });
  const fake = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { fake: string }) => resolve(m.fake));
    child.once('error', reject);
  });
  return {
    fake,
    run: (o) =>
      new Promise((resolve) => {
        child.once('message', (m: RunReport) => resolve(m));
        child.send({ ...o, connections: 64 });
      }),
    close: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'close' });
      await exited;
    },
  };
}

export async function benchSlack(opts: { rate?: number; seconds?: number } = {}): Promise<Figures> {
  const rate = opts.rate ?? 200;
  const seconds = opts.seconds ?? 10;
  const { catalog } = await assembleShared();
  const engine = await servingEngine(catalog);
  const songs = sampleTitles(catalog, 11);

  const worker = await startLoad();
  const config = loadConfig({
    PORT: '0',
    LOG_LEVEL: 'silent',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: `${worker.fake}/api/`,
  });
  const deps: AppDeps = { config, logger: silentLogger, engine, feedback: new InMemoryFeedback() };
  const app = await startServer({ config, logger: silentLogger, engine, routes: () => slackRoutes(deps) });
  const url = `http://127.0.0.1:${app.port}`;
  // Warm-up (not measured): loads Bolt and warms the JIT.
  await worker.run({ url, rate: Math.min(rate, 50), seconds: 2, songs, run: 1 });
  const elu = performance.eventLoopUtilization();
  const cpu = process.cpuUsage();
  const run = await worker.run({ url, rate, seconds, songs, run: 2 });
  const busy = performance.eventLoopUtilization(elu).utilization;
  const cpuUsed = process.cpuUsage(cpu);

  const ok = run.results.filter((r) => r.status === 200);
  const lat = ok.map((r) => r.ms).sort((a, b) => a - b);
  const arrived = new Map(run.arrived);
  const answers: number[] = [];
  for (const r of ok) {
    const at = arrived.get(`C${r.i}`);
    if (at !== undefined) answers.push(at - r.scheduled);
  }
  answers.sort((a, b) => a - b);
  const p99 = percentile(lat, 0.99);
  const figures: Figures = {
    'target rate req/s': rate,
    'requests sent': run.results.length,
    'achieved req/s': run.results.length / ((run.end - run.start) / 1000),
    'acks 200': ok.length,
    errors: run.results.length - ok.length,
    'ack p50 ms': percentile(lat, 0.5),
    'ack p99 ms': p99,
    'ack max ms': lat.at(-1) ?? Number.NaN,
    'server event-loop utilisation': busy,
    'server CPU ms per request': (cpuUsed.user + cpuUsed.system) / 1000 / run.results.length,
    'answers delivered (post or response_url)': answers.length,
    'answer p50 ms': percentile(answers, 0.5),
    'answer p99 ms': percentile(answers, 0.99),
    [`target p99 ack < 100 ms at ${rate} req/s`]:
      p99 < 100 && ok.length === run.results.length ? 'met' : 'missed',
  };
  await stopSlack();
  app.server.closeAllConnections();
  await app.close();
  await worker.close();
  return figures;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { formatFigures } = await import('./engine.js');
  const rate = Number(process.argv[2] ?? 200);
  const seconds = Number(process.argv[3] ?? 10);
  console.log('slack benchmark (signed slash commands, loopback)');
  console.log(formatFigures(await benchSlack({ rate, seconds })));
  process.exit(0);
}
