import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../errors.js';
import { checkDownloadUrl } from './check-url.js';
import { downloadAttempt, type ProgressCallback } from './download-attempt.js';
import { sha256OfFile } from './file-hash.js';
import { fileSize } from './file-size.js';
import { readValidator, removePart } from './part-validator.js';
import { redactUrl } from './redact-url.js';
import { backoffDelay, TransientFailure } from './retry.js';

export type { ProgressCallback } from './download-attempt.js';

export interface DownloadOptions {
  url: string;
  dest: string;
  headers?: Record<string, string>;
  /** Known size in bytes; checked against the server's and the final file's. */
  expectedSize?: number;
  /** Expected hex sha256 of the whole file. */
  sha256?: string;
  onProgress?: ProgressCallback;
  fetch?: typeof fetch;
  /** Failed attempts in a row allowed before giving up; an attempt that saved bytes resets the count. */
  retries?: number;
  /** An attempt is abandoned when no response or no bytes arrive for this long. */
  timeoutMs?: number;
  /** Delay before the first retry; doubles with each further failure in a row (capped at 30 s). */
  backoffMs?: number;
  signal?: AbortSignal;
  /** Checks the finished `.part` before it takes the final name; if it throws, the `.part` is removed. */
  validate?: (partPath: string) => Promise<void>;
}

export interface DownloadResult {
  path: string;
  bytes: number;
  sha256: string;
  /** Bytes already on disk from an earlier, interrupted run (0 for a fresh download). */
  resumedFrom: number;
}

const DEFAULTS = { retries: 5, timeoutMs: 30_000, backoffMs: 1_000 };
/** Servers that answer a resume with the wrong slice get this many fresh starts before we give up. */
const MAX_RESTARTS = 2;

/**
 * Downloads `url` to `dest` through `dest.part`, resuming a `.part` left by an earlier run, retrying
 * transient failures from the bytes already saved, verifying size and checksum, then renaming into
 * place so `dest` is never half-written.
 */
export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { url, dest } = options;
  checkDownloadUrl(url);
  const part = `${dest}.part`;
  await mkdir(dirname(dest), { recursive: true });
  const resumedFrom = (await fileSize(part)) ?? 0;
  await fetchIntoPart(options, part);

  const bytes = (await fileSize(part)) ?? 0;
  if (options.expectedSize !== undefined && bytes !== options.expectedSize) {
    await removePart(part);
    throw new AppError(
      'DOWNLOAD_FAILED',
      `Download of ${redactUrl(url)} has the wrong size: expected ${options.expectedSize} bytes, got ${bytes}. ` +
        'The partial file was removed; run again to download it fresh.',
      { details: { url: redactUrl(url), expected: options.expectedSize, actual: bytes } },
    );
  }
  const sha256 = await sha256OfFile(part);
  if (options.sha256 !== undefined && sha256 !== options.sha256.toLowerCase()) {
    await removePart(part);
    throw new AppError(
      'CHECKSUM_MISMATCH',
      `Checksum mismatch for ${redactUrl(url)}: expected sha256 ${options.sha256.toLowerCase()}, got ${sha256}. ` +
        'The corrupt file was removed; run again to download it fresh.',
      { details: { url: redactUrl(url), expected: options.sha256.toLowerCase(), actual: sha256 } },
    );
  }
  if (options.validate) {
    try {
      await options.validate(part);
    } catch (error) {
      await removePart(part);
      throw error;
    }
  }
  await rename(part, dest);
  await removePart(part);
  return { path: dest, bytes, sha256, resumedFrom };
}

/** Runs attempts until `part` holds the whole file, or the retries run out. */
async function fetchIntoPart(options: DownloadOptions, part: string): Promise<void> {
  const retries = options.retries ?? DEFAULTS.retries;
  let failuresInARow = 0;
  let restarts = 0;
  for (let attempts = 1; ; attempts++) {
    options.signal?.throwIfAborted();
    const offset = (await fileSize(part)) ?? 0;
    try {
      const result = await downloadAttempt({
        url: options.url,
        part,
        offset,
        validator: offset > 0 ? await readValidator(part) : undefined,
        headers: options.headers,
        expectedSize: options.expectedSize,
        onProgress: options.onProgress,
        fetch: options.fetch ?? fetch,
        timeoutMs: options.timeoutMs ?? DEFAULTS.timeoutMs,
        signal: options.signal,
      });
      if (result.kind === 'done') return;
      await removePart(part);
      if (++restarts > MAX_RESTARTS) throw inconsistentRanges(options.url);
    } catch (error) {
      if (!(error instanceof TransientFailure)) throw error;
      const saved = ((await fileSize(part)) ?? 0) > offset;
      failuresInARow = saved ? 1 : failuresInARow + 1;
      if (failuresInARow > retries) throw gaveUp(error.finalError, attempts);
      const delay = backoffDelay(options.backoffMs ?? DEFAULTS.backoffMs, failuresInARow, error.retryAfterMs);
      // An abort during the pause surfaces as the caller's own reason, as it does mid-transfer.
      await sleep(delay, undefined, { signal: options.signal }).catch((error: unknown) => {
        throw options.signal?.reason ?? error;
      });
    }
  }
}

function gaveUp(last: AppError, attempts: number): AppError {
  return new AppError(
    last.code,
    `${last.message} Gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}; ` +
      'run again to resume from the bytes already saved.',
    { cause: last.cause, details: last.details },
  );
}

function inconsistentRanges(url: string): AppError {
  return new AppError(
    'DOWNLOAD_FAILED',
    `Download of ${redactUrl(url)} failed: the server kept answering resume requests with the wrong bytes.`,
    { details: { url: redactUrl(url) } },
  );
}
