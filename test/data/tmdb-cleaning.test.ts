/** The TMDb cleaning steps on a hand-written file: one row per step, counted in the notebook's order. */
import { describe, expect, it } from 'vitest';
import { ingestTmdb, type Movie } from '../../src/data/tmdb.js';
import { appError, csv, fixtureDir, TMDB_HEADER, tmdbRow } from './helpers.js';

const fx = fixtureDir();

const STEP_NAMES = [
  'malformed or out-of-range rows',
  'duplicate id',
  'missing title',
  'missing overview',
  'missing poster_path',
  'missing popularity',
  'missing genres',
  'status not Released',
  'adult',
];

describe('TMDb cleaning', () => {
  /** Line 2 onwards; what each row is meant to trigger. */
  const rows: [string, string][] = [
    [
      tmdbRow(10, {
        title: 'Alpha',
        original_title: 'Álpha',
        genres: 'Drama, Science Fiction',
        release_date: '1999-03-31',
        overview: 'First line, with a comma.\nSecond line with "quotes".',
        production_countries: 'France, Germany',
        spoken_languages: 'French',
        keywords: 'dream, memory, ',
        popularity: '33.5',
        vote_average: '8.1',
        vote_count: '2500',
        runtime: '136',
        imdb_id: 'tt0000010',
        poster_path: '/alpha.jpg',
      }),
      'kept',
    ],
    [tmdbRow(10, { title: 'Alpha again' }), 'duplicate id'],
    [tmdbRow(11, { title: '  ' }), 'missing title'],
    [tmdbRow(12, { overview: '' }), 'missing overview'],
    [tmdbRow(13, { poster_path: '' }), 'missing poster_path'],
    [tmdbRow(14, { popularity: '' }), 'missing popularity'],
    [tmdbRow(15, { genres: '' }), 'missing genres'],
    [tmdbRow(16, { status: 'Rumored' }), 'status not Released'],
    [tmdbRow(17, { adult: 'True' }), 'adult'],
    // Fails several steps: counted once, at the earliest (missing title before adult and status).
    [tmdbRow(18, { title: '', adult: 'True', status: 'Planned' }), 'missing title'],
    [tmdbRow(19, { vote_average: '11' }), 'malformed'],
    [tmdbRow(20, { adult: 'maybe' }), 'malformed'],
    [tmdbRow(21, { release_date: '31/03/1999' }), 'malformed'],
    [tmdbRow(-5), 'malformed'],
    [tmdbRow(22, { release_date: '', title: 'Undated', genres: ' Horror ' }), 'kept'],
    // A malformed row does not claim its id: the valid row 23 after it is kept.
    [tmdbRow(23, { runtime: 'long' }), 'malformed'],
    [tmdbRow(23, { title: 'Twenty-three' }), 'kept'],
  ];
  const expected = (what: string) => rows.filter(([, w]) => w === what).length;

  it('GIVEN one row per cleaning step THEN each step removes exactly its row, in order', async () => {
    const path = await fx.file('cleaning.csv', csv([TMDB_HEADER, ...rows.map(([r]) => r)]));
    const { report, movies } = await ingestTmdb(path);
    expect(report.rowsRead).toBe(rows.length);
    expect(report.rowsSkipped).toBe(expected('malformed'));
    expect(report.steps.map((s) => s.name)).toEqual(STEP_NAMES);
    let remaining = rows.length;
    const removed = report.steps.map((s) => {
      const what = s.name === 'malformed or out-of-range rows' ? 'malformed' : s.name;
      remaining -= expected(what);
      return { name: s.name, removed: expected(what), remaining };
    });
    expect(report.steps).toEqual(removed);
    expect(removed.map((s) => s.removed)).toEqual([5, 1, 2, 1, 1, 1, 1, 1, 1]);
    expect(report.kept).toBe(3);
    expect(movies.map((m) => m.title)).toEqual(['Alpha', 'Undated', 'Twenty-three']);
  });

  it('GIVEN malformed rows THEN each is skipped with its physical line and reason', async () => {
    const path = await fx.file('cleaning-lines.csv', csv([TMDB_HEADER, ...rows.map(([r]) => r)]));
    const { report } = await ingestTmdb(path);
    // Row 1 spans lines 2-3 (its overview has a line break), so row n starts on line n + 2.
    expect(report.skipped.examples).toEqual([
      { line: 13, reason: 'vote_average out of range [0, 10]: "11"' },
      { line: 14, reason: 'adult is not True/False: "maybe"' },
      { line: 15, reason: 'bad release_date: "31/03/1999"' },
      { line: 16, reason: 'bad id: "-5"' },
      { line: 18, reason: 'unparsable number in runtime: "long"' },
    ]);
  });

  it('GIVEN the kept movie THEN its fields are typed: genres and lists split, year parsed, no status/adult', async () => {
    const path = await fx.file('cleaning-fields.csv', csv([TMDB_HEADER, ...rows.map(([r]) => r)]));
    const { movies } = await ingestTmdb(path);
    expect(movies[0]).toEqual({
      id: 10,
      title: 'Alpha',
      originalTitle: 'Álpha',
      year: 1999,
      releaseDate: '1999-03-31',
      overview: 'First line, with a comma.\nSecond line with "quotes".',
      tagline: '',
      genres: ['Drama', 'Science Fiction'],
      originalLanguage: 'en',
      productionCountries: ['France', 'Germany'],
      spokenLanguages: ['French'],
      keywords: ['dream', 'memory'],
      popularity: 33.5,
      voteAverage: 8.1,
      voteCount: 2500,
      runtime: 136,
      posterPath: '/alpha.jpg',
      imdbId: 'tt0000010',
    } satisfies Movie);
    expect(movies[1]).toMatchObject({ title: 'Undated', year: null, releaseDate: '', genres: ['Horror'] });
  });

  it('GIVEN onMovie THEN the same movies stream out and nothing is collected', async () => {
    const path = await fx.file('cleaning-stream.csv', csv([TMDB_HEADER, ...rows.map(([r]) => r)]));
    const streamed: Movie[] = [];
    const result = await ingestTmdb(path, { onMovie: (m) => streamed.push(m) });
    expect(result.movies).toEqual([]);
    expect(streamed).toEqual((await ingestTmdb(path)).movies);
  });

  it('GIVEN a trimmed file with only the required columns THEN it is cleaned too, optional fields empty', async () => {
    const header = 'id,title,status,adult,overview,popularity,poster_path,genres,release_date';
    const path = await fx.file(
      'trimmed.csv',
      csv([header, '7,Seven,Released,False,Dark.,9.5,/s.jpg,"Crime, Mystery",1995-09-22']),
    );
    const { movies, report } = await ingestTmdb(path);
    expect(report.kept).toBe(1);
    expect(movies[0]).toMatchObject({
      id: 7,
      year: 1995,
      genres: ['Crime', 'Mystery'],
      imdbId: '',
      voteCount: 0,
    });
  });

  it('GIVEN a missing required column THEN MISSING_COLUMN naming the file and the column', async () => {
    const path = await fx.file('no-poster.csv', csv([TMDB_HEADER.replace(',poster_path', ''), tmdbRow(1)]));
    const e = await appError(() => ingestTmdb(path));
    expect(e.code).toBe('MISSING_COLUMN');
    expect(e.message).toBe('no-poster.csv: missing required column poster_path');
  });
});

