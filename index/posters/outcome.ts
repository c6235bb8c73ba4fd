import { AppError } from '../../src/errors.js';

/** What getting one poster's bytes came to. Failures are values: one bad poster never throws. */
export type FetchOutcome =
  | { kind: 'ok'; bytes: Buffer; location: string }
  | { kind: 'missing' | 'failed'; location: string; error: AppError };

export function posterFailure(
  kind: 'missing' | 'failed',
  location: string,
  reason: string,
  cause?: unknown,
): FetchOutcome {
  return { kind, location, error: new AppError('POSTER_FAILED', reason, { cause, details: { location } }) };
}
