import { join } from 'node:path';
import type { Movie } from '../../src/data/tmdb.js';
import { processPosters } from '../posters/index.js';
import type { PosterFeatures } from './assemble.js';

export interface PosterStageOptions {
  source: string;
  size: string;
  workDir: string;
  onProgress?: (done: number, total: number, stage: string) => void;
}

/** Runs the poster pipeline over the catalogue and keeps what the shared space needs. */
export async function runPosterStage(
  movies: readonly Movie[],
  o: PosterStageOptions,
): Promise<{
  features: Map<number, PosterFeatures>;
  counts: { embedded: number; missing: number; failed: number; unsafe: number };
}> {
  const result = await processPosters(
    movies.map((m) => ({ movieId: m.id, posterPath: m.posterPath, imdbId: m.imdbId || undefined })),
    {
      source: o.source,
      size: o.size,
      cacheDir: join(o.workDir, 'images'),
      failureLog: join(o.workDir, 'posters-failed.csv'),
      onProgress: (done: number, total: number, stage: string) =>
        o.onProgress?.(done, total, `posters: ${stage}`),
    },
  );
  const features = new Map<number, PosterFeatures>();
  for (const r of result.results) {
    if (r.status !== 'embedded' && !r.stats) continue;
    features.set(r.movieId, { stats: r.stats, embedding: r.embedding, unsafe: r.unsafe });
  }
  return {
    features,
    counts: {
      embedded: result.embedded,
      missing: result.missing,
      failed: result.failed,
      unsafe: result.unsafe,
    },
  };
}
