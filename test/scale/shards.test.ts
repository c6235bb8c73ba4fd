import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShardingManager } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { assemble } from '../../index/build/assemble.js';
import { writeIndex } from '../../index/write-index.js';
import { BOT_TOKEN, testConfig } from '../discord/helpers.js';
import { APP_ID } from '../discord/payloads.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';
import { transpileForWorkers } from '../posters/transpile.js';

/**
 * DISCORD_SHARDS end to end against a local stand-in for Discord (GET /gateway/bot and a gateway
 * WebSocket that says HELLO and answers IDENTIFY with READY): the ShardingManager forks one real
 * process per shard, each loads the index and identifies with its own shard id.
 */
const ROOT = new URL('../../', import.meta.url).pathname;
let root: string;
let jsDir: string;
let server: Server;
let manager: ShardingManager | undefined;
const identifies: Array<{ shard: [number, number]; token: string }> = [];

function fakeDiscord(): Promise<string> {
  server = createServer((req, res) => {
    const port = (server.address() as AddressInfo).port;
    res.writeHead(200, { 'content-type': 'application/json' });
    if (req.url?.includes('/gateway/bot'))
      return res.end(
        JSON.stringify({
          url: `ws://127.0.0.1:${port}`,
          shards: 2,
          session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 16 },
        }),
      );
    return res.end('{}');
  });
  const wss = new WebSocketServer({ server });
  wss.on('connection', (socket: WebSocket) => {
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    socket.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: { shard: [number, number]; token: string } };
      if (msg.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (msg.op !== 2) return;
      identifies.push({ shard: msg.d.shard, token: msg.d.token });
      socket.send(
        JSON.stringify({
          op: 0,
          s: 1,
          t: 'READY',
          d: {
            v: 10,
            user: {
              id: '800000000000000001',
              username: 'music2movie',
              discriminator: '0',
              bot: true,
              avatar: null,
            },
            guilds: [],
            session_id: `session-${msg.d.shard[0]}`,
            resume_gateway_url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
            shard: msg.d.shard,
            application: { id: APP_ID, flags: 0 },
          },
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api`),
    ),
  );
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'm2m-shards-'));
  const apiUrl = await fakeDiscord();
  const [, js] = await Promise.all([
    writeIndex(join(root, 'index'), {
      assembled: assemble(TRACKS, MOVIES, new Map()),
      dataHashes: {},
      posters: { embedded: 0, missing: 0, failed: 0, unsafe: 0 },
      settings: {},
    }),
    transpileForWorkers(ROOT, [join(ROOT, 'adapters/shard.ts'), join(ROOT, 'adapters/discord/sharding.ts')]),
  ]);
  jsDir = js;
  // Shard processes inherit this environment (ShardingManager adds SHARDS and SHARD_COUNT).
  for (const [k, v] of Object.entries({
    INDEX_DIR: join(root, 'index'),
    DATA_DIR: join(root, 'data'),
    DISCORD_API_URL: apiUrl,
    LOG_LEVEL: 'silent',
  }))
    vi.stubEnv(k, v);
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  if (manager) for (const shard of manager.shards.values()) shard.kill();
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  if (jsDir) await rm(jsDir, { recursive: true, force: true });
  if (root) await rm(root, { recursive: true, force: true });
});

describe('DISCORD_SHARDS=2 under ShardingManager', () => {
  it('GIVEN two shards THEN two processes each load the index and identify as shard 0/2 and 1/2', async () => {
    const { createShardManager } = (await import(
      join(jsDir, 'adapters/discord/sharding.js')
    )) as typeof import('../../adapters/discord/sharding.js');
    const config = testConfig({ DISCORD_TOKEN: BOT_TOKEN, DISCORD_SHARDS: '2' });
    manager = createShardManager(config, { file: join(jsDir, 'adapters/shard.js'), execArgv: [] });
    const shards = await manager.spawn({ delay: 100, timeout: 20_000 });
    expect(shards.size).toBe(2);
    const pids = [...shards.values()].map((s) => s.process?.pid);
    expect(new Set(pids).size).toBe(2);
    expect(identifies.map((i) => i.shard).sort()).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(identifies.every((i) => i.token === BOT_TOKEN)).toBe(true);
    // A shard identifies only after loading the index (it exits first otherwise); each answers over IPC.
    expect(await manager.fetchClientValues('shard.ids')).toEqual([[0], [1]]);
  }, 40_000);
});
