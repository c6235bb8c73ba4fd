import { describe, expect, it } from 'vitest';
import { decodeMovies, encodeMovies } from '../../index/store/movie-store.js';
import type { MovieRecord } from '../../src/engine/catalog.js';
import { MAX_MASK_GENRES, MovieTable } from '../../src/engine/movie-table.js';

function film(id: number, over: Partial<MovieRecord> = {}): MovieRecord {
  return {
    id,
    title: `Film ${id}`,
    originalTitle: `Film ${id}`,
    year: 1990 + (id % 30),
    overview: `Overview of film ${id}.`,
    genres: ['Drama'],
    popularity: id / 10,
    voteCount: id * 100,
    voteAverage: 7,
    runtime: 100,
    posterPath: `/p${id}.jpg`,
    imdbId: `tt${id}`,
    language: 'en',
    themes: id % 4,
    unsafePoster: false,
    ...over,
  };
}

const FILMS: MovieRecord[] = [
  film(1, { genres: ['Comedy', 'Romance'] }),
  // Multi-byte text: record offsets are bytes, not characters.
  film(2, {
    title: 'Amélie 🎬',
    originalTitle: 'Le Fabuleux Destin d’Amélie Poulain',
    overview: 'Ünïcödé\nnew line',
  }),
  film(3, { year: null, genres: [], unsafePoster: true }),
  film(4, { genres: ['Horror', 'Comedy'], overview: '' }),
];

describe('stored films', () => {
  it('GIVEN films written and read back THEN every record, column, title and id lookup matches', () => {
    const table = decodeMovies(encodeMovies(MovieTable.fromRecords(FILMS)));
    expect(table.length).toBe(4);
    expect(table.all()).toEqual(FILMS);
    expect(table.titles()).toEqual(FILMS.map((m) => [m.title, m.originalTitle]));
    expect([...table.columns.ids]).toEqual([1, 2, 3, 4]);
    expect([0, 1, 2, 3].map((i) => table.year(i))).toEqual([1991, 1992, null, 1994]);
    expect([...table.columns.unsafe]).toEqual([0, 0, 1, 0]);
    expect([...table.columns.voteCounts]).toEqual([100, 200, 300, 400]);
    expect(table.indexOfId(3)).toBe(2);
    expect(table.indexOfId(99)).toBeUndefined();
    expect(table.at(4)).toBeUndefined();
    expect(table.at(-1)).toBeUndefined();
  });

  it('GIVEN a loaded table THEN a record is parsed only when first read, and once', () => {
    const reads: number[] = [];
    const table = new MovieTable(MovieTable.fromRecords(FILMS).columns, {
      record: (i) => {
        reads.push(i);
        return FILMS[i] as MovieRecord;
      },
      titles: () => [],
    });
    expect(reads).toEqual([]);
    expect(table.at(2)?.id).toBe(3);
    expect(table.at(2)?.id).toBe(3);
    expect(reads).toEqual([2]);
  });

  it('GIVEN genre exclusions THEN the mask test agrees with the records', () => {
    const table = MovieTable.fromRecords(FILMS);
    const keep = table.lacksGenres(['comedy']);
    expect([0, 1, 2, 3].filter(keep)).toEqual([1, 2]);
    expect([0, 1, 2, 3].filter(table.lacksGenres(['Western']))).toEqual([0, 1, 2, 3]);
  });

  it('GIVEN more genres than a mask holds THEN exclusions read the records and stay right', () => {
    const many = Array.from({ length: MAX_MASK_GENRES + 3 }, (_, i) => film(i + 1, { genres: [`G${i}`] }));
    const table = decodeMovies(encodeMovies(MovieTable.fromRecords(many)));
    expect(table.columns.genreOverflow).toBe(true);
    const keep = table.lacksGenres([`G${MAX_MASK_GENRES + 1}`, 'g0']);
    expect(many.map((_, i) => i).filter((i) => !keep(i))).toEqual([0, MAX_MASK_GENRES + 1]);
  });

  it('GIVEN a columns file of the wrong size THEN INDEX_CORRUPT', () => {
    const stored = encodeMovies(MovieTable.fromRecords(FILMS));
    expect(() => decodeMovies({ ...stored, columns: stored.columns.subarray(0, 40) })).toThrow(
      expect.objectContaining({ code: 'INDEX_CORRUPT' }),
    );
  });

  it('GIVEN records that do not end where the offsets say THEN INDEX_CORRUPT at load', () => {
    const stored = encodeMovies(MovieTable.fromRecords(FILMS));
    expect(() => decodeMovies({ ...stored, records: stored.records.subarray(1) })).toThrow(
      expect.objectContaining({ code: 'INDEX_CORRUPT' }),
    );
  });

  it('GIVEN a damaged record THEN reading it says INDEX_CORRUPT, and the other films still read', () => {
    const stored = encodeMovies(MovieTable.fromRecords(FILMS));
    const records = Buffer.from(stored.records);
    records[0] = '['.charCodeAt(0);
    const table = decodeMovies({ ...stored, records });
    expect(() => table.at(0)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
    expect(table.at(1)?.title).toBe('Amélie 🎬');
  });

  it('GIVEN a record whose id disagrees with its column THEN INDEX_CORRUPT', () => {
    const stored = encodeMovies(MovieTable.fromRecords(FILMS));
    const text = Buffer.from(stored.records).toString('utf8').replace('{"id":1,', '{"id":7,');
    const table = decodeMovies({ ...stored, records: Buffer.from(text) });
    expect(() => table.at(0)).toThrow(expect.objectContaining({ code: 'INDEX_CORRUPT' }));
  });
});
