import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { MovieRecord } from '../../src/engine/catalog.js';
import { type MovieColumns, MovieTable } from '../../src/engine/movie-table.js';
import { AppError } from '../../src/errors.js';

/**
 * How films are stored so a 440k-film index loads in well under the 2 s budget: records as JSON
 * lines read as raw bytes and parsed one at a time when shown, the columns ranking reads as packed
 * little-endian arrays, and the titles (for title lookup) as one small JSON file parsed on first use.
 * Parsing every record at load cost seconds at that size (mostly JSON.parse and UTF-8 decoding).
 */
export interface StoredMovies {
  records: Uint8Array | RecordBytes;
  columns: Uint8Array;
  titles: Uint8Array;
  /** Goes into the manifest: what the packed columns cannot say. */
  meta: MovieStoreMeta;
}

/** Random access to the records file without holding it in memory. */
export interface RecordBytes {
  byteLength: number;
  read(start: number, end: number): Buffer;
}

// Closes a records file once its table is garbage: a long-lived server keeps one open per index.
const openFiles = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // Already closed; nothing to release.
  }
});

/**
 * Opens the records file for reads by offset. The descriptor pins this index's file, so a rebuild
 * that swaps the directory cannot hand an older table a newer file's bytes.
 */
export function openRecordFile(path: string): {
  bytes: RecordBytes;
  attach(owner: object): void;
  close(): void;
} {
  const fd = openSync(path, 'r');
  const byteLength = fstatSync(fd).size;
  return {
    bytes: {
      byteLength,
      read(start, end) {
        const out = Buffer.allocUnsafe(end - start);
        let got = 0;
        while (got < out.length) {
          const n = readSync(fd, out, got, out.length - got, start + got);
          if (n === 0) throw corrupt(`the film records file ends at byte ${start + got}`);
          got += n;
        }
        return out;
      },
    },
    attach: (owner) => openFiles.register(owner, fd),
    close: () => closeSync(fd),
  };
}

export interface MovieStoreMeta {
  count: number;
  genreNames: string[];
  genreOverflow: boolean;
}

/** Bytes per film in the columns file: record offset (f64), vote count (f64), id, year, themes, genre mask (32-bit each), unsafe (u8). */
const BYTES_PER_FILM = 8 + 8 + 4 * 4 + 1;

function columnsBytes(count: number): number {
  // One more offset than films: the end of the last record.
  return 8 + count * BYTES_PER_FILM;
}

export function encodeMovies(table: MovieTable): StoredMovies & { records: Uint8Array } {
  const n = table.length;
  const lines: Buffer[] = [];
  const offsets = new Float64Array(n + 1);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const line = Buffer.from(`${JSON.stringify(table.at(i))}\n`);
    lines.push(line);
    offsets[i] = at;
    at += line.length;
  }
  offsets[n] = at;
  const c = table.columns;
  const out = new DataView(new ArrayBuffer(columnsBytes(n)));
  let p = 0;
  for (let i = 0; i <= n; i++, p += 8) out.setFloat64(p, offsets[i] as number, true);
  for (let i = 0; i < n; i++, p += 8) out.setFloat64(p, c.voteCounts[i] as number, true);
  for (let i = 0; i < n; i++, p += 4) out.setInt32(p, c.ids[i] as number, true);
  for (let i = 0; i < n; i++, p += 4) out.setInt32(p, c.years[i] as number, true);
  for (let i = 0; i < n; i++, p += 4) out.setUint32(p, c.themes[i] as number, true);
  for (let i = 0; i < n; i++, p += 4) out.setUint32(p, c.genreMasks[i] as number, true);
  for (let i = 0; i < n; i++, p += 1) out.setUint8(p, c.unsafe[i] as number);
  return {
    records: Buffer.concat(lines, at),
    columns: new Uint8Array(out.buffer),
    titles: Buffer.from(JSON.stringify(table.titles())),
    meta: { count: n, genreNames: [...c.genreNames], genreOverflow: c.genreOverflow },
  };
}

