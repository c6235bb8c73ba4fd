import { AppError, isAppError } from '../../src/errors.js';

/** Exit codes: 0 done, 1 the user can fix it (message says how), 2 our bug. */
export const EXIT = { ok: 0, user: 1, internal: 2 } as const;

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** Prints one readable line (never a stack trace for user errors) and returns the exit code. */
export function reportError(e: unknown, json: boolean): number {
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
