/**
 * Every kind of broken input, on small fixtures written into a temp dir: each skipped row is checked
 * for the count, the line it starts on and the reason; structural problems for their AppError.
 */
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readCsv, SkipLog } from '../../src/data/csv-reader.js';
import { ingestSpotify, SPOTIFY_COLUMNS } from '../../src/data/spotify.js';
import { ingestTmdb } from '../../src/data/tmdb.js';
import { appError, csv, fixtureDir, SPOTIFY_HEADER, spotifyRow, TMDB_HEADER, tmdbRow } from './helpers.js';

const fx = fixtureDir();

/** Header + rows 1..n, with row `i` replaced where `change[i]` says. */
function spotifyFile(n: number, change: Record<number, string> = {}): string[] {
  const lines = [SPOTIFY_HEADER];
  for (let i = 1; i <= n; i++) lines.push(change[i] ?? spotifyRow(i));
  return lines;
}

/** Ingests; then checks the report skipped exactly `skipped` ([line, reason]) and kept the rest. */
async function expectSkips(path: string, rows: number, skipped: [number, string][]) {
  const { report, tracks } = await ingestSpotify(path);
  expect(report.skipped.examples).toEqual(skipped.map(([line, reason]) => ({ line, reason })));
  expect(report.rowsSkipped).toBe(skipped.length);
  expect(report.rowsRead).toBe(rows);
  expect(report.kept).toBe(rows - skipped.length);
  return { report, tracks };
}

