/**
 * The ingest report on the real shared samples, checked against counts made here independently:
 * the gunzipped file is parsed with csv-parse/sync and each rule is re-counted by hand.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { ingestSpotify } from '../../src/data/spotify.js';
import { ingestTmdb, type Movie } from '../../src/data/tmdb.js';
import { HAVE_SHARED_DATA, SPOTIFY_SAMPLE, TMDB_SAMPLE } from './helpers.js';

interface RawRecord {
  /** Column name → cell. */
  get: (column: string) => string;
  /** 1-based line the record starts on. */
  line: number;
}

/** Every data record of a gzipped CSV, via csv-parse (not the reader under test). */
function rawRecords(path: string): RawRecord[] {
  const rows = parse(gunzipSync(readFileSync(path)), { bom: true, info: true }) as unknown as {
    record: string[];
    info: { lines: number };
  }[];
  const header = (rows[0]?.record ?? []).map((c) => c.trim());
  return rows.slice(1).map(({ record, info }) => ({
    get: (column: string) => record[header.indexOf(column)] ?? '',
    // csv-parse reports the line a record ends on; take off the line breaks inside its cells.
    line: info.lines - record.join('').split('\n').length + 1,
  }));
}

const isNumberIn = (text: string, min: number, max: number, integer = false) => {
  if (text.trim() === '') return false;
  const v = Number(text);
  return Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
};

