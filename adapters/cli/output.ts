import { AppError, isAppError } from '../../src/errors.js';

/** Exit codes: 0 done, 1 the user can fix it (message says how), 2 our bug. */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Prints one readable line (never a stack trace for user errors) and returns the exit code. */
/** File-system refusals caused by the paths or disk the user gave, not by our code. */
const USER_FS_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  EACCES: 'permission denied',
  EPERM: 'not permitted',
  EISDIR: 'is a folder',
  ENOTDIR: 'a part of the path is not a folder',
  ENOSPC: 'the disk is full',
  EROFS: 'read-only file system',
};

/** A Node file-system error about a path the user supplied, as a user error; otherwise undefined. */
export function fileSystemUserError(e: unknown): AppError | undefined {
  const err = e as NodeJS.ErrnoException | null;
  const why = err?.code ? USER_FS_ERRORS[err.code] : undefined;
  if (!why || typeof err?.path !== 'string') return undefined;
  const code =
    err.code === 'ENOENT'
      ? 'FILE_NOT_FOUND'
      : err.code === 'ENOSPC' || err.code === 'EROFS'
        ? 'FILE_UNWRITABLE'
        : 'FILE_UNREADABLE';
  return new AppError(code, `${err.path}: ${why}.`, {
    cause: e,
  });
}

export function reportError(e: unknown, json: boolean): number {
  if (!isAppError(e)) e = fileSystemUserError(e) ?? e;
  if (isAppError(e)) {
    if (json) printJson({ error: e.toJSON() });
    process.stderr.write(`error [${e.code}]: ${e.message}\n`);
    return EXIT.user;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (json) printJson({ error: { code: 'INTERNAL', message: err.message } });
  process.stderr.write(
    `internal error: ${err.message}\n${process.env.DEBUG ? (err.stack ?? '') : 'Set DEBUG=1 for the stack trace.'}\n`,
  );
  return EXIT.internal;
}

export function userError(message: string): AppError {
  return new AppError('BAD_INPUT', message);
}