describe('malformed rows are skipped with their line and reason', () => {
  it('GIVEN a row with one cell too many THEN skipped as a wrong column count', async () => {
    const path = await fx.file('columns.csv', csv(spotifyFile(3, { 2: `${spotifyRow(2)},extra` })));
    await expectSkips(path, 3, [[3, 'wrong column count: 22 fields, expected 21']]);
  });

  it('GIVEN a row with one cell too few THEN skipped as a wrong column count', async () => {
    const short = spotifyRow(3).split(',').slice(0, -1).join(',');
    const path = await fx.file('columns-short.csv', csv(spotifyFile(4, { 3: short })));
    await expectSkips(path, 4, [[4, 'wrong column count: 20 fields, expected 21']]);
  });

  it('GIVEN an unparsable number THEN skipped naming the column and value', async () => {
    const path = await fx.file(
      'number.csv',
      csv(spotifyFile(3, { 2: spotifyRow(2, { danceability: 'abc' }) })),
    );
    await expectSkips(path, 3, [[3, 'unparsable number in danceability: "abc"']]);
  });

  it('GIVEN valence 1.7 and other out-of-range values THEN each row skipped with the range', async () => {
    const path = await fx.file(
      'range.csv',
      csv(
        spotifyFile(5, {
          2: spotifyRow(2, { valence: '1.7' }),
          3: spotifyRow(3, { key: '12' }),
          4: spotifyRow(4, { popularity: '50.5' }),
        }),
      ),
    );
    await expectSkips(path, 5, [
      [3, 'valence out of range [0, 1]: "1.7"'],
      [4, 'key out of range [-1, 11]: "12"'],
      [5, 'popularity is not a whole number: "50.5"'],
    ]);
  });

  it('GIVEN missing or invalid text fields THEN skipped with the field named', async () => {
    const path = await fx.file(
      'text.csv',
      csv(
        spotifyFile(5, {
          1: spotifyRow(1, { track_id: 'short' }),
          2: spotifyRow(2, { track_name: '  ' }),
          3: spotifyRow(3, { artists: '' }),
          4: spotifyRow(4, { explicit: 'maybe' }),
        }),
      ),
    );
    await expectSkips(path, 5, [
      [2, 'bad track_id: "short"'],
      [3, 'missing track_name'],
      [4, 'missing artists'],
      [5, 'explicit is not True/False: "maybe"'],
    ]);
  });

  it('GIVEN text after a closing quote THEN that row alone is skipped as bad quoting', async () => {
    const path = await fx.file(
      'quote-after.csv',
      csv(spotifyFile(4, { 2: spotifyRow(2, { album_name: '"ab"c' }) })),
    );
    const { tracks } = await expectSkips(path, 4, [
      [3, 'bad quoting: text after a closing quote ("c,Song 2,5")'],
    ]);
    expect(tracks.map((t) => t.trackName)).toEqual(['Song 1', 'Song 3', 'Song 4']);
  });

  it('GIVEN a quote never closed THEN the row it opens on is skipped and the rows after it are still read', async () => {
    const path = await fx.file(
      'quote-open.csv',
      csv(
        spotifyFile(6, {
          2: spotifyRow(2, { album_name: '"abc' }),
          // A later quoted cell: the run-away quote from line 3 would close here.
          4: spotifyRow(4, { album_name: '"Hello, world"' }),
        }),
      ),
    );
    const { tracks } = await expectSkips(path, 6, [
      [3, 'bad quoting: text after a closing quote ("Hello, wor")'],
    ]);
    expect(tracks.find((t) => t.trackName === 'Song 4')?.albumName).toBe('Hello, world');
  });

  it('GIVEN a quote left open on the last row THEN it is skipped as never closed', async () => {
    const path = await fx.file(
      'quote-eof.csv',
      csv(spotifyFile(3, { 3: spotifyRow(3, { album_name: '"abc' }) })),
    );
    await expectSkips(path, 3, [[4, 'bad quoting: a quoted cell is never closed']]);
  });

  it('GIVEN a quote inside an unquoted cell (12" Mix) THEN the cell keeps it as text, as pandas does', async () => {
    const path = await fx.file(
      'quote-inner.csv',
      csv(spotifyFile(2, { 2: spotifyRow(2, { track_name: '12" Mix' }) })),
    );
    const { tracks } = await expectSkips(path, 2, []);
    expect(tracks[1]?.trackName).toBe('12" Mix');
  });

  it('GIVEN quoted cells with commas, "" escapes and line breaks THEN parsed, and later line numbers stay physical', async () => {
    const path = await fx.file(
      'multiline.csv',
      csv(
        spotifyFile(4, {
          2: spotifyRow(2, { album_name: '"Live, at ""the"" Hall\nDisc 1\r\nDisc 2"' }),
          3: spotifyRow(3, { valence: '9' }),
        }),
      ),
    );
    const { tracks } = await expectSkips(path, 4, [[6, 'valence out of range [0, 1]: "9"']]);
    // Parsed whole across its line breaks; a name is shown on one line, so they become spaces.
    expect(tracks[1]?.albumName).toBe('Live, at "the" Hall Disc 1 Disc 2');
  });

  it('GIVEN a multi-line row that fails a check THEN the line reported is the one it starts on', async () => {
    const path = await fx.file(
      'multiline-bad.csv',
      csv(spotifyFile(3, { 2: spotifyRow(2, { album_name: '"one\ntwo"', valence: '-1' }) })),
    );
    await expectSkips(path, 3, [[3, 'valence out of range [0, 1]: "-1"']]);
  });

  it('GIVEN a Latin-1 byte (wrong encoding) THEN the row is skipped as bad encoding', async () => {
    const [before, after] = csv(spotifyFile(3, { 2: spotifyRow(2, { track_name: 'Caf#' }) })).split('#');
    // "é" written as Latin-1 (0xE9): not valid UTF-8.
    const path = await fx.file(
      'latin1.csv',
      Buffer.concat([Buffer.from(before ?? ''), Buffer.from([0xe9]), Buffer.from(after ?? '')]),
    );
    await expectSkips(path, 3, [[3, 'bad encoding: invalid UTF-8 bytes']]);
  });

  it('GIVEN valid multi-byte UTF-8 split across read chunks THEN nothing is mangled', async () => {
    // The reader reads 1 MiB at a time: put the two bytes of an "é" on either side of that boundary.
    const lines = [SPOTIFY_HEADER];
    let size = Buffer.byteLength(`${SPOTIFY_HEADER}\n`);
    let i = 1;
    for (; size < (1 << 20) - 400; i++) {
      lines.push(spotifyRow(i));
      size += Buffer.byteLength(`${spotifyRow(i)}\n`);
    }
    const marked = spotifyRow(i, { track_name: '#' });
    const pad = 'x'.repeat((1 << 20) - 1 - size - Buffer.byteLength(marked.slice(0, marked.indexOf('#'))));
    lines.push(spotifyRow(i, { track_name: `${pad}é` }), spotifyRow(i + 1, { track_name: 'Ünïcödé' }));
    const content = Buffer.from(csv(lines));
    expect(content.subarray((1 << 20) - 1, (1 << 20) + 1)).toEqual(Buffer.from('é'));
    const { tracks } = await expectSkips(await fx.file('utf8-boundary.csv', content), i + 1, []);
    expect(tracks.slice(-2).map((t) => t.trackName)).toEqual([`${pad}é`, 'Ünïcödé']);
  });

  it('GIVEN CRLF line endings THEN rows parse, the last cell has no \\r, and lines are counted right', async () => {
    const path = await fx.file(
      'crlf.csv',
      csv(spotifyFile(4, { 3: spotifyRow(3, { tempo: '999' }) }), '\r\n'),
    );
    const { tracks } = await expectSkips(path, 4, [[4, 'tempo out of range [0, 300]: "999"']]);
    expect(tracks.map((t) => t.genres)).toEqual([['pop'], ['pop'], ['pop']]);
  });

  it('GIVEN empty lines between rows THEN they are ignored but still counted as lines', async () => {
    const lines = spotifyFile(3, { 3: spotifyRow(3, { mode: '2' }) });
    lines.splice(2, 0, '', '');
    const path = await fx.file('blank-lines.csv', csv(lines));
    await expectSkips(path, 3, [[6, 'mode out of range [0, 1]: "2"']]);
  });

  it('GIVEN the same content gzip-compressed THEN the same report, lines and all', async () => {
    const content = csv(spotifyFile(4, { 2: spotifyRow(2, { energy: '2' }) }));
    const plain = await ingestSpotify(await fx.file('same.csv', content));
    const gz = await fx.file('same.csv.gz', gzipSync(content));
    const zipped = await expectSkips(gz, 4, [[3, 'energy out of range [0, 1]: "2"']]);
    expect({ ...zipped.report, file: '' }).toEqual({ ...plain.report, file: '' });
    expect(zipped.tracks).toEqual(plain.tracks);
  });

  it('GIVEN a gzip file not named .gz THEN it is still recognised by its magic bytes', async () => {
    const path = await fx.file('secretly-gzip.csv', gzipSync(csv(spotifyFile(2))));
    await expectSkips(path, 2, []);
  });

  it('GIVEN a truncated gzip THEN MALFORMED_ROW naming the last line that could be read', async () => {
    const content = csv(spotifyFile(3000));
    const gz = gzipSync(content);
    const cut = gz.subarray(0, Math.floor(gz.length / 2));
    const path = await fx.file('truncated.csv.gz', cut);
    // What survives: decompress the cut archive as far as it goes and count its complete lines.
    const readable = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
    const lastLine = readable.split('\n').length - 1;
    expect(lastLine).toBeGreaterThan(100);
    for (const strict of [false, true]) {
      const e = await appError(() => ingestSpotify(path, { strict }));
      expect(e.code).toBe('MALFORMED_ROW');
      expect(e.message).toBe(
        `truncated.csv.gz: the gzip data is corrupt or truncated (nothing after line ${lastLine} could be read)`,
      );
    }
  });

  it('GIVEN a gzip cut inside its header THEN MALFORMED_ROW, not a hang', async () => {
    const path = await fx.file('truncated-early.csv.gz', gzipSync(csv(spotifyFile(3))).subarray(0, 12));
    const e = await appError(() => ingestSpotify(path));
    expect(e.code).toBe('MALFORMED_ROW');
    expect(e.message).toContain('corrupt or truncated');
  });

  it('GIVEN more bad rows than the examples kept THEN all are counted, 20 examples, grouped by reason', async () => {
    const change: Record<number, string> = {};
    for (let i = 1; i <= 30; i++) change[i * 2] = spotifyRow(i * 2, { liveness: '5' });
    for (let i = 1; i <= 5; i++) change[i * 2 + 61] = `${spotifyRow(i * 2 + 61)},x`;
    const path = await fx.file('many.csv', csv(spotifyFile(80, change)));
    const { report } = await ingestSpotify(path);
    expect(report.rowsSkipped).toBe(35);
    expect(report.rowsRead).toBe(80);
    expect(report.kept).toBe(45);
    expect(report.skipped.examples).toHaveLength(20);
    expect(report.skipped.examples[0]).toEqual({ line: 3, reason: 'liveness out of range [0, 1]: "5"' });
    expect(report.skipped.examples[19]).toEqual({ line: 41, reason: 'liveness out of range [0, 1]: "5"' });
    expect(report.skipped.byReason).toEqual({ 'liveness out of range [0, 1]': 30, 'wrong column count': 5 });
  });
});

