import type { Clock } from '../../src/ports.js';
import { backoffDelay, retryAfterMs } from './backoff.js';
import { imageBytesProblem } from './image-bytes.js';
import { type FetchOutcome, posterFailure } from './outcome.js';
import type { PosterLogger } from './types.js';

export interface DownloadSettings {
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  clock: Clock;
  retries: number;
  retryBaseMs: number;
  timeoutMs: number;
  logger: PosterLogger;
  /** Aborts every download and retry at once (the stage gave up on the server). */
  signal?: AbortSignal;
}

type Attempt =
  | { kind: 'ok'; bytes: Buffer }
  | { kind: 'missing'; reason: string }
  | {
      kind: 'failed';
      reason: string;
      retryable: boolean;
      waitMs?: number;
      cause?: unknown;
      network?: boolean;
    };

/**
 * GET one image with a per-attempt timeout. 404/410 mean missing and are not retried; 5xx, 408, 429,
 * timeouts and connection errors are retried with backoff; a 200 that is not a whole image (HTML, a
 * cut JPEG) fails at once, since asking again returns the same bytes.
 */
export async function downloadImage(url: string, s: DownloadSettings): Promise<FetchOutcome> {
  for (let attempt = 0; ; attempt++) {
    if (s.signal?.aborted)
      return posterFailure('failed', url, 'stopped: the poster stage gave up on its server');
    const result = await attemptDownload(url, s);
    if (result.kind === 'ok') return { kind: 'ok', bytes: result.bytes, location: url };
    if (result.kind === 'missing') return posterFailure('missing', url, result.reason);
    const attempts = attempt + 1;
    if (!result.retryable || attempt >= s.retries) {
      const reason = result.retryable ? `${result.reason} (${attempts} attempts)` : result.reason;
      const outcome = posterFailure('failed', url, reason, result.cause);
      return result.network ? { ...outcome, unreachable: true } : outcome;
    }
    const delay = result.waitMs ?? backoffDelay(attempt, s.retryBaseMs, s.random);
    s.logger.debug(
      { url, attempt: attempts, delay, reason: result.reason },
      'poster download failed, retrying',
    );
    await s.sleep(delay);
  }
}

async function attemptDownload(url: string, s: DownloadSettings): Promise<Attempt> {
  const timeout = AbortSignal.timeout(s.timeoutMs);
  const signal = s.signal ? AbortSignal.any([timeout, s.signal]) : timeout;
  let response: Response;
  try {
    response = await s.fetch(url, { signal, redirect: 'follow' });
  } catch (e) {
    // No answer at all: the only failure that says the server itself may be unreachable.
    return { ...networkFailure(e, s.timeoutMs), network: true };
  }
  if (response.status === 404 || response.status === 410) {
    await discardBody(response);
    return { kind: 'missing', reason: `not found (HTTP ${response.status})` };
  }
  if (!response.ok) {
    await discardBody(response);
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    const waitMs = retryAfterMs(response.headers.get('retry-after'), s.clock.now());
    return { kind: 'failed', reason: `HTTP ${response.status}`, retryable, waitMs };
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (e) {
    // The server answered; a slow or cut body is this poster's trouble, not an unreachable server.
    return networkFailure(e, s.timeoutMs);
  }
  const problem = imageBytesProblem(bytes, response.headers.get('content-type'));
  if (problem !== undefined) return { kind: 'failed', reason: problem, retryable: false };
  return { kind: 'ok', bytes };
}

function networkFailure(e: unknown, timeoutMs: number): Extract<Attempt, { kind: 'failed' }> {
  const name = (e as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') {
    return {
      kind: 'failed',
      reason: `timed out after ${timeoutMs} ms`,
      retryable: true,
      cause: e,
    };
  }
  return {
    kind: 'failed',
    reason: `connection error: ${describeError(e)}`,
    retryable: true,
    cause: e,
  };
}

/** undici reports "fetch failed" and hides the useful part (ECONNREFUSED, ...) in `cause`. */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${e.message} (${detail})` : e.message;
}

/** Unread bodies hold their connection open; cancel them so the socket goes back to the pool. */
async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The connection is going away anyway.
  }
}
