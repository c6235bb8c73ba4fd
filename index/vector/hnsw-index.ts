import hnswlib from 'hnswlib-node';
import { AppError } from '../../src/errors.js';
import type { SearchHit, VectorIndex } from '../../src/ports.js';
import { assertDims, assertPacked } from '../../src/space/exact-index.js';
import { readHnswHeader } from './hnsw-header.js';

type NativeIndex = InstanceType<typeof hnswlib.HierarchicalNSW>;

/**
 * Defaults tuned with bench/vector.ts at 440k clustered 64-d vectors (figures in the report):
 * - M 16: the graph costs ~170 MB there; M 24 bought ~0.5 point of recall at a given efSearch
 *   but a ~1.6x longer build and more memory, and raising efSearch is the cheaper lever.
 * - efConstruction 200: 100 built ~20% faster but lost 1.5-2 points of recall at every efSearch.
 * - efSearch 256: recall@5 0.998 on embedding-like data (power-law spectrum) and still 0.994 on
 *   isotropic clusters, the hardest case, at p50 ≈ 0.5 ms / p99 ≈ 1-3 ms on one core.
 * Lower efSearch at query time (setEfSearch) for speed: 128 gave 0.995 on embedding-like data.
 * Selective filters make any efSearch expensive: wrap in FilterAwareVectorIndex.
 */
export const HNSW_DEFAULTS = { M: 16, efConstruction: 200, efSearch: 256, seed: 100 } as const;

export interface HnswBuildOptions {
  M?: number;
  efConstruction?: number;
  efSearch?: number;
  /** hnswlib's level-assignment seed: same seed and same input give the same graph. */
  seed?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Points added between pauses that let progress bars redraw and signals get through. */
const BUILD_CHUNK = 4096;

/**
 * Approximate cosine top-k on hnswlib. Space 'cosine' rather than 'ip': the native side then
 * normalises every stored vector and every query (a 64-float loop, negligible), so the returned
 * 1 − distance is a true cosine similarity even for a query that is not exactly unit length,
 * matching ExactVectorIndex. Labels are row numbers of the packed input.
 */
export class HnswVectorIndex implements VectorIndex {
  private ef: number;

  private constructor(
    private readonly native: NativeIndex,
    readonly dims: number,
    readonly size: number,
    efSearch: number,
  ) {
    this.ef = checkEf(efSearch);
  }

  static async build(
    vectors: Float32Array,
    dims: number,
    options: HnswBuildOptions = {},
  ): Promise<HnswVectorIndex> {
    assertPacked(vectors, dims);
    const count = vectors.length / dims;
    const native = new hnswlib.HierarchicalNSW('cosine', dims);
    native.initIndex({
      maxElements: count,
      m: options.M ?? HNSW_DEFAULTS.M,
      efConstruction: options.efConstruction ?? HNSW_DEFAULTS.efConstruction,
      randomSeed: options.seed ?? HNSW_DEFAULTS.seed,
    });
    for (let label = 0; label < count; label++) {
      // The binding only accepts plain arrays, so each row is copied once here.
      native.addPoint(Array.from(vectors.subarray(label * dims, (label + 1) * dims)), label);
      if ((label + 1) % BUILD_CHUNK === 0 || label + 1 === count) {
        options.onProgress?.(label + 1, count);
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    return new HnswVectorIndex(native, dims, count, options.efSearch ?? HNSW_DEFAULTS.efSearch);
  }

  /** Writes hnswlib's native format to `path` (use index/store for atomic, checksummed dirs). */
  async save(path: string): Promise<void> {
    await this.native.writeIndex(path);
  }

  /**
   * Loads a file written by `save`. `dims` and `count` come from the caller's manifest and are
   * checked against the file header first, so a stale or foreign file fails with a clear error.
   */
  static async load(
    path: string,
    dims: number,
    count: number,
    options: { efSearch?: number } = {},
  ): Promise<HnswVectorIndex> {
    const header = await readHnswHeader(path).catch((cause: unknown) => {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AppError('INDEX_MISSING', `No vector index at ${path}. Run \`music2movie build\` first.`, {
          cause,
        });
      }
      throw cause;
    });
    if (header === undefined) {
      throw new AppError('INDEX_CORRUPT', `The vector index ${path} is too short to be an hnsw index.`);
    }
    assertDims(dims, header.dims, `The vector index ${path}`);
    if (header.count !== count) {
      throw new AppError(
        'INDEX_CORRUPT',
        `The vector index ${path} holds ${header.count} vectors but the manifest says ${count}. ` +
          'Run `music2movie build` again.',
        { details: { expected: count, actual: header.count } },
      );
    }
    const native = new hnswlib.HierarchicalNSW('cosine', dims);
    try {
      await native.readIndex(path);
    } catch (cause) {
      throw new AppError('INDEX_CORRUPT', `The vector index ${path} could not be read: ${String(cause)}`, {
        cause,
      });
    }
    return new HnswVectorIndex(native, dims, count, options.efSearch ?? HNSW_DEFAULTS.efSearch);
  }

  get efSearch(): number {
    return this.ef;
  }

  /** Size of the candidate list at query time: higher is more accurate and slower. */
  setEfSearch(ef: number): void {
    this.ef = checkEf(ef);
  }

  search(query: Float32Array, k: number, filter?: (label: number) => boolean): SearchHit[] {
    assertDims(this.dims, query.length, 'The query vector');
    const wanted = Math.min(Math.floor(k), this.size);
    if (!(wanted > 0)) return [];

    // The candidate list must hold at least k, or hnswlib would return fewer than asked.
    const ef = Math.max(this.ef, wanted);
    if (this.native.getEf() !== ef) this.native.setEf(ef);

    const { distances, neighbors } =
      filter === undefined
        ? this.native.searchKnn(Array.from(query), wanted)
        : searchFiltered(this.native, Array.from(query), wanted, filter);
    return neighbors.map((label, i) => ({ label, similarity: toSimilarity(distances[i] as number) }));
  }
}

/**
 * A filter that throws inside the native search aborts the whole process (hnswlib-node 3.0.0
 * turns the pending exception into a fatal N-API error), so exceptions are caught here, the
 * search is told to reject everything, and the first error is rethrown afterwards.
 */
function searchFiltered(
  native: NativeIndex,
  query: number[],
  k: number,
  filter: (label: number) => boolean,
): hnswlib.SearchResult {
  let failure: { error: unknown } | undefined;
  const safeFilter = (label: number): boolean => {
    if (failure !== undefined) return false;
    try {
      return filter(label) === true;
    } catch (error) {
      failure = { error };
      return false;
    }
  };
  const result = native.searchKnn(query, k, safeFilter);
  if (failure !== undefined) throw failure.error;
  return result;
}

/** hnswlib's cosine distance is 1 − cos; rounding can push it a hair outside [0, 2]. */
function toSimilarity(distance: number): number {
  const similarity = 1 - distance;
  return Math.min(1, Math.max(-1, similarity));
}

function checkEf(ef: number): number {
  if (!Number.isInteger(ef) || ef < 1) {
    throw new AppError('BAD_INPUT', `efSearch must be a positive integer, got ${ef}.`);
  }
  return ef;
}
