import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { type Handler, startServer, type TestServer } from './http-server.js';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function payload(bytes: number): Buffer {
  return randomBytes(bytes);
}

/** A temporary directory and auto-closed servers for each test in the calling file. */
export function useTestBed(): { dir: () => string; server: (handler: Handler) => Promise<TestServer> } {
  let dir = '';
  const servers: TestServer[] = [];
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'm2m-fetch-'));
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });
  return {
    dir: () => dir,
    server: async (handler) => {
      const server = await startServer(handler);
      servers.push(server);
      return server;
    },
  };
}