describe('header variants', () => {
  /** track_id first, so a BOM left on the first header cell would hide a required column. */
  const reordered = (i: number) => {
    const cells = spotifyRow(i).split(',');
    return [cells[1], cells[0], ...cells.slice(2)].join(',');
  };
  const header = ['track_id', 'Unnamed: 0', ...SPOTIFY_COLUMNS.slice(1)].join(',');

  it('GIVEN a UTF-8 BOM THEN the header is recognised and every row read', async () => {
    const path = await fx.file('bom.csv', `\uFEFF${csv([header, reordered(1), reordered(2)])}`);
    const { tracks } = await expectSkips(path, 2, []);
    expect(tracks[0]?.trackId).toBe(`T${'1'.padStart(21, '0')}`);
  });

  it('GIVEN a gzipped file with a UTF-8 BOM THEN the same', async () => {
    const path = await fx.file('bom.csv.gz', gzipSync(`\uFEFF${csv([header, reordered(1), reordered(2)])}`));
    await expectSkips(path, 2, []);
  });

  it('GIVEN the mis-encoded BOM "ï»¿" on the first header cell THEN the column is still found', async () => {
    const path = await fx.file('mojibake-bom.csv', `ï»¿${csv([header, reordered(1), reordered(2)])}`);
    const { tracks } = await expectSkips(path, 2, []);
    expect(tracks).toHaveLength(2);
  });

  it('GIVEN header cells padded with spaces THEN they still match', async () => {
    const padded = header
      .split(',')
      .map((c) => ` ${c} `)
      .join(',');
    const path = await fx.file('padded.csv', csv([padded, reordered(1)]));
    await expectSkips(path, 1, []);
  });

  it('GIVEN extra columns and another order THEN columns are found by name', async () => {
    const path = await fx.file('extra-col.csv', csv([`${header},comment`, `${reordered(1)},hello`]));
    const { tracks } = await expectSkips(path, 1, []);
    expect(tracks[0]?.trackName).toBe('Song 1');
  });
});

