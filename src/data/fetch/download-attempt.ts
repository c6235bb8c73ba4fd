import { open } from 'node:fs/promises';
import { AppError } from '../../errors.js';
import { parseContentLength, parseContentRange } from './content-range.js';
import { httpFailure, isTransientStatus } from './http-failure.js';
import { otherVersion, removePart, validatorOf, writeValidator } from './part-validator.js';
import { redactUrl } from './redact-url.js';
import { parseRetryAfter, TransientFailure } from './retry.js';
import { StallTimer } from './stall-timer.js';

export type ProgressCallback = (received: number, total: number | undefined) => void;

export interface AttemptOptions {
  url: string;
  part: string;
  /** Bytes already in `part`; asked for with a Range header when above zero. */
  offset: number;
  /** The version the bytes in `part` came from (ETag or Last-Modified), sent as If-Range. */
  validator: string | undefined;
  headers: Record<string, string> | undefined;
  expectedSize: number | undefined;
  onProgress: ProgressCallback | undefined;
  fetch: typeof fetch;
  timeoutMs: number;
  signal: AbortSignal | undefined;
}

/** `done`: `part` holds the whole file. `restart`: `part` cannot be resumed and must go. */
export type AttemptResult = { kind: 'done' } | { kind: 'restart' };

/**
 * One HTTP request that appends to (or rewrites) `part`. Throws TransientFailure for what a retry may
 * fix, AppError for what it will not.
 */
export async function downloadAttempt(o: AttemptOptions): Promise<AttemptResult> {
  const controller = new AbortController();
  const stall = new StallTimer(o.timeoutMs, () => controller.abort());
  const signal = o.signal ? AbortSignal.any([o.signal, controller.signal]) : controller.signal;
  // identity: a transparently decompressed body would not match Content-Length or byte ranges.
  const headers: Record<string, string> = { 'accept-encoding': 'identity', ...o.headers };
  if (o.offset > 0) {
    headers.range = `bytes=${o.offset}-`;
    if (o.validator) headers['if-range'] = o.validator;
  }
  try {
    stall.arm();
    let response: Response;
    try {
      response = await o.fetch(o.url, { headers, signal, redirect: 'follow' });
    } catch (error) {
      throw networkFailure(o, error, stall);
    }
    return await handleResponse(o, response, stall);
  } finally {
    stall.clear();
    // Closes the connection if we stopped reading early; a no-op once the body is consumed.
    controller.abort();
  }
}

async function handleResponse(
  o: AttemptOptions,
  response: Response,
  stall: StallTimer,
): Promise<AttemptResult> {
  const { status } = response;
  if (status === 416 && o.offset > 0) {
    await discard(response);
    // The range starts at or past the end: complete if the size we have is the size there is.
    const total = parseContentRange(response.headers.get('content-range'))?.total ?? o.expectedSize;
    return total === o.offset ? { kind: 'done' } : { kind: 'restart' };
  }
  if (!response.ok) {
    await discard(response);
    const failure = httpFailure(o.url, status, response.statusText);
    if (!isTransientStatus(status)) throw failure;
    throw new TransientFailure(failure, parseRetryAfter(response.headers.get('retry-after')));
  }

  let start = 0;
  let total: number | undefined;
  if (status === 206) {
    const range = parseContentRange(response.headers.get('content-range'));
    // A server that ignored If-Range and sends a slice of a newer version: start over.
    if (range?.start !== o.offset || (o.validator && otherVersion(o.validator, response))) {
      await discard(response);
      return { kind: 'restart' };
    }
    start = o.offset;
    total = range.total;
  } else {
    // A 200 to a ranged request means the server ignored the range: the body is the whole file.
    const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
    total = encoded ? undefined : parseContentLength(response.headers.get('content-length'));
    await writeValidator(o.part, validatorOf(response));
  }
  if (total !== undefined && o.expectedSize !== undefined && total !== o.expectedSize) {
    await discard(response);
    await removePart(o.part);
    throw sizeMismatch(o.url, o.expectedSize, total, 'the server reports');
  }

  const size = start + (await writeBody(o, response, start, total, stall));
  if (total !== undefined && size < total) {
    throw new TransientFailure(
      new AppError(
        'DOWNLOAD_FAILED',
        `Download of ${redactUrl(o.url)} was cut short at ${size} of ${total} bytes.`,
        { details: { url: redactUrl(o.url) } },
      ),
    );
  }
  if (total !== undefined && size > total) {
    await removePart(o.part);
    throw sizeMismatch(o.url, total, size, 'received');
  }
  return { kind: 'done' };
}

/** Streams the body into `part`, from scratch or appended at `start`; returns the bytes written. */
async function writeBody(
  o: AttemptOptions,
  response: Response,
  start: number,
  total: number | undefined,
  stall: StallTimer,
): Promise<number> {
  const file = await open(o.part, start > 0 ? 'a' : 'w');
  let received = 0;
  try {
    o.onProgress?.(start, total);
    if (!response.body) return 0;
    const reader = response.body.getReader();
    for (;;) {
      const chunk = await reader.read().catch((error: unknown) => {
        throw networkFailure(o, error, stall);
      });
      if (chunk.done) return received;
      stall.arm();
      await file.write(chunk.value);
      received += chunk.value.byteLength;
      o.onProgress?.(start + received, total);
    }
  } finally {
    await file.close();
  }
}

function networkFailure(o: AttemptOptions, error: unknown, stall: StallTimer): unknown {
  if (o.signal?.aborted) return o.signal.reason;
  const url = redactUrl(o.url);
  const message = stall.fired
    ? `Download of ${url} stalled: no data for ${(o.timeoutMs / 1000).toFixed(1)} s.`
    : `Download of ${url} failed: ${describeNetworkError(error)}.`;
  return new TransientFailure(new AppError('DOWNLOAD_FAILED', message, { cause: error, details: { url } }));
}

/** fetch reports most failures as `TypeError: fetch failed`; the useful part is in `cause`. */
function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause as { code?: string; message?: string } | undefined;
  const detail = cause?.code ?? cause?.message;
  return detail ? `${error.message} (${detail})` : error.message;
}

function sizeMismatch(url: string, expected: number, actual: number, what: string): AppError {
  return new AppError(
    'DOWNLOAD_FAILED',
    `Download of ${redactUrl(url)} has the wrong size: expected ${expected} bytes, ${what} ${actual}. ` +
      'The partial file was removed; run again to download it fresh.',
    { details: { url: redactUrl(url), expected, actual } },
  );
}

async function discard(response: Response): Promise<void> {
  await response.body?.cancel().catch(() => undefined);
}
