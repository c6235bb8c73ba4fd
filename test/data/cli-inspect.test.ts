/** `music2movie data inspect` through runCli: the JSON report on stdout, one-line errors on stderr. */
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';
import {
  csv,
  fixtureDir,
  HAVE_SHARED_DATA,
  SPOTIFY_HEADER,
  SPOTIFY_SAMPLE,
  spotifyRow,
  TMDB_HEADER,
  TMDB_SAMPLE,
  tmdbRow,
} from './helpers.js';

const fx = fixtureDir();

let stdout: MockInstance<typeof process.stdout.write>;
let stderr: MockInstance<typeof process.stderr.write>;
const printed = (spy: MockInstance<typeof process.stdout.write>) =>
  spy.mock.calls.map((c) => String(c[0])).join('');

beforeEach(() => {
  stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(() => {
  vi.restoreAllMocks();
});

const inspect = (...args: string[]) => runCli(['node', 'music2movie', 'data', 'inspect', ...args], {});

describe('data inspect', () => {
  it('GIVEN kept films THEN value ranges of their numbers, skipped and dropped rows left out', async () => {
    const path = await fx.file(
      'ranges.csv',
      csv([
        TMDB_HEADER,
        tmdbRow(1, { runtime: '90', vote_average: '6', release_date: '1999-01-01' }),
        tmdbRow(2, { runtime: '150', vote_average: '8', release_date: '2011-01-01' }),
        tmdbRow(4, { runtime: '', vote_average: '0' }),
        tmdbRow(3, { runtime: '999', adult: 'True' }),
      ]),
    );
    expect(await inspect(path, '--json')).toBe(0);
    const ranges = JSON.parse(printed(stdout)).ranges as Array<Record<string, unknown>>;
    expect(ranges.find((r) => r.field === 'runtime')).toEqual({
      field: 'runtime',
      count: 2,
      min: 90,
      mean: 120,
      max: 150,
    });
    // Film 4 has no runtime and no rating (0 in TMDb): not a 0-minute film, so not in the ranges.
    expect(ranges.find((r) => r.field === 'voteAverage')).toMatchObject({ count: 2, min: 6, max: 8 });
    expect(ranges.find((r) => r.field === 'year')).toMatchObject({ min: 1999, max: 2011 });
    stdout.mockClear();
    expect(await inspect(path)).toBe(0);
    expect(printed(stdout)).toMatch(/runtime\s+90\s+120\s+150/);
  });

  it('GIVEN a TMDb file and --json THEN exit 0 and the report as one JSON object', async () => {
    const path = await fx.file(
      'movies.csv',
      csv([TMDB_HEADER, tmdbRow(1), tmdbRow(2, { adult: 'True' }), tmdbRow(3, { vote_count: '-1' })]),
    );
    const code = await inspect(path, '--json');
    expect(printed(stderr)).toBe('');
    expect(code).toBe(0);
    const out = printed(stdout);
    expect(out.endsWith('\n')).toBe(true);
    const report = JSON.parse(out);
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining(['file', 'kind', 'rowsRead', 'rowsSkipped', 'kept', 'steps']),
    );
    expect(report).toMatchObject({ file: path, kind: 'tmdb', rowsRead: 3, rowsSkipped: 1, kept: 1 });
    expect(report.skipped.examples).toEqual([
      { line: 4, reason: 'vote_count out of range [0, 100000000]: "-1"' },
    ]);
    expect(report.steps).toHaveLength(9);
    expect(report.steps.find((s: { name: string }) => s.name === 'adult')).toEqual({
      name: 'adult',
      removed: 1,
      remaining: 1,
    });
  });

  it('GIVEN a gzipped Spotify file THEN the kind is detected from the header', async () => {
    const path = await fx.file(
      'tracks.csv.gz',
      gzipSync(csv([SPOTIFY_HEADER, spotifyRow(1), spotifyRow(1, { track_genre: 'rock' }), spotifyRow(2)])),
    );
    expect(await inspect(path, '--json')).toBe(0);
    expect(JSON.parse(printed(stdout))).toMatchObject({
      kind: 'spotify',
      rowsRead: 3,
      rowsSkipped: 0,
      kept: 2,
      steps: [
        { name: 'malformed or out-of-range rows', removed: 0, remaining: 3 },
        { name: 'duplicate track_id merged (genres kept)', removed: 1, remaining: 2 },
      ],
    });
  });

  it.skipIf(!HAVE_SHARED_DATA)('GIVEN the real samples THEN exit 0 with their counts', async () => {
    expect(await inspect(TMDB_SAMPLE, '--json')).toBe(0);
    expect(JSON.parse(printed(stdout))).toMatchObject({
      kind: 'tmdb',
      rowsRead: 3000,
      rowsSkipped: 0,
      kept: 3000,
    });
    stdout.mockClear();
    expect(await inspect(SPOTIFY_SAMPLE, '--json')).toBe(0);
    expect(JSON.parse(printed(stdout))).toMatchObject({ kind: 'spotify', rowsRead: 10_000, rowsSkipped: 1 });
  });

  it('GIVEN no --json THEN the readable report with the steps', async () => {
    const path = await fx.file(
      'plain.csv',
      csv([TMDB_HEADER, tmdbRow(1), tmdbRow(2, { status: 'Rumored' })]),
    );
    expect(await inspect(path)).toBe(0);
    const out = printed(stdout);
    expect(out).toContain(`${path} (tmdb)`);
    expect(out).toMatch(/status not Released\s+1\s+1/);
    expect(out).toContain('kept 1 of 2 (50.0%)');
  });

  it('GIVEN a missing column THEN exit 1 and one line "error [MISSING_COLUMN]: …" on stderr, no stack', async () => {
    const path = await fx.file('broken.csv', csv([TMDB_HEADER.replace(',genres', ''), tmdbRow(1)]));
    const code = await inspect(path, '--kind', 'tmdb');
    expect(code).toBe(1);
    const err = printed(stderr);
    expect(err).toBe('error [MISSING_COLUMN]: broken.csv: missing required column genres\n');
    expect(err).not.toMatch(/\n\s+at /);
    expect(printed(stdout)).toBe('');
  });

  it('GIVEN a missing column and --json THEN exit 1, the error as JSON on stdout and the line on stderr', async () => {
    const path = await fx.file('broken2.csv', csv([TMDB_HEADER.replace(',genres', ''), tmdbRow(1)]));
    expect(await inspect(path, '--json')).toBe(1);
    expect(JSON.parse(printed(stdout))).toEqual({
      error: { code: 'MISSING_COLUMN', message: 'broken2.csv: missing required column genres' },
    });
    expect(printed(stderr).split('\n').filter(Boolean)).toEqual([
      'error [MISSING_COLUMN]: broken2.csv: missing required column genres',
    ]);
  });

  it('GIVEN --strict and a bad row THEN exit 1 with MALFORMED_ROW naming the line', async () => {
    const path = await fx.file(
      'strict.csv',
      csv([SPOTIFY_HEADER, spotifyRow(1), spotifyRow(2, { valence: '1.7' })]),
    );
    expect(await inspect(path, '--strict')).toBe(1);
    expect(printed(stderr)).toBe(
      'error [MALFORMED_ROW]: strict.csv: line 3: valence out of range [0, 1]: "1.7"\n',
    );
  });

  it.each([
    ['empty', '', 'FILE_EMPTY'],
    ['png', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), 'NOT_CSV'],
    ['html', '<html><body>Not here</body></html>\n', 'NOT_CSV'],
  ])('GIVEN a %s file THEN exit 1 with %s', async (name, content, code) => {
    const path = await fx.file(`${name}.csv`, content);
    expect(await inspect(path)).toBe(1);
    const err = printed(stderr);
    expect(err).toMatch(new RegExp(`^error \\[${code}\\]: .+\\n$`));
    expect(err.split('\n')).toHaveLength(2);
  });

  it('GIVEN a file that does not exist THEN exit 1 with FILE_NOT_FOUND', async () => {
    const path = `${fx.path()}/missing.csv`;
    expect(await inspect(path, '--json')).toBe(1);
    expect(printed(stderr)).toBe(`error [FILE_NOT_FOUND]: ${path}: file not found\n`);
  });

  it('GIVEN an unknown --kind THEN exit 1 with BAD_INPUT', async () => {
    const path = await fx.file('k.csv', csv([TMDB_HEADER, tmdbRow(1)]));
    expect(await inspect(path, '--kind', 'books')).toBe(1);
    expect(printed(stderr)).toBe('error [BAD_INPUT]: --kind must be spotify or tmdb\n');
  });
});
