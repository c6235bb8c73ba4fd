import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.js';

/** Reads just the first line (gunzipping if needed) to tell which dataset a file is. */
export async function detectKind(path: string): Promise<'spotify' | 'tmdb'> {
  const first = await firstLine(path);
  const cols = first.toLowerCase();
  if (cols.includes('track_id') || cols.includes('track_genre')) return 'spotify';
  if (cols.includes('poster_path') || (cols.includes('overview') && cols.includes('title'))) return 'tmdb';
  throw new AppError(
    'NOT_CSV',
    `${basename(path)}: not a Spotify tracks or TMDb movies CSV (its first line has neither track_id nor poster_path)`,
  );
}

async function firstLine(path: string): Promise<string> {
  const raw = createReadStream(path, { start: 0, end: 1 << 20 });
  const head: Buffer[] = [];
  const peek = await new Promise<Buffer>((resolve, reject) => {
    raw.once('error', (e: NodeJS.ErrnoException) => {
      const why =
        e.code === 'EISDIR' ? 'is a folder, not a file' : e.code === 'ENOENT' ? 'file not found' : e.message;
      reject(new AppError('FILE_NOT_FOUND', `${path}: ${why}`, { cause: e }));
    });
    raw.once('readable', () => resolve((raw.read(2) as Buffer | null) ?? Buffer.alloc(0)));
    raw.once('end', () => resolve(Buffer.alloc(0)));
  });
  if (peek.length === 0) {
    raw.destroy();
    throw new AppError('FILE_EMPTY', `${path}: the file is empty`);
  }
  raw.unshift(peek);
  const gz = peek[0] === 0x1f && peek[1] === 0x8b;
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  let size = 0;
  let binary = false;
  try {
    for await (const chunk of stream) {
      if ((chunk as Buffer).includes(0)) binary = true;
      if (binary) break;
      head.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      const text = Buffer.concat(head).toString('utf8');
      const nl = text.indexOf('\n');
      if (nl >= 0) return text.slice(0, nl);
      if (size > 1 << 16) break;
    }
  } catch {
    // A truncated gzip still yields its first line; anything else is decided by the caller's read.
  } finally {
    raw.destroy();
  }
  if (binary) throw new AppError('NOT_CSV', `${basename(path)}: not a CSV file (binary content)`);
  return Buffer.concat(head).toString('utf8').split('\n')[0] ?? '';
}
