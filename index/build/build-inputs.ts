import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../src/errors.js';
import { hashKey } from './stage-cache.js';

/** An input file the build reads: missing or unreadable is the user's to fix (exit 1), said before any work. */
export async function assertInputFile(path: string, what: string): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (!info) {
    throw new AppError(
      'FILE_NOT_FOUND',
      `${what} file ${path} does not exist. Check the path (the shared samples end in .csv.gz), or run \`music2movie data fetch\`.`,
    );
  }
  if (!info.isFile()) throw new AppError('BAD_INPUT', `${what} input ${path} is not a file.`);
}

/**
 * What the posters stage depends on: a URL as given; a folder as its listing (names, sizes, times),
 * so posters added to a folder after a build are picked up rather than served from the cache.
 * A folder that does not exist is an error, not 3,000 quietly missing posters.
 */
export async function posterSourceStamp(source: string): Promise<string> {
  if (/^https?:\/\//i.test(source)) return source;
  const info = await stat(source).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new AppError(
      'FILE_NOT_FOUND',
      `Poster folder ${source} does not exist. Give a folder of <imdb_id>.jpg files, a base URL such as https://image.tmdb.org/t/p, or leave out --posters.`,
    );
  }
  const names = (await readdir(source)).sort();
  const listing = await Promise.all(
    names.map(async (n) => {
      const s = await stat(join(source, n)).catch(() => undefined);
      return s ? [n, s.size, Math.round(s.mtimeMs)] : [n];
    }),
  );
  return `${source}#${hashKey(listing)}`;
}
