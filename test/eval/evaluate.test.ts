import { describe, expect, it } from 'vitest';
import { assemble } from '../../index/build/assemble.js';
import { Engine } from '../../src/engine/engine.js';
import type { Ranker } from '../../src/eval/baselines.js';
import { evaluate } from '../../src/eval/evaluate.js';
import { catalogueHealth } from '../../src/eval/metrics.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';

const engine = new Engine(assemble(TRACKS, MOVIES, new Map()).catalog);
const c = engine.catalog;

/** A ranker that notes which songs the health sample asks about (film scores: song index + film). */
function recording(): Ranker & { asked: number[] } {
  const asked: number[] = [];
  return {
    name: 'recording',
    asked,
    scores(song, source) {
      if (source === 'health') asked.push(song);
      return Float64Array.from({ length: c.movies.length }, (_, m) => (song + m) % c.movies.length);
    },
  };
}

describe('evaluate: catalogue-health sample', () => {
  it('GIVEN fewer songs asked for than the catalogue holds THEN that many distinct songs, the same for the same seed', () => {
    const r1 = recording();
    evaluate(engine, [], [r1], { healthSongs: 7, seed: 3 });
    expect(r1.asked).toHaveLength(7);
    expect(new Set(r1.asked).size).toBe(7);
    const r2 = recording();
    evaluate(engine, [], [r2], { healthSongs: 7, seed: 3 });
    expect(r2.asked).toEqual(r1.asked);
  });

  it('GIVEN more songs asked for than the catalogue holds THEN every song once, and the health figures are those of all songs', () => {
    const r = recording();
    const report = evaluate(engine, [], [r], { healthSongs: 1000 });
    expect([...r.asked].sort((a, b) => a - b)).toEqual(Array.from({ length: c.songs.length }, (_, i) => i));
    const product = report.health.find((h) => h.ranker === 'music2movie');
    const all = c.songs.map((_, s) =>
      engine.recommendForSongs([s], { k: 5 }).movies.map((m) => c.movies.indexOfId(m.tmdbId) as number),
    );
    const name = (m: number) => `${c.movies.at(m)?.title ?? '?'} (${c.movies.year(m) ?? '?'})`;
    expect(product).toEqual({ ranker: 'music2movie', ...catalogueHealth(all, c.movies.length, name) });
    // Each song's list is "song + m" shifted, so no two distinct songs share a list: nothing identical.
    expect(report.health.find((h) => h.ranker === 'recording')?.identicalListShare).toBe(0);
  });
});
