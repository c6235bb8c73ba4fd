import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';

export interface KaggleCredentials {
  username: string;
  key: string;
}

export interface DatasetCredentials {
  kaggle?: KaggleCredentials;
  /** Hugging Face access token; the Spotify dataset is public, so this is optional. */
  huggingFaceToken?: string;
  /** Where kaggle.json was looked for, and why it was not used: shown when Kaggle credentials are missing. */
  kaggleJsonProblem?: string;
}

export type Env = Readonly<Record<string, string | undefined>>;

const KaggleJson = z.object({ username: z.string().min(1), key: z.string().min(1) });

/** Where the official Kaggle CLI keeps its token: $KAGGLE_CONFIG_DIR/kaggle.json or ~/.kaggle/kaggle.json. */
export function defaultKaggleJsonPath(env: Env): string {
  return join(env.KAGGLE_CONFIG_DIR || join(homedir(), '.kaggle'), 'kaggle.json');
}

/**
 * Credentials from the environment (KAGGLE_USERNAME, KAGGLE_KEY, HF_TOKEN), falling back to
 * kaggle.json for Kaggle. Environment variables win, as they do for the Kaggle CLI.
 */
export function credentialsFrom(env: Env, kaggleJsonPath = defaultKaggleJsonPath(env)): DatasetCredentials {
  const credentials: DatasetCredentials = {};
  const huggingFaceToken = env.HF_TOKEN?.trim();
  if (huggingFaceToken) credentials.huggingFaceToken = huggingFaceToken;

  const username = env.KAGGLE_USERNAME?.trim();
  const key = env.KAGGLE_KEY?.trim();
  if (username && key) {
    credentials.kaggle = { username, key };
    return credentials;
  }
  const fromFile = readKaggleJson(kaggleJsonPath);
  if ('credentials' in fromFile) credentials.kaggle = fromFile.credentials;
  else credentials.kaggleJsonProblem = fromFile.problem;
  return credentials;
}

function readKaggleJson(path: string): { credentials: KaggleCredentials } | { problem: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `${path} does not exist` : `${path} could not be read (${code})` };
  }
  try {
    const parsed = KaggleJson.safeParse(JSON.parse(text));
    if (parsed.success) return { credentials: { username: parsed.data.username, key: parsed.data.key } };
  } catch {
    // Not JSON at all: reported below like JSON without the two fields.
  }
  return { problem: `${path} is not JSON with non-empty "username" and "key"` };
}

export function basicAuthHeader({ username, key }: KaggleCredentials): string {
  return `Basic ${Buffer.from(`${username}:${key}`).toString('base64')}`;
}