describe('TMDb ids and numbers', () => {
  it('GIVEN ids that are not plain digits or do not fit the index THEN those rows are skipped as bad ids, not merged or wrapped', async () => {
    const path = await fx.file(
      'ids.csv',
      csv([
        TMDB_HEADER,
        tmdbRow(1),
        tmdbRow(1, { id: '4294967297' }), // 2^32 + 1: wrapped to 1 by a 32-bit bitset before
        tmdbRow(2, { id: '3000000000' }), // over the Int32 id column
        tmdbRow(3, { id: '1e3' }),
        tmdbRow(4, { id: '0x10' }),
        tmdbRow(5, { id: '9007199254740991' }),
        tmdbRow(20_000_000), // valid, past the dense bitset: still de-duplicated
        tmdbRow(20_000_000, { title: 'again' }),
        tmdbRow(6, { popularity: '0x32' }),
        tmdbRow(7, { popularity: 'Infinity' }),
        tmdbRow(8, { popularity: '1.5e-3' }),
      ]),
    );
    const { report, movies } = await ingestTmdb(path);
    expect(movies.map((m) => m.id)).toEqual([1, 20_000_000, 8]);
    expect(report.skipped.examples.map((e) => e.reason)).toEqual([
      'bad id: "4294967297"',
      'bad id: "3000000000"',
      'bad id: "1e3"',
      'bad id: "0x10"',
      'bad id: "9007199254740991"',
      'unparsable number in popularity: "0x32"',
      'unparsable number in popularity: "Infinity"',
    ]);
    expect(report.steps.find((st) => st.name === 'duplicate id')?.removed).toBe(1);
    expect(movies[2]?.popularity).toBe(0.0015);
  });
});
