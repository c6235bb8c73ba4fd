import { randomBytes } from 'node:crypto';
import { readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { exists } from './durable-fs.js';

/**
 * Where an index directory's temporary and previous copies live: hidden siblings in the same
 * parent, so every rename stays on one filesystem and is atomic.
 */
export interface SiblingDirs {
  target: string;
  parent: string;
  /** The replaced index, kept only between the two renames of a swap. */
  previous: string;
  tempPrefix: string;
}

export function siblingDirs(dir: string): SiblingDirs {
  const target = resolve(dir);
  const parent = dirname(target);
  const name = basename(target);
  return { target, parent, previous: join(parent, `.${name}.previous`), tempPrefix: `.${name}.tmp-` };
}

export function newTempDir(dirs: SiblingDirs): string {
  return join(dirs.parent, `${dirs.tempPrefix}${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Undoes what a crash can leave behind. Between the two renames of a swap the target is absent
 * and the complete old index sits at `previous`: put it back. After the second rename only the
 * stale `previous` remains: drop it. Temp dirs of processes that no longer run are dropped too.
 */
export async function recoverInterruptedWrite(dirs: SiblingDirs): Promise<void> {
  if (await exists(dirs.previous)) {
    if (await exists(dirs.target)) await rm(dirs.previous, { recursive: true, force: true });
    else await rename(dirs.previous, dirs.target);
  }
  for (const entry of await readdir(dirs.parent)) {
    if (!entry.startsWith(dirs.tempPrefix)) continue;
    const pid = Number(entry.slice(dirs.tempPrefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isRunning(pid)) {
      await rm(join(dirs.parent, entry), { recursive: true, force: true });
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