function corrupt(what: string): AppError {
  return new AppError('INDEX_CORRUPT', `${what}; rebuild the index with \`music2movie build\`.`);
}

/** The table over stored bytes; checks the layout now, parses each record only when it is first read. */
export function decodeMovies(stored: StoredMovies): MovieTable {
  const { count: n } = stored.meta;
  if (stored.columns.byteLength !== columnsBytes(n)) {
    throw corrupt(
      `movie columns hold ${stored.columns.byteLength} bytes, ${columnsBytes(n)} expected for ${n} films`,
    );
  }
  const view = new DataView(stored.columns.buffer, stored.columns.byteOffset, stored.columns.byteLength);
  const offsets = new Float64Array(n + 1);
  const columns: MovieColumns = {
    voteCounts: new Float64Array(n),
    ids: new Int32Array(n),
    years: new Int32Array(n),
    themes: new Uint32Array(n),
    genreMasks: new Uint32Array(n),
    unsafe: new Uint8Array(n),
    genreNames: stored.meta.genreNames,
    genreOverflow: stored.meta.genreOverflow,
  };
  let p = 0;
  for (let i = 0; i <= n; i++, p += 8) offsets[i] = view.getFloat64(p, true);
  for (let i = 0; i < n; i++, p += 8) columns.voteCounts[i] = view.getFloat64(p, true);
  for (let i = 0; i < n; i++, p += 4) columns.ids[i] = view.getInt32(p, true);
  for (let i = 0; i < n; i++, p += 4) columns.years[i] = view.getInt32(p, true);
  for (let i = 0; i < n; i++, p += 4) columns.themes[i] = view.getUint32(p, true);
  for (let i = 0; i < n; i++, p += 4) columns.genreMasks[i] = view.getUint32(p, true);
  for (let i = 0; i < n; i++, p += 1) columns.unsafe[i] = view.getUint8(p);
  for (let i = 0; i < n; i++) {
    if (!((offsets[i] as number) < (offsets[i + 1] as number)))
      throw corrupt(`film record ${i} has no bytes`);
  }
  if (offsets[0] !== 0 || offsets[n] !== stored.records.byteLength) {
    throw corrupt(`film records end at byte ${offsets[n]}, the file holds ${stored.records.byteLength}`);
  }
  const records = recordBytes(stored.records);
  const titlesBytes = stored.titles;
  return new MovieTable(columns, {
    record(i) {
      let r: MovieRecord;
      try {
        r = JSON.parse(
          records.read(offsets[i] as number, offsets[i + 1] as number).toString('utf8'),
        ) as MovieRecord;
      } catch (cause) {
        throw new AppError(
          'INDEX_CORRUPT',
          `Film record ${i} in the index is not valid JSON; rebuild the index.`,
          {
            cause,
          },
        );
      }
      if (r.id !== columns.ids[i])
        throw corrupt(`film record ${i} has id ${r.id}, its column ${columns.ids[i]}`);
      return r;
    },
    titles() {
      let parsed: unknown;
      try {
        parsed = JSON.parse(
          Buffer.from(titlesBytes.buffer, titlesBytes.byteOffset, titlesBytes.byteLength).toString('utf8'),
        );
      } catch (cause) {
        throw new AppError(
          'INDEX_CORRUPT',
          'The film titles file in the index is not valid JSON; rebuild the index.',
          { cause },
        );
      }
      if (!Array.isArray(parsed) || parsed.length !== n)
        throw corrupt('the film titles file does not match the films');
      return parsed as Array<[string, string]>;
    },
  });
}

function recordBytes(records: Uint8Array | RecordBytes): RecordBytes {
  if (!(records instanceof Uint8Array)) return records;
  const buf = Buffer.from(records.buffer, records.byteOffset, records.byteLength);
  return { byteLength: buf.byteLength, read: (start, end) => buf.subarray(start, end) };
}
