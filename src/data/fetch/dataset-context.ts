import { AppError, isAppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { DatasetSpec } from './catalog.js';
import type { DatasetCredentials } from './credentials.js';
import type { DownloadOptions, ProgressCallback } from './download.js';

/** Retry and timeout knobs passed through to every download. */
export type DownloadTuning = Pick<
  DownloadOptions,
  'fetch' | 'retries' | 'timeoutMs' | 'backoffMs' | 'signal'
>;

/** Everything one dataset's fetcher needs. */
export interface DatasetContext {
  dataDir: string;
  url: string;
  credentials: DatasetCredentials;
  /** Progress of the named file being downloaded or extracted. */
  onProgress: ((file: string, received: number, total: number | undefined) => void) | undefined;
  tuning: DownloadTuning;
  logger: Logger;
}

export interface FetchedFile {
  dataset: DatasetSpec['name'];
  /** File name under the data directory. */
  name: string;
  path: string;
  bytes: number;
  sha256: string;
  /** True when the file was already there and nothing was downloaded. */
  skipped: boolean;
}

export function progressFor(context: DatasetContext, file: string): ProgressCallback | undefined {
  const { onProgress } = context;
  return onProgress ? (received, total) => onProgress(file, received, total) : undefined;
}

/**
 * Adds dataset-specific advice to an HTTP failure: which variable overrides a moved URL, which
 * credentials a refusal is about.
 */
export function withDatasetHint(error: unknown, spec: DatasetSpec, refusedHint?: string): unknown {
  if (!isAppError(error) || error.code !== 'DOWNLOAD_FAILED') return error;
  const status = error.details?.status;
  let hint: string | undefined;
  if (status === 404)
    hint = `If it has moved, set ${spec.urlEnvVar} to its new address (see ${spec.pageUrl}).`;
  if ((status === 401 || status === 403) && refusedHint) hint = refusedHint;
  if (!hint) return error;
  return new AppError(error.code, `${error.message} ${hint}`, { cause: error.cause, details: error.details });
}
