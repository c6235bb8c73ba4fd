import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Catalog, LearnedWeights, SongRecord } from '../src/engine/catalog.js';
import type { MovieTable } from '../src/engine/movie-table.js';
import { AppError } from '../src/errors.js';
import { LEARNED_WEIGHTS_FILE, parseLearnedFile } from '../src/feedback/learned-file.js';
import type { Logger } from '../src/logger.js';
import { ExactVectorIndex } from '../src/space/exact-index.js';
import { FEATURE_NAMES } from '../src/space/shared-space.js';
import { INDEX_FILES, INDEX_FORMAT_VERSION, type IndexManifest } from './format.js';
import { checkManifest } from './manifest-schema.js';
import { bufferToFloat32 } from './store/float32-file.js';
import { readIndexDir } from './store/index-dir.js';
import { decodeMovies, openRecordFile } from './store/movie-store.js';
import { FilterAwareVectorIndex } from './vector/filter-aware-index.js';
import { HnswVectorIndex } from './vector/hnsw-index.js';

export interface LoadOptions {
  /** Exact scans instead of the HNSW graphs (small catalogues, tests as the reference). */
  exact?: boolean;
  /** Verify file checksums (default: sizes always, checksums for files under 64 MB). */
  verifyChecksums?: boolean;
  posterBaseUrl?: string;
  /** Where a malformed learned-weights.json is reported (default: a process warning on stderr). */
  logger?: Pick<Logger, 'warn'>;
}

/** Loads an index directory, refusing a wrong version, a truncated file or a dimension mismatch. */
export async function loadIndex(
  dir: string,
  options: LoadOptions = {},
): Promise<{ catalog: Catalog; manifest: IndexManifest }> {
  const index = await readIndexDir<IndexManifest>(dir, {
    expectedFormatVersion: INDEX_FORMAT_VERSION,
    verifyChecksums: options.verifyChecksums ?? true,
    checksumMaxBytes: options.verifyChecksums ? undefined : 64 * 1024 * 1024,
  });
  const m = checkManifest(index.manifest, index.dir);
  if (m.dims !== FEATURE_NAMES.length || m.featureNames.join('|') !== FEATURE_NAMES.join('|')) {
    throw new AppError(
      'DIMENSION_MISMATCH',
      `The index at ${index.dir} was built with ${m.dims} features, this version uses ${FEATURE_NAMES.length}. Rebuild it with \`music2movie build\`.`,
    );
  }
  // The graphs load on libuv's thread pool: start them now so they overlap the parsing below.
  const startGraph = (name: string, count: number): Promise<HnswVectorIndex | null> => {
    if (options.exact || count === 0) return Promise.resolve(null);
    const loading = HnswVectorIndex.load(index.pathOf(name), m.dims, count, { efSearch: m.hnsw.efSearch });
    // Awaited below; this only keeps it from counting as unhandled if a check in between throws first.
    loading.catch(() => {});
    return loading;
  };
  const movieGraph = startGraph(INDEX_FILES.movieGraph, m.counts.movies);
  const songGraph = startGraph(INDEX_FILES.songGraph, m.counts.songs);
  const vectors = async (name: string, rows: number, width: number) => {
    const v = bufferToFloat32(await index.readFile(name), name);
    if (v.length !== rows * width) {
      throw new AppError('INDEX_CORRUPT', `${name} holds ${v.length} floats, expected ${rows} × ${width}.`);
    }
    return v;
  };
  const parseJson = async <T>(name: string): Promise<T> => {
    try {
      return JSON.parse((await index.readFile(name)).toString('utf8')) as T;
    } catch (cause) {
      throw new AppError('INDEX_CORRUPT', `${name} in ${index.dir} is not valid JSON; rebuild the index.`, {
        cause,
      });
    }
  };
  const movieStore = m.movieStore;
  if (movieStore.count !== m.counts.movies) {
    throw new AppError(
      'INDEX_CORRUPT',
      `The manifest in ${index.dir} does not describe its films; rebuild the index.`,
    );
  }
  const columns = await index.readFile(INDEX_FILES.movieColumns);
  const titles = await index.readFile(INDEX_FILES.movieTitles);
  const recordFile = openRecordFile(index.pathOf(INDEX_FILES.movies));
  let movies: MovieTable;
  try {
    movies = decodeMovies({ records: recordFile.bytes, columns, titles, meta: movieStore });
  } catch (e) {
    // No table owns the descriptor yet; a refused index must not leak it.
    recordFile.close();
    throw e;
  }
  recordFile.attach(movies);
  const songs = await parseJson<SongRecord[]>(INDEX_FILES.songs);
  if (movies.length !== m.counts.movies || songs.length !== m.counts.songs) {
    throw new AppError(
      'INDEX_CORRUPT',
      `The index metadata lists ${movies.length} films and ${songs.length} songs, the manifest ${m.counts.movies} and ${m.counts.songs}.`,
    );
  }
  const movieVectors = await vectors(INDEX_FILES.movieVectors, movies.length, m.dims);
  const songVectors = await vectors(INDEX_FILES.songVectors, songs.length, m.dims);
  const movieHubness = await vectors(INDEX_FILES.movieHubness, movies.length, 1);
  const movieExposurePenalty = await vectors(INDEX_FILES.moviePenalty, movies.length, 1);
  const songHubness = await vectors(INDEX_FILES.songHubness, songs.length, 1);
  const posterVectors = m.hasPosterVectors
    ? await vectors(INDEX_FILES.posterVectors, movies.length, m.posterDims)
    : null;
  // Heavily filtered queries (a narrow year range) are faster as exact scans; the wrapper routes them.
  const graph = async (loading: Promise<HnswVectorIndex | null>, v: Float32Array) => {
    const exact = new ExactVectorIndex(v, m.dims, { assumeNormalized: true });
    const hnsw = await loading;
    return hnsw ? new FilterAwareVectorIndex(hnsw, exact) : exact;
  };
  const catalog: Catalog = {
    dims: m.dims,
    featureNames: m.featureNames,
    movies,
    movieVectors,
    movieHubness,
    movieExposurePenalty,
    posterVectors,
    posterDims: m.posterDims,
    songs,
    songVectors,
    songHubness,
    movieIndex: await graph(movieGraph, movieVectors),
    songIndex: await graph(songGraph, songVectors),
    calibration: m.calibration,
    ranking: m.ranking,
    posterBaseUrl: options.posterBaseUrl ?? 'https://image.tmdb.org/t/p/w342',
  };
  const learned = await readLearnedWeights(index.dir, options);
  if (learned) catalog.learned = learned;
  return { catalog, manifest: m };
}

/** The re-ranker `feedback learn` wrote into the index, if any; a malformed file is ignored with a warning. */
async function readLearnedWeights(dir: string, options: LoadOptions): Promise<LearnedWeights | undefined> {
  const path = join(dir, LEARNED_WEIGHTS_FILE);
  const warn = (why: string) => {
    const message = `Ignoring ${path}: ${why}. Run \`music2movie feedback learn\` to refit it.`;
    if (options.logger) options.logger.warn({ path }, message);
    else process.emitWarning(message);
  };
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') warn((e as Error).message);
    return undefined;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    warn('not valid JSON');
    return undefined;
  }
  const parsed = parseLearnedFile(json);
  if (!parsed.ok) {
    warn(parsed.error);
    return undefined;
  }
  return parsed.weights;
}
