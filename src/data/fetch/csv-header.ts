import { open } from 'node:fs/promises';
import { AppError } from '../../errors.js';

const HEADER_PROBE_BYTES = 64 * 1024;

/** The first line of a file, read without loading the rest; BOM and line ending removed. */
export async function readFirstLine(path: string): Promise<string> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, 0);
    const text = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '');
    return text.split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await file.close();
  }
}

/** Header cells of one CSV line: split on commas outside quotes, quotes and spaces stripped. */
export function parseHeaderLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (const char of line) {
    if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

/**
 * Fails unless `path` starts with a CSV header holding every required column. Catches the usual
 * wrong downloads: a login or error page served as 200, or a different file than expected.
 */
/** `label` names the file in messages, e.g. 'The Spotify tracks download'. */
export async function assertCsvHeader(
  path: string,
  requiredColumns: readonly string[],
  label: string,
): Promise<void> {
  const line = await readFirstLine(path);
  if (/^\s*</.test(line) || /<html|<!doctype/i.test(line)) {
    throw new AppError(
      'NOT_CSV',
      `${label} is an HTML page, not CSV: usually a login or error page. ` +
        'Check the credentials and the dataset URL.',
      { details: { path, firstLine: line.slice(0, 200) } },
    );
  }
  const columns = new Set(parseHeaderLine(line));
  const missing = requiredColumns.filter((column) => !columns.has(column));
  if (missing.length > 0) {
    throw new AppError(
      'MISSING_COLUMN',
      `${label} does not look like the expected dataset: its header lacks ${missing.join(', ')}. ` +
        `First line: "${line.slice(0, 200)}".`,
      { details: { path, missing } },
    );
  }
}
