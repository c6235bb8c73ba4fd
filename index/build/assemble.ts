import type { Track } from '../../src/data/spotify.js';
import type { Movie } from '../../src/data/tmdb.js';
import type {
  Calibration,
  Catalog,
  MovieRecord,
  RankingWeights,
  SongRecord,
} from '../../src/engine/catalog.js';
import { DEFAULT_RANKING } from '../../src/engine/catalog.js';
import { balanceExposure, type ExposureOptions, type ExposureResult } from '../../src/engine/exposure.js';
import { MovieTable } from '../../src/engine/movie-table.js';
import { songQuery } from '../../src/engine/scoring.js';
import { textSignals } from '../../src/features/text-signals.js';
import { THEME_NAMES, themesOf } from '../../src/features/themes.js';
import type { VectorIndex } from '../../src/ports.js';
import { mulberry32 } from '../../src/random.js';
import { ExactVectorIndex } from '../../src/space/exact-index.js';
import { compactTitleIndex, echoLinks, soundtrackLinks, TitleIndex } from '../../src/space/links.js';
import {
  movieRawFeatures,
  type PosterTone,
  type Scalers,
  songRawFeatures,
} from '../../src/space/raw-features.js';
import { fitMinMax } from '../../src/space/scaler.js';
import {
  DEFAULT_SPACE_WEIGHTS,
  DIMS,
  embed,
  FEATURE_NAMES,
  fitSpace,
  type SpaceModel,
  type SpaceWeights,
} from '../../src/space/shared-space.js';

/** What the poster stage learned about one film (absent: no poster features). */
export interface PosterFeatures {
  stats: PosterTone | null;
  embedding: Float32Array | null;
  unsafe: boolean;
}

export interface AssembleSettings {
  space?: SpaceWeights;
  ranking?: RankingWeights;
  calibration?: Calibration;
  /** Neighbours averaged for each item's hubness (CSLS k). */
  hubnessK?: number;
  posterDims?: number;
  posterBaseUrl?: string;
  /** Builds the index hubness is measured with; exact search by default. */
  indexFactory?: (vectors: Float32Array, dims: number) => VectorIndex;
  /** Exposure balancing (see src/engine/exposure.ts); false turns it off. */
  balance?: ExposureOptions | false;
  onStage?: (stage: string, done: number, total: number) => void;
}

/**
 * Fitted with fitCalibration (src/eval/calibrate.ts) on the 68 dev pairs of soundtrack_pairs_dev.csv
 * against the shared Spotify 10k × TMDb top-3000 index; `build --calibrate-with` refits it.
 */
export const DEFAULT_CALIBRATION: Calibration = {
  a: 2.913,
  b: 0.617,
  fittedOn: '68 dev song→film pairs (soundtrack_pairs_dev.csv), 50 random films each, balanced',
};

export interface Assembled {
  catalog: Catalog;
  model: SpaceModel;
  scalers: Scalers;
  posterProjectionSeed: number;
  exposure: ExposureResult | null;
}

