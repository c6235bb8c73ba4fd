import type { AppError } from '../../errors.js';

/** A failure another attempt may fix; carries the error to report if the attempts run out. */
export class TransientFailure extends Error {
  constructor(
    readonly finalError: AppError,
    readonly retryAfterMs?: number,
  ) {
    super(finalError.message, { cause: finalError });
  }
}

const MAX_BACKOFF_MS = 30_000;
const MAX_RETRY_AFTER_MS = 60_000;

/** Exponential backoff, but never sooner than the server's own Retry-After. */
export function backoffDelay(baseMs: number, consecutiveFailures: number, retryAfterMs?: number): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, consecutiveFailures - 1), MAX_BACKOFF_MS);
  return Math.max(exponential, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** Retry-After is either delay-seconds or an HTTP date. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
