/** Stable error codes. Adapters render `message`; scripts match on `code`. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'FILE_NOT_FOUND'
  | 'FILE_UNREADABLE'
  | 'FILE_UNWRITABLE'
  | 'FILE_EMPTY'
  | 'NOT_CSV'
  | 'MISSING_COLUMN'
  | 'MALFORMED_ROW'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'CREDENTIALS_MISSING'
  | 'INDEX_MISSING'
  | 'INDEX_CORRUPT'
  | 'INDEX_VERSION'
  | 'INDEX_EMPTY'
  | 'DIMENSION_MISMATCH'
  | 'SONG_NOT_FOUND'
  | 'SONG_AMBIGUOUS'
  | 'MOVIE_NOT_FOUND'
  | 'BAD_INPUT'
  | 'BAD_OPTION'
  | 'POSTER_FAILED'
  | 'STORE_UNAVAILABLE'
  | 'INTERNAL';

/** Errors a user can act on: exit code 1 in the CLI, a readable reply in chat. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }
  readonly details: Record<string, unknown> | undefined;

  toJSON(): { code: ErrorCode; message: string } {
    return { code: this.code, message: this.message };
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}