function themeMask(themes: readonly string[]): number {
  let mask = 0;
  for (const t of themes) {
    const i = THEME_NAMES.indexOf(t);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

/** Mean similarity of each query row to its k nearest rows of the other side (CSLS r). */
export function hubness(
  queries: Float32Array,
  other: VectorIndex,
  dims: number,
  k: number,
  onProgress?: (done: number, total: number) => void,
): Float32Array {
  const n = queries.length / dims;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const hits = other.search(queries.subarray(i * dims, (i + 1) * dims), k);
    let s = 0;
    for (const h of hits) s += h.similarity;
    out[i] = hits.length > 0 ? s / hits.length : 0;
    if (onProgress && (i % 2000 === 0 || i === n - 1)) onProgress(i + 1, n);
  }
  return out;
}

/** A seeded Gaussian random projection: keeps poster-look cosines roughly, at a tenth of the memory. */
export function projectPosters(
  embeddings: Array<Float32Array | null>,
  inDims: number,
  outDims: number,
  seed: number,
): Float32Array {
  const rand = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const matrix = new Float32Array(inDims * outDims);
  for (let i = 0; i < matrix.length; i++) matrix[i] = gauss();
  const out = new Float32Array(embeddings.length * outDims);
  embeddings.forEach((e, r) => {
    if (!e || e.length !== inDims) return;
    let norm = 0;
    for (let o = 0; o < outDims; o++) {
      let s = 0;
      for (let d = 0; d < inDims; d++) s += (e[d] as number) * (matrix[d * outDims + o] as number);
      out[r * outDims + o] = s;
      norm += s * s;
    }
    norm = Math.sqrt(norm) || 1;
    for (let o = 0; o < outDims; o++) out[r * outDims + o] = (out[r * outDims + o] as number) / norm;
  });
  return out;
}

/**
 * From cleaned songs and films (and poster features when there are any) to everything the engine
 * serves from: scalers, the fitted shared space, unit vectors, direct links, themes and hubness.
 */
export function assemble(
  tracks: readonly Track[],
  movies: readonly Movie[],
  posters: ReadonlyMap<number, PosterFeatures>,
  settings: AssembleSettings = {},
): Assembled {
  const stage = settings.onStage ?? (() => {});
  const scalers: Scalers = {
    songTempo: fitMinMax(tracks.filter((t) => t.tempo > 0).map((t) => t.tempo)),
    songLoudness: fitMinMax(tracks.map((t) => t.loudness)),
    songPopularity: fitMinMax(tracks.map((t) => t.popularity)),
    movieLogVotes: fitMinMax(
      movies.map((m) => (m.voteCount > 0 ? Math.log1p(m.voteCount) : Math.log1p(m.popularity))),
    ),
    movieRuntime: fitMinMax(movies.map((m) => m.runtime).filter((r) => r > 0)),
  };
  const songRaw = tracks.map((t) => songRawFeatures(t, scalers));
  const movieRaw = movies.map((m, i) => {
    if (i % 5000 === 0) stage('text features', i, movies.length);
    const text = textSignals(`${m.overview} ${m.tagline}`);
    return movieRawFeatures(m, text, posters.get(m.id)?.stats ?? null, scalers);
  });
  stage('text features', movies.length, movies.length);
  const model = fitSpace(songRaw, movieRaw, settings.space ?? DEFAULT_SPACE_WEIGHTS);
  const songVectors = new Float32Array(tracks.length * DIMS);
  songRaw.forEach((r, i) => {
    embed(r, 'song', model, songVectors.subarray(i * DIMS, (i + 1) * DIMS));
  });
  const movieVectors = new Float32Array(movies.length * DIMS);
  movieRaw.forEach((r, i) => {
    embed(r, 'movie', model, movieVectors.subarray(i * DIMS, (i + 1) * DIMS));
  });

  const titles = new TitleIndex(movies);
  const compact = compactTitleIndex(movies);
  const songs: SongRecord[] = tracks.map((t) => ({
    trackId: t.trackId,
    trackName: t.trackName,
    artists: t.artists,
    albumName: t.albumName,
    genres: t.genres,
    popularity: t.popularity,
    durationMs: t.durationMs,
    explicit: t.explicit,
    tempo: t.tempo,
    valence: t.valence,
    energy: t.energy,
    danceability: t.danceability,
    acousticness: t.acousticness,
    instrumentalness: t.instrumentalness,
    themes: themeMask(themesOf(t.trackName)),
    soundtrack: soundtrackLinks(t, titles),
    echoes: echoLinks(t, titles, compact),
  }));
  const movieRecords: MovieRecord[] = movies.map((m) => ({
    id: m.id,
    title: m.title,
    originalTitle: m.originalTitle,
    year: m.year,
    overview: m.overview,
    genres: m.genres,
    popularity: m.popularity,
    voteCount: m.voteCount,
    voteAverage: m.voteAverage,
    runtime: m.runtime,
    posterPath: m.posterPath,
    imdbId: m.imdbId,
    language: m.originalLanguage,
    themes: themeMask(themesOf(m.keywords.join(' '), m.title, m.tagline)),
    unsafePoster: posters.get(m.id)?.unsafe ?? false,
  }));

  const factory = settings.indexFactory ?? ((v, d) => new ExactVectorIndex(v, d, { assumeNormalized: true }));
  const movieIndex = factory(movieVectors, DIMS);
  const songIndex = factory(songVectors, DIMS);
  const k = settings.hubnessK ?? 10;
  const movieHubness = hubness(movieVectors, songIndex, DIMS, k, (d, n) => stage('film hubness', d, n));
  const songHubness = hubness(songVectors, movieIndex, DIMS, k, (d, n) => stage('song hubness', d, n));

  const posterDims = settings.posterDims ?? 64;
  const embeddings = movies.map((m) => posters.get(m.id)?.embedding ?? null);
  const anyPoster = embeddings.some((e) => e !== null);
  const seed = 1280;
  const posterVectors = anyPoster ? projectPosters(embeddings, 1280, posterDims, seed) : null;

  const catalog: Catalog = {
    dims: DIMS,
    featureNames: FEATURE_NAMES,
    movies: MovieTable.fromRecords(movieRecords),
    movieVectors,
    movieHubness,
    movieExposurePenalty: new Float32Array(movies.length),
    posterVectors,
    posterDims,
    songs,
    songVectors,
    songHubness,
    movieIndex,
    songIndex,
    calibration: settings.calibration ?? DEFAULT_CALIBRATION,
    ranking: settings.ranking ?? DEFAULT_RANKING,
    posterBaseUrl: settings.posterBaseUrl ?? 'https://image.tmdb.org/t/p/w342',
  };
  let exposure: ExposureResult | null = null;
  if (settings.balance !== false && movies.length > 0 && tracks.length > 0) {
    exposure = balanceExposure(catalog, (s) => songQuery(catalog, [s]), {
      ...(settings.balance ?? {}),
      onProgress: (d, n) => stage('exposure balance', d, n),
    });
    catalog.movieExposurePenalty = exposure.penalty;
  }
  return { catalog, model, scalers, posterProjectionSeed: seed, exposure };
}
