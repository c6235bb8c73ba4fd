import { basename } from 'node:path';
import { AppError } from '../errors.js';
import { readCsv, type SkipLog } from './csv-reader.js';
import { FieldError } from './fields.js';

export interface TypedRowsOptions {
  strict?: boolean;
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Counters a typed read fills in as it goes; final once the iteration ends. */
export interface TypedRowsCounts {
  /** Data rows in the file, including the skipped ones. */
  rowsRead: number;
  skips: SkipLog;
}

/**
 * Streams a CSV and turns each row into a typed value with `parseRow`, which throws FieldError for a
 * bad cell. Bad rows are skipped and counted (or, with `strict`, stop the read naming the line).
 */
export async function* typedRows<T>(
  path: string,
  required: readonly string[],
  parseRow: (cells: string[], column: (name: string) => number) => T,
  options: TypedRowsOptions,
  counts: TypedRowsCounts,
): AsyncGenerator<T> {
  const name = basename(path);
  let column: (name: string) => number = () => -1;
  const rows = readCsv(
    path,
    { required, strict: options.strict, onProgress: options.onProgress },
    counts.skips,
    (h) => {
      const index = h.index;
      column = (c) => index.get(c) ?? -1;
    },
  );
  let yielded = 0;
  for await (const row of rows) {
    let value: T;
    try {
      value = parseRow(row.cells, column);
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      if (options.strict) throw new AppError('MALFORMED_ROW', `${name}: line ${row.line}: ${e.message}`);
      counts.skips.add(row.line, e.message);
      counts.rowsRead = yielded + counts.skips.count;
      continue;
    }
    yielded++;
    counts.rowsRead = yielded + counts.skips.count;
    yield value;
  }
  counts.rowsRead = yielded + counts.skips.count;
}
