import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../src/errors.js';

/** One row of posters-failed.csv. */
export interface FailureRow {
  id: number;
  url: string;
  reason: string;
}

const HEADER = 'id,url,reason';

/** The movie ids in a failure log, or undefined when there is no log yet. */
export async function readFailureLog(path: string): Promise<FailureRow[] | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    throw new AppError(
      'NOT_CSV',
      `The poster failure log ${path} is not valid CSV; delete it to start over.`,
      {
        cause: e,
      },
    );
  }
  return records.map((r, i) => {
    const id = Number(r.id);
    if (!Number.isInteger(id)) {
      throw new AppError('MALFORMED_ROW', `Row ${i + 2} of ${path} has no integer id; delete the file.`);
    }
    return { id, url: r.url ?? '', reason: r.reason ?? '' };
  });
}

/** Replaces the log atomically; an empty list leaves just the header ("nothing failed"). */
export async function writeFailureLog(path: string, rows: readonly FailureRow[]): Promise<void> {
  const lines = [HEADER, ...rows.map((r) => [String(r.id), r.url, r.reason].map(csvField).join(','))];
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, `${lines.join('\n')}\n`);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

function csvField(value: string): string {
  const oneLine = value.replace(/\r?\n/g, ' ');
  return /[",]/.test(oneLine) ? `"${oneLine.replace(/"/g, '""')}"` : oneLine;
}
