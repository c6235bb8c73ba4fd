import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A real redis-server on a free loopback port, for the Redis contract and outage tests. */
export interface RedisServer {
  url: string;
  port: number;
  /** Graceful stop (SIGTERM); data survives in its append-only file. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data directory. */
  start(): Promise<void>;
  /** Empties every database (FLUSHALL). */
  flushAll(): Promise<void>;
  dispose(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** Sends one inline command and resolves with the first reply line ('' when unreachable). */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    const done = (reply: string) => {
      socket.destroy();
      resolve(reply);
    };
    socket.setTimeout(1000, () => done(''));
    socket.once('error', () => done(''));
    socket.once('connect', () => socket.write(`${line}\r\n`));
    socket.once('data', (d) => done(d.toString().split('\r\n')[0] ?? ''));
  });
}

async function ping(port: number): Promise<boolean> {
  return (await command(port, 'PING')) === '+PONG';
}

async function launch(port: number, dir: string): Promise<ChildProcess> {
  const child = spawn(
    BINARY,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'yes',
      '--dir',
      dir,
      '--protected-mode',
      'no',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const exited = new Promise<string>((resolve) => {
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code) => resolve(`exited with code ${code}. ${stderr}`));
  });
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const state = await Promise.race([exited, new Promise<null>((r) => setTimeout(() => r(null), 50))]);
    if (state !== null) throw new Error(`${BINARY} did not start: ${state}`);
    if (await ping(port)) return child;
  }
  child.kill('SIGKILL');
  throw new Error(`${BINARY} did not answer PING within 5 s`);
}

function waitExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * Starts redis-server, or explains why not. Locally a missing redis-server skips the Redis suites
 * with a visible message; under CI (CI=true) it is an error, so CI can never pass without them.
 */
export async function startRedis(): Promise<RedisServer | undefined> {
  const dir = await mkdtemp(join(tmpdir(), 'm2m-redis-'));
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = await launch(port, dir);
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    const why = e instanceof Error ? e.message : String(e);
    if (process.env.CI === 'true')
      throw new Error(`CI: redis-server is required for the Redis tests: ${why}`);
    console.warn(
      `\n⚠ SKIPPING the Redis feedback-store tests: ${why}\n  (install redis-server to run them)\n`,
    );
    return undefined;
  }
  let current: ChildProcess | undefined = child;
  const stop = async () => {
    if (!current) return;
    const c = current;
    current = undefined;
    c.kill('SIGTERM');
    await waitExit(c);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    async start() {
      if (current) return;
      current = await launch(port, dir);
    },
    async flushAll() {
      const reply = await command(port, 'FLUSHALL');
      if (reply !== '+OK') throw new Error(`FLUSHALL answered ${reply || 'nothing'}`);
    },
    async dispose() {
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