describe.skipIf(!HAVE_SHARED_DATA)('real Spotify sample (spotify_tracks_hf_sample10k)', () => {
  const records = HAVE_SHARED_DATA ? rawRecords(SPOTIFY_SAMPLE) : [];
  /** The HF schema's rules, written out again: [column, min, max, whole number]. */
  const ranges: [string, number, number, boolean][] = [
    ['popularity', 0, 100, true],
    ['duration_ms', 0, 86_400_000, true],
    ['danceability', 0, 1, false],
    ['energy', 0, 1, false],
    ['key', -1, 11, true],
    ['loudness', -60, 10, false],
    ['mode', 0, 1, true],
    ['speechiness', 0, 1, false],
    ['acousticness', 0, 1, false],
    ['instrumentalness', 0, 1, false],
    ['liveness', 0, 1, false],
    ['valence', 0, 1, false],
    ['tempo', 0, 300, false],
    ['time_signature', 0, 7, true],
  ];
  const problem = (r: RawRecord): string | undefined => {
    if (!/^[0-9A-Za-z]{22}$/.test(r.get('track_id').trim())) return 'bad track_id';
    if (r.get('track_name').trim() === '') return 'missing track_name';
    if (
      r
        .get('artists')
        .split(';')
        .every((a) => a.trim() === '')
    )
      return 'missing artists';
    if (r.get('track_genre').trim() === '') return 'missing track_genre';
    if (!['true', 'false', '1', '0'].includes(r.get('explicit').trim().toLowerCase())) return 'explicit';
    for (const [c, min, max, whole] of ranges) if (!isNumberIn(r.get(c), min, max, whole)) return c;
    return undefined;
  };
  const bad = records.filter((r) => problem(r) !== undefined);
  const good = records.filter((r) => problem(r) === undefined);
  const genresById = new Map<string, Set<string>>();
  for (const r of good) {
    const id = r.get('track_id').trim();
    const set = genresById.get(id) ?? new Set<string>();
    set.add(r.get('track_genre').trim());
    genresById.set(id, set);
  }

  it('GIVEN the real file THEN rowsRead, skipped, kept and both steps match an independent count', async () => {
    const { tracks, report } = await ingestSpotify(SPOTIFY_SAMPLE);
    // Sanity of the oracle itself: the sample has 10,000 rows, one of them without a track name.
    expect(records).toHaveLength(10_000);
    expect(bad.map(problem)).toEqual(['missing track_name']);

    expect(report.kind).toBe('spotify');
    expect(report.rowsRead).toBe(records.length);
    expect(report.rowsSkipped).toBe(bad.length);
    expect(report.skipped.examples).toEqual(bad.map((r) => ({ line: r.line, reason: 'missing track_name' })));
    expect(report.skipped.byReason).toEqual({ 'missing track_name': bad.length });
    expect(report.kept).toBe(genresById.size);
    expect(tracks).toHaveLength(genresById.size);
    expect(report.steps).toEqual([
      { name: 'malformed or out-of-range rows', removed: bad.length, remaining: good.length },
      {
        name: 'duplicate track_id merged (genres kept)',
        removed: good.length - genresById.size,
        remaining: genresById.size,
      },
    ]);
  });

  it('GIVEN a track_id listed under several genres THEN the merged track carries all of them', async () => {
    const { tracks } = await ingestSpotify(SPOTIFY_SAMPLE);
    const byId = new Map(tracks.map((t) => [t.trackId, t]));
    const multi = [...genresById].filter(([, g]) => g.size > 1);
    expect(multi.length).toBeGreaterThan(10);
    for (const [id, genres] of multi) {
      expect(new Set(byId.get(id)?.genres), id).toEqual(genres);
      expect(byId.get(id)?.genres).toHaveLength(genres.size);
    }
    const [id, genres] = multi.find(([, g]) => g.size >= 3) ?? multi[0] ?? ['', new Set()];
    expect(byId.get(id)?.genres.length).toBe(genres.size);
    expect(genres.size).toBeGreaterThanOrEqual(2);
  });

  it('GIVEN a kept track THEN its values are the raw row typed, artists split on ";"', async () => {
    const { tracks } = await ingestSpotify(SPOTIFY_SAMPLE);
    const raw = good[0] as RawRecord;
    const track = tracks.find((t) => t.trackId === raw.get('track_id'));
    expect(track).toMatchObject({
      trackName: raw.get('track_name'),
      artists: raw.get('artists').split(';'),
      valence: Number(raw.get('valence')),
      tempo: Number(raw.get('tempo')),
      key: Number(raw.get('key')),
      explicit: raw.get('explicit') === 'True',
    });
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('real TMDb sample (tmdb_v11_top3000)', () => {
  const records = HAVE_SHARED_DATA ? rawRecords(TMDB_SAMPLE) : [];

  /** The cleaning re-done by hand, in the notebook's order; returns what each step removes. */
  function countSteps(): Record<string, number> {
    const counts: Record<string, number> = {
      'malformed or out-of-range rows': 0,
      'duplicate id': 0,
      'missing title': 0,
      'missing overview': 0,
      'missing poster_path': 0,
      'missing popularity': 0,
      'missing genres': 0,
      'status not Released': 0,
      adult: 0,
    };
    const seen = new Set<string>();
    const optionalIn = (t: string, min: number, max: number) => t.trim() === '' || isNumberIn(t, min, max);
    for (const r of records) {
      const adult = r.get('adult').trim();
      const malformed =
        !isNumberIn(r.get('id'), 1, Number.MAX_SAFE_INTEGER, true) ||
        !['True', 'False'].includes(adult) ||
        !/^(\d{4}-\d{2}-\d{2})?$/.test(r.get('release_date').trim()) ||
        !optionalIn(r.get('popularity'), 0, 1e6) ||
        !optionalIn(r.get('vote_average'), 0, 10) ||
        !optionalIn(r.get('vote_count'), 0, 1e8) ||
        !optionalIn(r.get('runtime'), 0, 100_000);
      const step = malformed
        ? 'malformed or out-of-range rows'
        : seen.has(r.get('id').trim())
          ? 'duplicate id'
          : r.get('title').trim() === ''
            ? 'missing title'
            : r.get('overview').trim() === ''
              ? 'missing overview'
              : r.get('poster_path').trim() === ''
                ? 'missing poster_path'
                : r.get('popularity').trim() === ''
                  ? 'missing popularity'
                  : r.get('genres').replaceAll(',', '').trim() === ''
                    ? 'missing genres'
                    : r.get('status').trim() !== 'Released'
                      ? 'status not Released'
                      : adult === 'True'
                        ? 'adult'
                        : undefined;
      if (!malformed) seen.add(r.get('id').trim());
      if (step) counts[step] = (counts[step] ?? 0) + 1;
    }
    return counts;
  }

  it('GIVEN the real file THEN rowsRead, skipped, kept and every cleaning step match an independent count', async () => {
    const expected = countSteps();
    const removedTotal = Object.values(expected).reduce((a, b) => a + b, 0);
    const { movies, report } = await ingestTmdb(TMDB_SAMPLE);
    expect(records).toHaveLength(3000);
    expect(report.kind).toBe('tmdb');
    expect(report.rowsRead).toBe(records.length);
    expect(report.rowsSkipped).toBe(expected['malformed or out-of-range rows']);
    expect(report.kept).toBe(records.length - removedTotal);
    expect(movies).toHaveLength(report.kept);
    let remaining = records.length;
    expect(report.steps.map((s) => s.name)).toEqual(Object.keys(expected));
    for (const step of report.steps) {
      remaining -= expected[step.name] ?? Number.NaN;
      expect(step, step.name).toEqual({ name: step.name, removed: expected[step.name], remaining });
    }
  });

  it('GIVEN the real file THEN a known movie is typed faithfully (Inception)', async () => {
    const { movies } = await ingestTmdb(TMDB_SAMPLE);
    const raw = records.find((r) => r.get('title') === 'Inception') as RawRecord;
    const movie = movies.find((m) => m.title === 'Inception') as Movie;
    expect(movie).toMatchObject({
      id: Number(raw.get('id')),
      year: Number(raw.get('release_date').slice(0, 4)),
      overview: raw.get('overview'),
      genres: raw.get('genres').split(', '),
      keywords: raw.get('keywords').split(', '),
      popularity: Number(raw.get('popularity')),
      voteCount: Number(raw.get('vote_count')),
      posterPath: raw.get('poster_path'),
      imdbId: 'tt1375666',
    });
    expect(movie).not.toHaveProperty('status');
    expect(movie).not.toHaveProperty('adult');
  });

  it('GIVEN onMovie THEN every kept movie streams to it and none is collected', async () => {
    const seen: Movie[] = [];
    const { movies, report } = await ingestTmdb(TMDB_SAMPLE, { onMovie: (m) => seen.push(m) });
    expect(movies).toEqual([]);
    expect(seen).toHaveLength(report.kept);
  });

  it('GIVEN onProgress THEN it reports compressed bytes up to the file size', async () => {
    const calls: [number, number][] = [];
    await ingestTmdb(TMDB_SAMPLE, { onMovie: () => {}, onProgress: (d, n) => calls.push([d, n]) });
    const size = readFileSync(TMDB_SAMPLE).length;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.at(-1)).toEqual([size, size]);
    for (let i = 1; i < calls.length; i++) expect(calls[i]?.[0]).toBeGreaterThan(calls[i - 1]?.[0] ?? 0);
  });
});