describe('structural problems stop the read with one clear AppError', () => {
  it('GIVEN a required column missing THEN MISSING_COLUMN naming the file and the column', async () => {
    const path = await fx.file(
      'no-valence.csv',
      csv([SPOTIFY_HEADER.replace(',valence', ',val'), spotifyRow(1)]),
    );
    const e = await appError(() => ingestSpotify(path));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toBe('no-valence.csv: missing required column valence');
    expect(e.details).toMatchObject({ missing: ['valence'] });
  });

  it('GIVEN several required columns missing THEN all are named', async () => {
    const path = await fx.file(
      'tmdb-missing.csv',
      csv([TMDB_HEADER.replace('poster_path,', '').replace(',genres', '')]),
    );
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toBe('tmdb-missing.csv: missing required columns poster_path, genres');
  });

  it('GIVEN a Spotify file read as TMDb THEN MISSING_COLUMN, not a pile of skipped rows', async () => {
    const path = await fx.file('wrong-kind.csv', csv(spotifyFile(2)));
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toMatch(/^wrong-kind\.csv: missing required columns id, title, /);
  });

  it('GIVEN an empty file THEN FILE_EMPTY', async () => {
    const path = await fx.file('empty.csv', '');
    const e = await appError(() => ingestSpotify(path));
    expect(e.code).toBe('FILE_EMPTY');
    expect(e.message).toContain('empty.csv: the file is empty');
  });

  it('GIVEN a file of blank lines only THEN FILE_EMPTY (no header row)', async () => {
    const path = await fx.file('blank.csv', '\n\n\r\n');
    const e = await appError(() => ingestSpotify(path));
    expect(e.code).toBe('FILE_EMPTY');
    expect(e.message).toBe('blank.csv: the file has no header row');
  });

  it('GIVEN a header-only file (with or without a final newline, plain or gzip) THEN kept 0 and no crash', async () => {
    for (const [name, content] of [
      ['header-only.csv', `${SPOTIFY_HEADER}\n`],
      ['header-only-nonl.csv', SPOTIFY_HEADER],
      ['header-only.csv.gz', gzipSync(`${SPOTIFY_HEADER}\n`)],
    ] as const) {
      const { report, tracks } = await ingestSpotify(await fx.file(name, content));
      expect(tracks).toEqual([]);
      expect(report).toMatchObject({ rowsRead: 0, rowsSkipped: 0, kept: 0 });
      expect(report.steps.every((s) => s.removed === 0 && s.remaining === 0)).toBe(true);
    }
    const tmdb = await ingestTmdb(await fx.file('tmdb-header-only.csv', `${TMDB_HEADER}\n`));
    expect(tmdb.report).toMatchObject({ rowsRead: 0, kept: 0 });
  });

  it('GIVEN a PNG image THEN NOT_CSV (binary content)', async () => {
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6360000000000200015e2c0e0d0000000049454e44ae426082',
      'hex',
    );
    const path = await fx.file('poster.csv', png);
    const e = await appError(() => ingestSpotify(path));
    expect(e.code).toBe('NOT_CSV');
    expect(e.message).toBe('poster.csv: not a CSV file (binary content)');
  });

  it('GIVEN a gzipped binary THEN NOT_CSV too', async () => {
    const path = await fx.file('binary.csv.gz', gzipSync(Buffer.from([1, 2, 0, 0, 3, 10, 0, 4])));
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('NOT_CSV');
    expect(e.message).toBe('binary.csv.gz: not a CSV file (binary content)');
  });

  it('GIVEN an HTML error page saved as .csv THEN NOT_CSV saying the first line is not a header', async () => {
    const html =
      '<!DOCTYPE html>\n<html><head><title>404, Not Found</title></head>\n<body><p>Gone.</p></body></html>\n';
    const path = await fx.file('download.csv', html);
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('NOT_CSV');
    expect(e.message).toBe('download.csv: not a CSV file (the first line is not a header row)');
  });

  it('GIVEN a JSON document THEN NOT_CSV', async () => {
    const path = await fx.file('data.csv', '{"id": 1, "title": "x"}\n');
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('NOT_CSV');
  });

  it('GIVEN a header row that cannot be parsed THEN NOT_CSV naming the problem', async () => {
    const path = await fx.file('bad-header.csv', '"id"x,title\n1,a\n');
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('NOT_CSV');
    expect(e.message).toMatch(/^bad-header\.csv: not a CSV file \(the header row is unreadable: bad quoting/);
  });

  it('GIVEN a path that does not exist (or a directory) THEN FILE_NOT_FOUND', async () => {
    const missing = `${fx.path()}/nope.csv`;
    const e = await appError(() => ingestSpotify(missing));
    expect(e.code).toBe('FILE_NOT_FOUND');
    expect(e.message).toBe(`${missing}: file not found`);
    const dir = await appError(() => ingestTmdb(fx.path()));
    expect(dir.code).toBe('FILE_NOT_FOUND');
  });
});

