/**
 * The engine on the real shared data. Paging: pages are cut from one ordering, so reading page after
 * page gives exactly the list one long request gives: nothing repeated, nothing skipped, also with a
 * strong variety re-rank, across the point where deeper ranks come from a wider pool, and with filters.
 * Hostile input: thousands of seeded random queries and options never throw and always come back
 * as a well-formed answer or an error with a code and a message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../index/build/assemble.js';
import { ingestSpotify } from '../../src/data/spotify.js';
import { ingestTmdb } from '../../src/data/tmdb.js';
import { Engine, type RecommendOptions } from '../../src/engine/engine.js';
import { mulberry32 } from '../../src/eval/metrics.js';
import { HAVE_SHARED_DATA, SPOTIFY_SAMPLE, TMDB_SAMPLE } from '../data/helpers.js';

describe.skipIf(!HAVE_SHARED_DATA)('the engine on the real catalogue', () => {
  let engine: Engine;
  let trackIds: string[];
  beforeAll(async () => {
    const [s, t] = await Promise.all([ingestSpotify(SPOTIFY_SAMPLE), ingestTmdb(TMDB_SAMPLE)]);
    engine = new Engine(assemble(s.tracks, t.movies, new Map()).catalog);
    const rand = mulberry32(7);
    trackIds = Array.from(
      { length: 25 },
      () => s.tracks[Math.floor(rand() * s.tracks.length)]?.trackId ?? '',
    );
  }, 120_000);

  function ids(trackId: string, options: RecommendOptions): number[] {
    const r = engine.recommend({ trackId }, options);
    if (!r.ok) throw new Error(r.error.message);
    return r.value.movies.map((m) => m.tmdbId);
  }

  function pages(trackId: string, base: RecommendOptions, size: number, upTo: number): number[] {
    const out: number[] = [];
    for (let offset = 0; offset < upTo; offset += size)
      out.push(...ids(trackId, { ...base, k: size, offset }));
    return out;
  }

  for (const [name, base] of [
    ['default variety', {}],
    ['strong variety', { diversity: 0.3 }],
    ['filters', { excludeGenres: ['Drama'], years: [1980, 2015] as [number, number] }],
  ] as Array<[string, RecommendOptions]>) {
    it(`GIVEN ${name} THEN pages of 5, 3 or 7 up to rank 60 equal one list of 60, with no film twice`, () => {
      for (const trackId of trackIds) {
        const one = ids(trackId, { ...base, k: 60 });
        expect(one).toHaveLength(60);
        expect(new Set(one).size).toBe(60);
        expect(pages(trackId, base, 5, 60)).toEqual(one);
        expect(pages(trackId, base, 3, 60)).toEqual(one);
        expect(pages(trackId, base, 7, 63).slice(0, 60)).toEqual(one);
      }
    });

    it(`GIVEN ${name} THEN a list of five reads best score first`, () => {
      for (const trackId of trackIds) {
        const r = engine.recommend({ trackId }, { ...base, k: 5 });
        if (!r.ok) throw new Error(r.error.message);
        const scores = r.value.movies.map((m) => m.score);
        expect(scores).toEqual([...scores].sort((a, b) => b - a));
      }
    });
  }

  it('GIVEN pages of 40 deep into the list THEN they still join up with one long request', () => {
    for (const trackId of trackIds.slice(0, 5)) {
      const one = ids(trackId, { k: 400 });
      expect(new Set(one).size).toBe(400);
      expect(pages(trackId, {}, 40, 400)).toEqual(one);
    }
  });

  it('GIVEN the deepest page allowed THEN ranks run on from the offset', () => {
    const r = engine.recommend({ trackId: trackIds[0] as string }, { offset: 1000, k: 5 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.movies.map((m) => m.rank)).toEqual([1001, 1002, 1003, 1004, 1005]);
  });

  it('GIVEN 3,000 seeded random hostile queries and options THEN never a throw, always a well-formed outcome', () => {
    const rand = mulberry32(2026);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
    const pieces = [
      '',
      ' ',
      'feat.',
      '- Remastered 2009',
      '(Live)',
      'Love',
      'the',
      'é',
      'ß',
      '\u0301',
      '\u202e',
      '\ud800',
      '\udfff',
      '🎵',
      '👩‍👩‍👧',
      '\u0000',
      '\u001b[2J',
      '%00',
      '"',
      "'",
      '\\',
      '<b>',
      'ﷺ',
      '　',
      '\n',
      'x'.repeat(5000),
    ];
    const text = () =>
      Array.from({ length: Math.floor(rand() * 5) }, () => pick(pieces)).join(pick(['', ' ', '-']));
    const num = () =>
      pick([0, 1, 5, -1, 2.5, 1e9, Number.NaN, Number.POSITIVE_INFINITY, 1000, 50, undefined]);
    const codes = new Set([
      'SONG_NOT_FOUND',
      'SONG_AMBIGUOUS',
      'BAD_INPUT',
      'BAD_OPTION',
      'MOVIE_NOT_FOUND',
      'MOVIE_AMBIGUOUS',
    ]);
    const seen = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const options: RecommendOptions = {
        k: num(),
        offset: num(),
        excludeGenres: rand() < 0.3 ? [pick(['Drama', 'drama', text()])] : undefined,
        years: rand() < 0.2 ? [num() ?? 0, num() ?? 0] : undefined,
        familySafe: rand() < 0.5,
        diversity: rand() < 0.2 ? num() : undefined,
      };
      const ref =
        rand() < 0.1
          ? { trackId: pick([text(), trackIds[0] as string]) }
          : { song: text(), artist: rand() < 0.3 ? text() : undefined };
      const rec = engine.recommend(ref, options);
      const outcomes = [
        rec,
        engine.blend([ref, { song: text() }], options),
        engine.songsFor(text(), { k: num(), year: num() }),
      ];
      for (const o of outcomes) {
        if (o.ok) continue;
        expect(codes).toContain(o.error.code);
        expect(o.error.message.length).toBeGreaterThan(0);
        expect(o.error.message.length).toBeLessThan(2000);
      }
      const kind = rec.ok ? 'ok' : rec.error.code;
      seen.set(kind, (seen.get(kind) ?? 0) + 1);
      if (rec.ok) {
        for (const [j, m] of rec.value.movies.entries()) {
          expect(m.rank).toBe((options.offset ?? 0) + j + 1);
          expect(m.score).toBeGreaterThanOrEqual(0);
          expect(m.score).toBeLessThanOrEqual(1);
        }
      }
      const suggestions = engine.autocomplete(text(), {}, num());
      expect(suggestions.length).toBeLessThanOrEqual(25);
    }
    // The draw reaches answers as well as each kind of refusal, so the checks above were exercised.
    for (const kind of ['ok', 'BAD_OPTION', 'SONG_NOT_FOUND', 'BAD_INPUT'])
      expect(seen.get(kind) ?? 0).toBeGreaterThan(10);
  }, 60_000);
});
