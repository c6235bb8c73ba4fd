import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { credentialsFrom, defaultKaggleJsonPath, sourcesFrom } from '../../src/data/fetch/index.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'm2m-creds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('credentialsFrom', () => {
  it('GIVEN KAGGLE_USERNAME, KAGGLE_KEY and HF_TOKEN THEN uses them', () => {
    const env = { KAGGLE_USERNAME: 'alice', KAGGLE_KEY: 'k1', HF_TOKEN: 'hf_1' };
    expect(credentialsFrom(env, join(dir, 'absent.json'))).toEqual({
      kaggle: { username: 'alice', key: 'k1' },
      huggingFaceToken: 'hf_1',
    });
  });

  it('GIVEN only kaggle.json THEN reads username and key from it', async () => {
    const path = join(dir, 'kaggle.json');
    await writeFile(path, JSON.stringify({ username: 'bob', key: 'k2' }));
    expect(credentialsFrom({}, path)).toEqual({ kaggle: { username: 'bob', key: 'k2' } });
  });

  it('GIVEN both THEN the environment wins, as with the Kaggle CLI', async () => {
    const path = join(dir, 'kaggle.json');
    await writeFile(path, JSON.stringify({ username: 'bob', key: 'k2' }));
    expect(credentialsFrom({ KAGGLE_USERNAME: 'alice', KAGGLE_KEY: 'k1' }, path).kaggle).toEqual({
      username: 'alice',
      key: 'k1',
    });
  });

  it('GIVEN only half of the environment pair THEN falls back to kaggle.json', async () => {
    const path = join(dir, 'kaggle.json');
    await writeFile(path, JSON.stringify({ username: 'bob', key: 'k2' }));
    expect(credentialsFrom({ KAGGLE_USERNAME: 'alice' }, path).kaggle).toEqual({
      username: 'bob',
      key: 'k2',
    });
  });

  it('GIVEN no kaggle.json THEN has no Kaggle credentials and says where it looked', () => {
    const path = join(dir, 'absent.json');
    const credentials = credentialsFrom({}, path);
    expect(credentials.kaggle).toBeUndefined();
    expect(credentials.kaggleJsonProblem).toBe(`${path} does not exist`);
  });

  it('GIVEN a malformed kaggle.json THEN reports it instead of throwing', async () => {
    const path = join(dir, 'kaggle.json');
    await writeFile(path, '{"username": "bob"');
    const credentials = credentialsFrom({}, path);
    expect(credentials.kaggle).toBeUndefined();
    expect(credentials.kaggleJsonProblem).toContain('is not JSON with non-empty "username" and "key"');
  });

  it('GIVEN a blank HF_TOKEN THEN sends no token', () => {
    expect(credentialsFrom({ HF_TOKEN: '  ' }, join(dir, 'absent.json')).huggingFaceToken).toBeUndefined();
  });

  it('GIVEN KAGGLE_CONFIG_DIR THEN looks for kaggle.json there by default', async () => {
    await mkdir(join(dir, 'cfg'));
    await writeFile(join(dir, 'cfg', 'kaggle.json'), JSON.stringify({ username: 'carol', key: 'k3' }));
    const env = { KAGGLE_CONFIG_DIR: join(dir, 'cfg') };
    expect(defaultKaggleJsonPath(env)).toBe(join(dir, 'cfg', 'kaggle.json'));
    expect(credentialsFrom(env).kaggle).toEqual({ username: 'carol', key: 'k3' });
  });
});

describe('sourcesFrom', () => {
  it('GIVEN SPOTIFY_DATASET_URL and TMDB_DATASET_URL THEN maps them; blanks are ignored', () => {
    expect(sourcesFrom({ SPOTIFY_DATASET_URL: 'http://a/s.csv', TMDB_DATASET_URL: ' ' })).toEqual({
      spotify: 'http://a/s.csv',
    });
  });
});
