import type { Catalog } from '../engine/catalog.js';
import { mulberry32 } from './metrics.js';

/** Something that scores every film for one song; higher is better. */
export interface Ranker {
  name: string;
  scores(song: number, source: string): Float64Array;
}

export function randomRanker(c: Catalog, seed = 7): Ranker {
  const rand = mulberry32(seed);
  return {
    name: 'random',
    scores: () => {
      const s = new Float64Array(c.movies.length);
      for (let i = 0; i < s.length; i++) s[i] = rand();
      return s;
    },
  };
}

export function popularityRanker(c: Catalog): Ranker {
  const s = Float64Array.from(c.movies.all().map((m) => m.popularity));
  return { name: 'popularity', scores: () => s };
}

function minMaxColumns(rows: number[][]): number[][] {
  const width = rows[0]?.length ?? 0;
  const lo = new Array<number>(width).fill(Number.POSITIVE_INFINITY);
  const hi = new Array<number>(width).fill(Number.NEGATIVE_INFINITY);
  for (const r of rows)
    r.forEach((v, i) => {
      lo[i] = Math.min(lo[i] as number, v);
      hi[i] = Math.max(hi[i] as number, v);
    });
  return rows.map((r) =>
    r.map((v, i) =>
      (hi[i] as number) > (lo[i] as number)
        ? (v - (lo[i] as number)) / ((hi[i] as number) - (lo[i] as number))
        : 0,
    ),
  );
}

function unit(v: number[]): number[] {
  const n = Math.sqrt(v.reduce((s, x) => s + x * x, 0)) || 1;
  return v.map((x) => x / n);
}

/**
 * The original project's method, re-created as its write-up describes it: min-max scaled song audio
 * features and min-max scaled film numbers (sentiment, popularity, votes, rating, runtime, year)
 * concatenated position by position and compared by cosine. All-positive vectors of unrelated
 * quantities: the films with large numbers sit near every song, which is the hub problem we fix.
 */
export function originalMethodRanker(c: Catalog, movieSentiment: Float64Array): Ranker {
  const songRows = minMaxColumns(
    c.songs.map((s) => [s.valence, s.energy, s.danceability, s.acousticness, s.tempo, s.popularity]),
  ).map(unit);
  const movieRows = minMaxColumns(
    c.movies
      .all()
      .map((m, i) => [
        movieSentiment[i] ?? 0,
        m.popularity,
        m.voteCount,
        m.voteAverage,
        m.runtime,
        m.year ?? 2000,
      ]),
  ).map(unit);
  return {
    name: 'original method',
    scores: (song) => {
      const q = songRows[song] as number[];
      const s = new Float64Array(movieRows.length);
      movieRows.forEach((r, i) => {
        let d = 0;
        for (let j = 0; j < r.length; j++) d += (r[j] as number) * (q[j] as number);
        s[i] = d;
      });
      return s;
    },
  };
}
