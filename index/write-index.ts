import type { Catalog } from '../src/engine/catalog.js';
import type { Assembled } from './build/assemble.js';
import { INDEX_FILES, INDEX_FORMAT_VERSION, type IndexManifest } from './format.js';
import { float32ToBuffer } from './store/float32-file.js';
import { type StoredManifest, writeIndexDir } from './store/index-dir.js';
import { encodeMovies } from './store/movie-store.js';
import { HNSW_DEFAULTS, HnswVectorIndex } from './vector/hnsw-index.js';

export interface WriteIndexInput {
  assembled: Assembled;
  dataHashes: Record<string, string>;
  posters: IndexManifest['posters'];
  settings: Record<string, unknown>;
  onProgress?: (stage: string, done: number, total: number) => void;
}

function json(value: unknown): Uint8Array {
  return Buffer.from(JSON.stringify(value));
}

/** Builds the two HNSW graphs and writes the whole index directory atomically. */
export async function writeIndex(
  dir: string,
  input: WriteIndexInput,
): Promise<StoredManifest<IndexManifest>> {
  const c: Catalog = input.assembled.catalog;
  const progress = input.onProgress ?? (() => {});
  const movieGraph = await HnswVectorIndex.build(c.movieVectors, c.dims, {
    onProgress: (d, n) => progress('film graph', d, n),
  });
  const songGraph = await HnswVectorIndex.build(c.songVectors, c.dims, {
    onProgress: (d, n) => progress('song graph', d, n),
  });
  const movies = encodeMovies(c.movies);
  const files: Record<string, Uint8Array | ((path: string) => Promise<void>)> = {
    [INDEX_FILES.movies]: movies.records,
    [INDEX_FILES.movieColumns]: movies.columns,
    [INDEX_FILES.movieTitles]: movies.titles,
    [INDEX_FILES.songs]: json(c.songs),
    [INDEX_FILES.movieVectors]: float32ToBuffer(c.movieVectors),
    [INDEX_FILES.songVectors]: float32ToBuffer(c.songVectors),
    [INDEX_FILES.movieHubness]: float32ToBuffer(c.movieHubness),
    [INDEX_FILES.moviePenalty]: float32ToBuffer(c.movieExposurePenalty),
    [INDEX_FILES.songHubness]: float32ToBuffer(c.songHubness),
    [INDEX_FILES.movieGraph]: (path) => movieGraph.save(path),
    [INDEX_FILES.songGraph]: (path) => songGraph.save(path),
  };
  if (c.posterVectors) files[INDEX_FILES.posterVectors] = float32ToBuffer(c.posterVectors);
  const manifest: IndexManifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    dims: c.dims,
    featureNames: [...c.featureNames],
    counts: { movies: c.movies.length, songs: c.songs.length },
    movieStore: movies.meta,
    posterDims: c.posterDims,
    hasPosterVectors: c.posterVectors !== null,
    scalers: input.assembled.scalers,
    space: input.assembled.model,
    ranking: c.ranking,
    calibration: c.calibration,
    hnsw: {
      M: HNSW_DEFAULTS.M,
      efConstruction: HNSW_DEFAULTS.efConstruction,
      efSearch: HNSW_DEFAULTS.efSearch,
    },
    settings: input.settings,
    dataHashes: input.dataHashes,
    posters: input.posters,
  };
  return writeIndexDir(dir, { manifest, files });
}
