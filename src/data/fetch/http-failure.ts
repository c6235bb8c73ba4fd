import { AppError } from '../../errors.js';
import { redactUrl } from './redact-url.js';

/** Statuses worth another try: the server or a proxy is having a bad moment, not refusing us. */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/** Why a status failed, phrased as what the user can do about it. */
function hintFor(status: number): string {
  if (status === 401 || status === 403) {
    return 'The server refused the credentials: check that they are set and still valid.';
  }
  if (status === 404) return 'The dataset may have moved or been renamed: check the URL.';
  if (isTransientStatus(status)) return 'The server kept failing: try again later.';
  return 'Check the URL and try again.';
}

export function httpFailure(url: string, status: number, statusText: string): AppError {
  const reason = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  return new AppError(
    'DOWNLOAD_FAILED',
    `Download of ${redactUrl(url)} failed: ${reason}. ${hintFor(status)}`,
    {
      details: { url: redactUrl(url), status },
    },
  );
}
