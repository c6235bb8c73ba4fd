/**
 * "More like these" on the real shared data: pages are cut from one ordering, so reading page after
 * page gives exactly the list one long request gives: nothing repeated, nothing skipped, also with a
 * strong variety re-rank, across the point where deeper ranks come from a wider pool, and with filters.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../index/build/assemble.js';
import { ingestSpotify } from '../../src/data/spotify.js';
import { ingestTmdb } from '../../src/data/tmdb.js';
import { Engine, type RecommendOptions } from '../../src/engine/engine.js';
import { mulberry32 } from '../../src/eval/metrics.js';
import { HAVE_SHARED_DATA, SPOTIFY_SAMPLE, TMDB_SAMPLE } from '../data/helpers.js';

describe.skipIf(!HAVE_SHARED_DATA)('paging on the real catalogue', () => {
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
    it(`GIVEN ${name} THEN pages of 5 up to rank 60 equal one list of 60, with no film twice`, () => {
      for (const trackId of trackIds) {
        const one = ids(trackId, { ...base, k: 60 });
        expect(one).toHaveLength(60);
        expect(new Set(one).size).toBe(60);
        expect(pages(trackId, base, 5, 60)).toEqual(one);
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
});
