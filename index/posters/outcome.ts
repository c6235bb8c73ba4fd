import { AppError } from '../../src/errors.js';

/** What getting one poster's bytes came to. Failures are values: one bad poster never throws. */
export type FetchOutcome =
  | { kind: 'ok'; bytes: Buffer; location: string }
  | {
      kind: 'missing' | 'failed';
      location: string;
      error: AppError;
      /** No HTTP answer at all on the last try (refused, reset, timed out): the server, not the poster. */
      unreachable?: boolean;
    };

export type FetchFailure = Extract<FetchOutcome, { kind: 'missing' | 'failed' }>;

export function posterFailure(
  kind: 'missing' | 'failed',
  location: string,
  reason: string,
  cause?: unknown,
): FetchFailure {
  return { kind, location, error: new AppError('POSTER_FAILED', reason, { cause, details: { location } }) };
}
