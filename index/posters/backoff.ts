/** Longest wait between two attempts, whatever the attempt number or a server's Retry-After. */
export const MAX_BACKOFF_MS = 30_000;

/**
 * Delay before retry number `attempt` (0 for the first retry): base * 2^attempt, with "equal jitter"
 * (half fixed, half random) so that many clients failing together do not retry in lockstep.
 */
export function backoffDelay(attempt: number, baseMs: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** attempt);
  return ceiling / 2 + random() * (ceiling / 2);
}

/** A server's Retry-After header (seconds or an HTTP date) in milliseconds, or undefined. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - now;
  return Number.isFinite(ms) && ms >= 0 ? Math.min(ms, MAX_BACKOFF_MS) : undefined;
}
