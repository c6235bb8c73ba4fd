import { LANGUAGE_BUCKETS } from '../features/languages.js';
import { TMDB_GENRES } from '../features/tmdb-genres.js';
import { AXES } from './axes.js';
import type { RawFeatures } from './raw-features.js';
import { fitStandardizer, type Standardizer } from './scaler.js';

/** How much each block of the space counts in the cosine. Tuned on the dev pairs (see `eval`). */
export interface SpaceWeights {
  /** One weight per mood axis, in AXES order. */
  axes: number[];
  genre: number;
  language: number;
}

export const DEFAULT_SPACE_WEIGHTS: SpaceWeights = {
  axes: [1, 1, 1, 0.8, 0.8, 0.6, 1, 1.2],
  genre: 1.6,
  language: 1.2,
};

/** Names of every dimension, stored in the index so a loader can check it reads the same space. */
export const FEATURE_NAMES: readonly string[] = [
  ...AXES.map((a) => `axis:${a}`),
  ...TMDB_GENRES.map((g) => `genre:${g}`),
  ...LANGUAGE_BUCKETS.map((l) => `lang:${l}`),
];

export const DIMS = FEATURE_NAMES.length;
export const AXIS_OFFSET = 0;
export const GENRE_OFFSET = AXES.length;
export const LANGUAGE_OFFSET = AXES.length + TMDB_GENRES.length;

/** Per-domain centring and scaling: songs against songs, films against films. */
export interface SpaceModel {
  weights: SpaceWeights;
  song: Standardizer;
  movie: Standardizer;
}

function flatten(r: RawFeatures): number[] {
  return [...r.axes, ...r.genre, ...r.language];
}

export function fitSpace(
  songs: readonly RawFeatures[],
  movies: readonly RawFeatures[],
  weights = DEFAULT_SPACE_WEIGHTS,
): SpaceModel {
  const song = fitStandardizer(songs.map(flatten), DIMS);
  const movie = fitStandardizer(movies.map(flatten), DIMS);
  // Genre and language profiles are centred but not divided by their spread: a rare culture (Korean)
  // should not be inflated to the size of a common one; the block weight sets their scale.
  for (let i = GENRE_OFFSET; i < DIMS; i++) {
    song.std[i] = 1;
    movie.std[i] = 1;
  }
  return { weights, song, movie };
}

function dimWeight(w: SpaceWeights, i: number): number {
  if (i < GENRE_OFFSET) return w.axes[i] ?? 1;
  // Profiles sum to one, so their deviations are ~5x smaller than a standardised axis; rescale.
  if (i < LANGUAGE_OFFSET) return w.genre * 4;
  return w.language * 2;
}

/** The unit vector of a song or film in the shared space. */
export function embed(
  raw: RawFeatures,
  side: 'song' | 'movie',
  model: SpaceModel,
  out?: Float32Array,
): Float32Array {
  const v = out ?? new Float32Array(DIMS);
  const st = side === 'song' ? model.song : model.movie;
  const flat = flatten(raw);
  let norm = 0;
  for (let i = 0; i < DIMS; i++) {
    const x = (((flat[i] ?? 0) - (st.mean[i] ?? 0)) / (st.std[i] ?? 1)) * dimWeight(model.weights, i);
    v[i] = x;
    norm += x * x;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < DIMS; i++) v[i] = (v[i] as number) / norm;
  return v;
}
