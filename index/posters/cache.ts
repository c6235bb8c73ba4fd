import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

/** Downloaded poster bytes on disk, one file per size and poster path. */
export class PosterCache {
  constructor(private readonly dir: string) {}

  pathFor(size: string, posterPath: string): string {
    const name = basename(posterPath);
    // TMDb names are safe file names; anything else is hashed rather than trusted as a path.
    const safe = /^[A-Za-z0-9._-]{1,200}$/.test(name) && !name.startsWith('.') ? name : hashName(posterPath);
    return join(this.dir, size, safe);
  }

  async read(file: string): Promise<Buffer | undefined> {
    try {
      return await readFile(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  /** Written to a temporary name then renamed, so a crash never leaves half a poster behind. */
  async write(file: string, bytes: Uint8Array): Promise<void> {
    await mkdir(join(file, '..'), { recursive: true });
    const tmp = `${file}.${randomUUID()}.tmp`;
    try {
      await writeFile(tmp, bytes);
      await rename(tmp, file);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async evict(file: string): Promise<void> {
    await rm(file, { force: true });
  }
}

function hashName(posterPath: string): string {
  return `${createHash('sha256').update(posterPath).digest('hex').slice(0, 32)}.img`;
}