describe('strict mode', () => {
  it('GIVEN strict and a row out of range THEN MALFORMED_ROW naming the line and the reason', async () => {
    const path = await fx.file(
      'strict-range.csv',
      csv(spotifyFile(4, { 3: spotifyRow(3, { valence: '1.7' }) })),
    );
    const e = await appError(() => ingestSpotify(path, { strict: true }));
    expect(e.code).toBe('MALFORMED_ROW');
    expect(e.message).toBe('strict-range.csv: line 4: valence out of range [0, 1]: "1.7"');
  });

  it('GIVEN strict and a CSV-level problem THEN the first one stops the read, with its line', async () => {
    const path = await fx.file(
      'strict-csv.csv',
      csv(spotifyFile(5, { 2: `${spotifyRow(2)},x`, 4: spotifyRow(4, { valence: '7' }) })),
    );
    const e = await appError(() => ingestSpotify(path, { strict: true }));
    expect(e.code).toBe('MALFORMED_ROW');
    expect(e.message).toBe('strict-csv.csv: line 3: wrong column count: 22 fields, expected 21');
  });

  it('GIVEN strict and bad encoding or bad quoting THEN MALFORMED_ROW with the line', async () => {
    const enc = await fx.file(
      'strict-enc.csv',
      Buffer.concat([
        Buffer.from(csv(spotifyFile(2))),
        Buffer.from([0xff]),
        Buffer.from(`${spotifyRow(3)}\n`),
      ]),
    );
    expect((await appError(() => ingestSpotify(enc, { strict: true }))).message).toBe(
      'strict-enc.csv: line 4: bad encoding: invalid UTF-8 bytes',
    );
    const quote = await fx.file(
      'strict-quote.csv',
      csv(spotifyFile(2, { 1: spotifyRow(1, { album_name: '"a"b' }) })),
    );
    expect((await appError(() => ingestSpotify(quote, { strict: true }))).message).toBe(
      'strict-quote.csv: line 2: bad quoting: text after a closing quote ("b,Song 1,5")',
    );
  });

  it('GIVEN strict and TMDb rows that are merely cleaned away THEN no error: only malformed rows count', async () => {
    const path = await fx.file(
      'strict-tmdb.csv',
      csv([TMDB_HEADER, tmdbRow(1), tmdbRow(2, { status: 'Rumored' })]),
    );
    const { report } = await ingestTmdb(path, { strict: true });
    expect(report.kept).toBe(1);
  });

  it('GIVEN strict and a clean file THEN the same result as without', async () => {
    const path = await fx.file('strict-clean.csv', csv(spotifyFile(3)));
    expect((await ingestSpotify(path, { strict: true })).report).toEqual((await ingestSpotify(path)).report);
  });
});

