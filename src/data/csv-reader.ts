import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { createGunzip } from 'node:zlib';
import { AppError } from '../errors.js';

/** A row that could not be used, with the 1-based physical line it started on. */
export interface SkippedRow {
  line: number;
  reason: string;
}

/** Keeps every skip counted but only the first few in memory, so a broken 1 GB file cannot exhaust RAM. */
export class SkipLog {
  count = 0;
  readonly examples: SkippedRow[] = [];
  readonly byReason = new Map<string, number>();
  constructor(private readonly keep = 20) {}

  add(line: number, reason: string): void {
    this.count++;
    const kind = reason.split(':')[0] ?? reason;
    this.byReason.set(kind, (this.byReason.get(kind) ?? 0) + 1);
    if (this.examples.length < this.keep) this.examples.push({ line, reason });
  }
}

export interface CsvReadOptions {
  /** Columns the file must have; a missing one stops the read with MISSING_COLUMN. */
  required: readonly string[];
  /** Any skipped row becomes an error instead. */
  strict?: boolean;
  /** Called with bytes read so far (compressed bytes for .gz) and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * Longest record accepted, in characters (default 1,000,000); a longer one is skipped. A quoted cell
   * still open past it counts as an unclosed quote, so a stray quote cannot make a record eat the file.
   */
  maxRecordSize?: number;
}

export interface CsvHeader {
  columns: string[];
  /** Column name → position. */
  index: Map<string, number>;
}

/** One data row: the raw cells, and its 1-based line number for error messages. */
export interface CsvRow {
  cells: string[];
  line: number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** A UTF-8 BOM decoded as Latin-1 (seen in real Spotify exports) or a real one. */
const BOM_PREFIXES = ['\uFEFF', 'ï»¿'];

async function sniff(path: string): Promise<{ size: number; gzip: boolean; head: Buffer }> {
  let size: number;
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new AppError('FILE_NOT_FOUND', `${path}: not a file`);
    size = s.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('FILE_NOT_FOUND', `${path}: file not found`, { cause: e });
  }
  if (size === 0) throw new AppError('FILE_EMPTY', `${path}: the file is empty`);
  const fh = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, 4096));
    await fh.read(head, 0, head.length, 0);
    return { size, gzip: head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1], head };
  } finally {
    await fh.close();
  }
}

function cleanHeaderCell(cell: string, i: number): string {
  let c = cell.trim();
  if (i === 0) for (const bom of BOM_PREFIXES) if (c.startsWith(bom)) c = c.slice(bom.length);
  return c;
}

/** What the tokenizer hands on: a record's cells, or why the record was unusable; `line` is where it started. */
export interface CsvToken {
  line: number;
  /** Absent when the record could not be split into cells (bad quoting, too large). */
  cells?: string[];
  error?: string;
}

const COMMA = 44;
const QUOTE = 34;
const LF = 10;
const CR = 13;

function countLf(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = s.indexOf('\n', from); i >= 0 && i < to; i = s.indexOf('\n', i + 1)) n++;
  return n;
}

/** Index of the first LF or CR at or after `from`, or -1. */
function nextBreak(s: string, from: number): number {
  const lf = s.indexOf('\n', from);
  const cr = s.indexOf('\r', from);
  if (lf < 0) return cr;
  if (cr < 0) return lf;
  return Math.min(lf, cr);
}

/**
 * Incremental RFC 4180 tokenizer (comma, double quote, `""` escape; LF, CRLF or CR line ends; empty
 * lines skipped). Unlike a stock parser it recovers from a bad record: after a quote error the record's
 * first line is reported and reading resumes on the next physical line, so one stray quote costs one
 * row instead of the rest of the file. A quote inside an unquoted cell is kept as text, as pandas does.
 */
export class CsvTokenizer {
  private buf = '';
  private line = 1;
  private started = false;
  /** After an over-long record on one physical line: drop text up to the next line break. */
  private discarding = false;

  constructor(private readonly maxRecordSize = 1_000_000) {}

  /** The first line not yet consumed: every record before it has been handed out. */
  get nextLine(): number {
    return this.line;
  }

