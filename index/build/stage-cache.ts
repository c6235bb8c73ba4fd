import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';

/** sha256 of a file's bytes, streamed. */
export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function hashKey(...parts: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex').slice(0, 24);
}

/**
 * Stage outputs on disk, keyed by a hash of their inputs and settings, so a re-run with unchanged
 * inputs skips the stage. v8 serialisation keeps typed arrays and is far faster than JSON.
 */
export class StageCache {
  constructor(private readonly dir: string | null) {}

  async get<T>(stage: string, key: string): Promise<T | undefined> {
    if (!this.dir) return undefined;
    try {
      return deserialize(await readFile(join(this.dir, `${stage}-${key}.v8`))) as T;
    } catch {
      return undefined;
    }
  }

  async put(stage: string, key: string, value: unknown): Promise<void> {
    if (!this.dir) return;
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${stage}-${key}.v8`);
    await writeFile(`${path}.tmp`, serialize(value));
    await rename(`${path}.tmp`, path);
  }
}
