import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import { AppError } from '../../src/errors.js';

/**
 * Reads a `.env` file (KEY=value lines, as in `.env.example`) into `env`. Variables already set,
 * by the shell or a process manager, win over the file. No file: nothing happens. Returns the
 * names it set, never the values (they hold tokens).
 */
export function loadDotEnv(path: string, env: NodeJS.ProcessEnv): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new AppError('FILE_UNREADABLE', `${path} cannot be read: ${(e as Error).message}`, { cause: e });
  }
  const set: string[] = [];
  // An editor's byte-order mark would otherwise glue itself to the first name.
  for (const [key, value] of Object.entries(parseEnv(text.replace(/^\uFEFF/, '')))) {
    if (env[key] !== undefined || value === undefined) continue;
    env[key] = value;
    set.push(key);
  }
  return set;
}