  /** Feeds decoded text; complete records are appended to `out`. Call once more with `eof` at the end. */
  push(text: string, eof: boolean, out: CsvToken[]): void {
    let buf = this.buf.length === 0 ? text : this.buf + text;
    if (!this.started) {
      if (buf.length === 0 && !eof) return;
      if (buf.charCodeAt(0) === 0xfeff) buf = buf.slice(1);
      this.started = true;
    }
    const n = buf.length;
    let pos = 0;
    let line = this.line;
    if (this.discarding) {
      const b = nextBreak(buf, 0);
      if (b < 0) {
        this.buf = '';
        return;
      }
      this.discarding = false;
      pos = b;
    }
    let bad = buf.indexOf('\uFFFD', pos);
    while (pos < n) {
      let c = buf.charCodeAt(pos);
      if (c === LF || c === CR) {
        if (c === CR) {
          if (pos + 1 >= n && !eof) break;
          pos += buf.charCodeAt(pos + 1) === LF ? 2 : 1;
        } else pos++;
        line++;
        continue;
      }
      const start = pos;
      let p = pos;
      let l = line;
      const cells: string[] = [];
      let error: string | undefined;
      let incomplete = false;
      let inQuote = false;
      field: for (;;) {
        if (p >= n) {
          // Only reached after a comma: a trailing empty cell.
          if (!eof) incomplete = true;
          else cells.push('');
          break;
        }
        if (buf.charCodeAt(p) === QUOTE) {
          let s = p + 1;
          let value = '';
          for (;;) {
            const q = buf.indexOf('"', s);
            if (q < 0) {
              inQuote = true;
              if (!eof) incomplete = true;
              else error = 'bad quoting: a quoted cell is never closed';
              break field;
            }
            if (q + 1 >= n && !eof) {
              inQuote = true;
              incomplete = true;
              break field;
            }
            l += countLf(buf, s, q);
            if (buf.charCodeAt(q + 1) === QUOTE) {
              value += buf.slice(s, q + 1);
              s = q + 2;
              continue;
            }
            value += buf.slice(s, q);
            p = q + 1;
            break;
          }
          cells.push(value);
          if (p >= n) break;
          c = buf.charCodeAt(p);
          if (c === COMMA) {
            p++;
            continue;
          }
          if (c !== LF && c !== CR) {
            error = `bad quoting: text after a closing quote (${JSON.stringify(buf.slice(p, p + 10))})`;
            break;
          }
        } else {
          let q = p;
          c = -1;
          while (q < n) {
            c = buf.charCodeAt(q);
            if (c === COMMA || c === LF || c === CR) break;
            q++;
          }
          if (q >= n) {
            if (!eof) incomplete = true;
            else {
              cells.push(buf.slice(p, q));
              p = q;
            }
            break;
          }
          cells.push(buf.slice(p, q));
          p = q;
          if (c === COMMA) {
            p++;
            continue;
          }
        }
        // buf[p] is a line break: it ends the record.
        if (buf.charCodeAt(p) === CR) {
          if (p + 1 >= n && !eof) {
            incomplete = true;
            break;
          }
          p += buf.charCodeAt(p + 1) === LF ? 2 : 1;
        } else p++;
        l++;
        break;
      }
      if (incomplete) {
        if (n - start <= this.maxRecordSize) break;
        error = inQuote
          ? `bad quoting: a quoted cell is not closed within ${this.maxRecordSize} characters`
          : `record too large: over ${this.maxRecordSize} characters`;
      }
      if (error !== undefined) {
        out.push({ line, error });
        // Resume on the physical line after the one the record started on.
        const b = nextBreak(buf, start);
        if (b < 0) {
          pos = n;
          this.discarding = !eof;
          break;
        }
        pos = b;
        if (bad >= 0 && bad < pos) bad = buf.indexOf('\uFFFD', pos);
        continue;
      }
      if (p - start > this.maxRecordSize) {
        out.push({ line, error: `record too large: over ${this.maxRecordSize} characters` });
      } else if (bad >= 0 && bad < p) {
        out.push({ line, cells, error: 'bad encoding: invalid UTF-8 bytes' });
      } else out.push({ line, cells });
      if (bad >= 0 && bad < p) bad = buf.indexOf('\uFFFD', p);
      pos = p;
      line = l;
    }
    this.buf = pos >= n ? '' : buf.slice(pos);
    this.line = line;
  }
}

/**
 * Streams a CSV or gzip-compressed CSV, yielding rows with the header's column count. Rows with the
 * wrong column count, bad quoting or invalid UTF-8 are skipped and logged with the line they start on
 * (bad quoting costs only that row: reading resumes on the next line); structural problems (empty
 * file, not CSV, missing column, corrupt gzip) stop with one clear AppError.
 */
