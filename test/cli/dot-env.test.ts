import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDotEnv } from '../../adapters/cli/dot-env.js';
import { loadConfig } from '../../src/config.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'm2m-env-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('.env', () => {
  it('GIVEN a .env like .env.example THEN its settings reach the config, and the shell still wins', async () => {
    const path = join(dir, '.env');
    await writeFile(
      path,
      '\uFEFFPORT=3919\r\n# settings\nSLACK_BOT_TOKEN="xoxb-1"\nFEEDBACK_SALT=\nLOG_LEVEL=debug\n',
    );
    const env: NodeJS.ProcessEnv = { LOG_LEVEL: 'warn' };
    expect(loadDotEnv(path, env).sort()).toEqual(['FEEDBACK_SALT', 'PORT', 'SLACK_BOT_TOKEN']);
    expect(env).toMatchObject({ PORT: '3919', SLACK_BOT_TOKEN: 'xoxb-1', LOG_LEVEL: 'warn' });
    const config = loadConfig(env);
    expect(config.port).toBe(3919);
    expect(config.feedbackSaltSet).toBe(false);
  });

  it('GIVEN no .env THEN nothing changes; a .env that is a folder THEN a readable error', async () => {
    const env: NodeJS.ProcessEnv = {};
    expect(loadDotEnv(join(dir, 'missing.env'), env)).toEqual([]);
    expect(env).toEqual({});
    expect(() => loadDotEnv(dir, env)).toThrow(/cannot be read/);
  });
});
