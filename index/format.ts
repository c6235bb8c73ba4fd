import type { Calibration, RankingWeights } from '../src/engine/catalog.js';
import type { Scalers } from '../src/space/raw-features.js';
import type { SpaceModel } from '../src/space/shared-space.js';
import type { MovieStoreMeta } from './store/movie-store.js';

/** Bump when the layout or meaning of any file changes; loaders refuse other versions. */
export const INDEX_FORMAT_VERSION = 2;

export const INDEX_FILES = {
  movies: 'movies.jsonl',
  movieColumns: 'movie-columns.bin',
  movieTitles: 'movie-titles.json',
  songs: 'songs.json',
  movieVectors: 'movie-vectors.f32',
  songVectors: 'song-vectors.f32',
  movieHubness: 'movie-hubness.f32',
  moviePenalty: 'movie-exposure-penalty.f32',
  songHubness: 'song-hubness.f32',
  posterVectors: 'poster-vectors.f32',
  movieGraph: 'movies.hnsw',
  songGraph: 'songs.hnsw',
} as const;

/** Everything a loader needs to check before trusting the vectors, and to score queries the same way. */
export interface IndexManifest {
  [key: string]: unknown;
  formatVersion: number;
  dims: number;
  featureNames: string[];
  counts: { movies: number; songs: number };
  /** Genre names behind the packed genre masks of movie-columns.bin. */
  movieStore: MovieStoreMeta;
  posterDims: number;
  hasPosterVectors: boolean;
  scalers: Scalers;
  space: SpaceModel;
  ranking: RankingWeights;
  calibration: Calibration;
  hnsw: { M: number; efConstruction: number; efSearch: number };
  settings: Record<string, unknown>;
  /** sha256 of each input dataset, so a rebuild can tell whether anything changed. */
  dataHashes: Record<string, string>;
  posters: { embedded: number; missing: number; failed: number; unsafe: number };
}