export async function* readCsv(
  path: string,
  options: CsvReadOptions,
  skips: SkipLog,
  onHeader?: (header: CsvHeader) => void,
): AsyncGenerator<CsvRow> {
  const name = basename(path);
  const { size, gzip, head } = await sniff(path);
  if (!gzip && head.includes(0)) {
    throw new AppError('NOT_CSV', `${name}: not a CSV file (binary content)`);
  }

  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const onProgress = options.onProgress;
  let bytesRead = 0;
  let source: Readable = raw;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: 1 << 18 });
    // A read failure must surface through the stream we iterate, not hang it.
    raw.on('error', (e) => gunzip.destroy(e));
    if (onProgress) {
      raw.on('data', (chunk) => {
        bytesRead += chunk.length;
        onProgress(bytesRead, size);
      });
    }
    source = raw.pipe(gunzip);
  }

  const tokenizer = new CsvTokenizer(options.maxRecordSize ?? 1_000_000);
  const decoder = new StringDecoder('utf8');
  const tokens: CsvToken[] = [];
  let header: CsvHeader | undefined;
  let width = 0;
  let firstText: string | undefined;
  const skip = (line: number, reason: string): void => {
    if (options.strict) throw new AppError('MALFORMED_ROW', `${name}: line ${line}: ${reason}`);
    skips.add(line, reason);
  };
  try {
    let eof = false;
    const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    while (!eof) {
      const next = await chunks.next();
      let text: string;
      if (next.done) {
        eof = true;
        text = decoder.end();
      } else {
        if (!gzip && onProgress) {
          bytesRead += next.value.length;
          onProgress(bytesRead, size);
        }
        text = decoder.write(next.value);
      }
      if (firstText === undefined && text.length > 0) {
        firstText = text.slice(0, 4096);
        if (firstText.includes('\u0000'))
          throw new AppError('NOT_CSV', `${name}: not a CSV file (binary content)`);
      }
      tokenizer.push(text, eof, tokens);
      for (const token of tokens) {
        if (!header) {
          if (!token.cells) {
            throw new AppError(
              'NOT_CSV',
              `${name}: not a CSV file (the header row is unreadable: ${token.error})`,
            );
          }
          header = makeHeader(token.cells, name, options.required, firstText ?? '');
          width = header.columns.length;
          onHeader?.(header);
          continue;
        }
        if (token.error !== undefined) skip(token.line, token.error);
        else if (token.cells && token.cells.length !== width) {
          skip(token.line, `wrong column count: ${token.cells.length} fields, expected ${width}`);
        } else if (token.cells) yield { cells: token.cells, line: token.line };
      }
      tokens.length = 0;
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (
      err.code === 'Z_DATA_ERROR' ||
      err.code === 'Z_BUF_ERROR' ||
      /unexpected end of file/i.test(String(err.message))
    ) {
      throw new AppError(
        'MALFORMED_ROW',
        `${name}: the gzip data is corrupt or truncated (${readUpTo(tokenizer.nextLine - 1)})`,
        { cause: e },
      );
    }
    throw new AppError('NOT_CSV', `${name}: could not be read as CSV (${err.message})`, { cause: e });
  } finally {
    raw.destroy();
    source.destroy();
  }
  if (!header) throw new AppError('FILE_EMPTY', `${name}: the file has no header row`);
}

function readUpTo(line: number): string {
  return line < 1 ? 'not even the first line could be read' : `nothing after line ${line} could be read`;
}

function makeHeader(
  record: string[],
  name: string,
  required: readonly string[],
  firstText: string,
): CsvHeader {
  const columns = record.map(cleanHeaderCell);
  const index = new Map<string, number>();
  columns.forEach((c, i) => {
    if (!index.has(c)) index.set(c, i);
  });
  const missing = required.filter((c) => !index.has(c));
  if (missing.length > 0) {
    const text = firstText.slice(0, 200).trimStart().toLowerCase();
    if (columns.length < 2 || text.startsWith('<') || text.startsWith('{') || text.startsWith('[')) {
      throw new AppError('NOT_CSV', `${name}: not a CSV file (the first line is not a header row)`);
    }
    throw new AppError(
      'MISSING_COLUMN',
      `${name}: missing required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`,
      { details: { missing, found: columns } },
    );
  }
  return { columns, index };
}
