import { themeStrength } from '../features/themes.js';
import { AXES } from '../space/axes.js';
import { GENRE_OFFSET, LANGUAGE_OFFSET } from '../space/shared-space.js';
import type { Catalog, LearnedWeights } from './catalog.js';
import { dot, row } from './catalog.js';

/** The parts of a song that ranking needs; a playlist blend builds one of these too. */
export interface SongQuery {
  vector: Float32Array;
  themes: number;
  soundtrack: ReadonlySet<number>;
  echoes: ReadonlySet<number>;
}

/**
 * The ranking score of one film for one song: cosine in the shared space, minus a share of the
 * film's hubness (CSLS, so films that sit near every song stop winning everything), plus the
 * direct links (soundtrack album, shared title, shared themes) and an optional mild popularity prior.
 */
export function rawScore(c: Catalog, q: SongQuery, m: number): number {
  const w = c.ranking;
  let s = dot(q.vector, row(c.movieVectors, c.dims, m));
  const soundtrack = q.soundtrack.has(m);
  const echo = q.echoes.has(m);
  // Hub corrections damp films that are near every song; a direct title link is no hub effect.
  if (soundtrack || echo) s += (soundtrack ? w.soundtrack : 0) + (echo ? w.echo : 0);
  else s -= w.hubness * (c.movieHubness[m] as number) + (c.movieExposurePenalty[m] as number);
  const shared = q.themes & (c.movies.columns.themes[m] ?? 0);
  if (shared) s += w.theme * themeStrength(shared);
  if (w.popularity) s += (w.popularity * Math.log1p(c.movies.columns.voteCounts[m] ?? 0)) / 12;
  if (c.learned) s += learnedTerm(c, q.vector, m, c.learned);
  return s;
}

/**
 * What the learned re-ranker sees of a (song, film) pair: each mood axis's share of the cosine,
 * the genre block's and the culture block's shares, the film's hubness and its popularity.
 */
export const RERANK_FEATURES: readonly string[] = [
  ...AXES.map((a) => `axis:${a}`),
  'genre',
  'language',
  'hubness',
  'popularity',
];

export function rerankFeatures(
  c: Catalog,
  query: Float32Array,
  m: number,
  out = new Float64Array(RERANK_FEATURES.length),
): Float64Array {
  const mv = row(c.movieVectors, c.dims, m);
  for (let i = 0; i < GENRE_OFFSET; i++) out[i] = (query[i] as number) * (mv[i] as number);
  let genre = 0;
  for (let i = GENRE_OFFSET; i < LANGUAGE_OFFSET; i++) genre += (query[i] as number) * (mv[i] as number);
  let language = 0;
  for (let i = LANGUAGE_OFFSET; i < c.dims; i++) language += (query[i] as number) * (mv[i] as number);
  out[GENRE_OFFSET] = genre;
  out[GENRE_OFFSET + 1] = language;
  out[GENRE_OFFSET + 2] = c.movieHubness[m] as number;
  out[GENRE_OFFSET + 3] = Math.log1p(c.movies.columns.voteCounts[m] ?? 0) / 12;
  return out;
}

const scratch = new Float64Array(RERANK_FEATURES.length);

function learnedTerm(c: Catalog, query: Float32Array, m: number, l: LearnedWeights): number {
  const x = rerankFeatures(c, query, m, scratch);
  let s = l.bias ?? 0;
  for (let i = 0; i < x.length; i++) s += (l.featureWeights[i] ?? 0) * (x[i] as number);
  return s;
}

/** One or more songs as a ranking query: the mean of their vectors (renormalised) and all their links. */
export function songQuery(c: Catalog, songIds: readonly number[]): SongQuery {
  const vector = new Float32Array(c.dims);
  let themes = 0;
  const soundtrack = new Set<number>();
  const echoes = new Set<number>();
  for (const i of songIds) {
    const v = row(c.songVectors, c.dims, i);
    for (let d = 0; d < c.dims; d++) vector[d] = (vector[d] as number) + (v[d] as number);
    const s = c.songs[i];
    if (!s) continue;
    themes |= s.themes;
    for (const m of s.soundtrack) soundtrack.add(m);
    for (const m of s.echoes) echoes.add(m);
  }
  let norm = 0;
  for (let d = 0; d < c.dims; d++) norm += (vector[d] as number) ** 2;
  norm = Math.sqrt(norm) || 1;
  for (let d = 0; d < c.dims; d++) vector[d] = (vector[d] as number) / norm;
  return { vector, themes, soundtrack, echoes };
}

export function calibrate(c: Catalog, raw: number): number {
  const z = c.calibration.a * raw + c.calibration.b;
  return 1 / (1 + Math.exp(-z));
}

/** Raw scores of every film, for evaluation (exact ranks) and for small catalogues. */
export function scoreAll(c: Catalog, q: SongQuery): Float64Array {
  const out = new Float64Array(c.movies.length);
  for (let m = 0; m < out.length; m++) out[m] = rawScore(c, q, m);
  return out;
}
