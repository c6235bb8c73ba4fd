import type { VectorIndex } from '../ports.js';
import type { MovieTable } from './movie-table.js';

/** A film as the engine serves it (what a reply needs, nothing more). */
export interface MovieRecord {
  id: number;
  title: string;
  originalTitle: string;
  year: number | null;
  overview: string;
  genres: string[];
  popularity: number;
  voteCount: number;
  voteAverage: number;
  runtime: number;
  posterPath: string;
  imdbId: string;
  language: string;
  /** Bit i set: the film shows THEME_NAMES[i]. */
  themes: number;
  /** The poster classifier flagged it; hidden in family-safe mode. */
  unsafePoster: boolean;
}

export interface SongRecord {
  trackId: string;
  trackName: string;
  artists: string[];
  albumName: string;
  genres: string[];
  popularity: number;
  durationMs: number;
  explicit: boolean;
  tempo: number;
  valence: number;
  energy: number;
  danceability: number;
  acousticness: number;
  instrumentalness: number;
  themes: number;
  /** Films whose soundtrack album this track comes from (movie labels). */
  soundtrack: number[];
  /** Films that share the track's title or are named after its artist (movie labels). */
  echoes: number[];
}

/** Logistic calibration of the raw match score: score = 1 / (1 + exp(-(a·raw + b))). */
export interface Calibration {
  a: number;
  b: number;
  /** How it was fitted, for the README and the `eval` printout. */
  fittedOn: string;
}

/** Weights of the parts of the ranking score beyond the cosine. */
export interface RankingWeights {
  /** CSLS: subtract this share of a film's mean similarity to its nearest songs (its "hubness"). */
  hubness: number;
  soundtrack: number;
  echo: number;
  theme: number;
  /** Mild popularity prior; 0 disables it. */
  popularity: number;
  /** Trade rate of the diversity re-rank of each list (0 turns it off). */
  diversity: number;
}

export const DEFAULT_RANKING: RankingWeights = {
  hubness: 0.8,
  soundtrack: 1.5,
  echo: 0.8,
  theme: 0.4,
  popularity: 0,
  diversity: 0.05,
};

/**
 * A re-ranker fitted to users' votes by `feedback learn`: the score of a film gains
 * bias + Σ featureWeights[i] · feature i, the features being RERANK_FEATURES (scoring.ts).
 */
export interface LearnedWeights {
  featureWeights: number[];
  bias?: number;
}

/** Everything the engine serves from, loaded once. Read-only after load. */
export interface Catalog {
  dims: number;
  featureNames: readonly string[];
  /** Films: typed columns for ranking, records materialised when shown (see movie-table.ts). */
  movies: MovieTable;
  movieVectors: Float32Array;
  /** Mean cosine of each film to its nearest songs (CSLS r_m). */
  movieHubness: Float32Array;
  /** Extra per-film penalty from measured exposure (see exposure.ts); zeros when not balanced. */
  movieExposurePenalty: Float32Array;
  /** Small poster-look vectors (unit, posterDims each; all-zero row when the poster is missing). */
  posterVectors: Float32Array | null;
  posterDims: number;
  songs: SongRecord[];
  songVectors: Float32Array;
  songHubness: Float32Array;
  movieIndex: VectorIndex;
  songIndex: VectorIndex;
  calibration: Calibration;
  ranking: RankingWeights;
  /** Present when the index holds learned-weights.json; absent, ranking is exactly the built one. */
  learned?: LearnedWeights;
  /** TMDb image base + size, e.g. https://image.tmdb.org/t/p/w342 */
  posterBaseUrl: string;
}

export function row(vectors: Float32Array, dims: number, i: number): Float32Array {
  return vectors.subarray(i * dims, (i + 1) * dims);
}

export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}