describe('readCsv limits', () => {
  const read = async (path: string, maxRecordSize: number) => {
    const skips = new SkipLog();
    const rows: { cells: string[]; line: number }[] = [];
    for await (const row of readCsv(path, { required: ['a'], maxRecordSize }, skips)) rows.push(row);
    return { rows, skips };
  };

  it('GIVEN a quote that never closes in a long file THEN one row is lost, not the rest of the file', async () => {
    const lines = ['a,b', '1,"open', ...Array.from({ length: 200 }, (_, i) => `${i + 2},row ${i + 2}`)];
    const path = await fx.file('runaway.csv', csv(lines));
    const { rows, skips } = await read(path, 300);
    expect(skips.count).toBe(1);
    expect(skips.examples).toEqual([
      { line: 2, reason: 'bad quoting: a quoted cell is not closed within 300 characters' },
    ]);
    expect(rows).toHaveLength(200);
    expect(rows[0]).toEqual({ cells: ['2', 'row 2'], line: 3 });
    expect(rows.at(-1)).toEqual({ cells: ['201', 'row 201'], line: 202 });
  });

  it('GIVEN one over-long unquoted line THEN it is skipped as too large and reading goes on', async () => {
    const path = await fx.file('long-line.csv', csv(['a,b', '1,x', `2,${'y'.repeat(5000)}`, '3,z']));
    const { rows, skips } = await read(path, 1000);
    expect(skips.examples).toEqual([{ line: 3, reason: 'record too large: over 1000 characters' }]);
    expect(rows.map((r) => [r.cells[0], r.line])).toEqual([
      ['1', 2],
      ['3', 4],
    ]);
  });
});
