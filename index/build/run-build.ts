import { join } from 'node:path';
import type { IngestReport } from '../../src/data/report.js';
import { ingestSpotify, type Track } from '../../src/data/spotify.js';
import { ingestTmdb, type Movie } from '../../src/data/tmdb.js';
import type { Calibration, RankingWeights } from '../../src/engine/catalog.js';
import { Engine } from '../../src/engine/engine.js';
import { AppError } from '../../src/errors.js';
import { fitCalibration } from '../../src/eval/calibrate.js';
import { readPairs } from '../../src/eval/evaluate.js';
import type { SpaceWeights } from '../../src/space/shared-space.js';
import { assertReplaceableIndexDir } from '../store/index-dir.js';
import { writeIndex } from '../write-index.js';
import { assemble, type PosterFeatures } from './assemble.js';
import { assertInputFile, posterSourceStamp } from './build-inputs.js';
import { hashFile, hashKey, StageCache } from './stage-cache.js';

export interface BuildOptions {
  spotify: string;
  tmdb: string;
  /** A folder of poster images or a base URL such as https://image.tmdb.org/t/p; none skips posters. */
  posters?: string;
  posterSize?: string;
  out: string;
  cacheDir?: string | null;
  strict?: boolean;
  space?: SpaceWeights;
  ranking?: RankingWeights;
  calibration?: Calibration;
  /** Refit the 0–1 score calibration on these song→film pairs (CSV with track_id, tmdb_id). */
  calibrationPairs?: string;
  onProgress?: (stage: string, done: number, total: number) => void;
  onStageDone?: (stage: string, seconds: number) => void;
}

export interface BuildSummary {
  movies: number;
  songs: number;
  dims: number;
  posters: { embedded: number; missing: number; failed: number };
  unsafePosters: number;
  seconds: number;
  stages: Record<string, number>;
  reports: { spotify: IngestReport; tmdb: IngestReport };
  out: string;
  cached: string[];
}

/** The whole offline build: ingest, posters, the shared space, the graphs, the index directory. */
export async function runBuild(o: BuildOptions): Promise<BuildSummary> {
  // Everything the user could have mistyped is checked before minutes of work.
  await assertReplaceableIndexDir(o.out);
  await assertInputFile(o.spotify, 'Spotify');
  await assertInputFile(o.tmdb, 'TMDb');
  const posterStamp = o.posters ? await posterSourceStamp(o.posters) : undefined;
  const started = performance.now();
  const stages: Record<string, number> = {};
  const cached: string[] = [];
  const cache = new StageCache(o.cacheDir === undefined ? join(o.out, '..', '.build-cache') : o.cacheDir);
  const progress = o.onProgress ?? (() => {});
  const timed = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const result = await work();
    stages[name] = (performance.now() - t) / 1000;
    o.onStageDone?.(name, stages[name] as number);
    return result;
  };

  const [spotifyHash, tmdbHash] = await timed('hash inputs', () =>
    Promise.all([hashFile(o.spotify), hashFile(o.tmdb)]),
  );
  const ingestKey = hashKey(spotifyHash, tmdbHash, o.strict ?? false, 'ingest-v3'); // v3: strict ids and numbers, cleaned text
  type Ingested = { tracks: Track[]; movies: Movie[]; spotify: IngestReport; tmdb: IngestReport };
  let ingested = await cache.get<Ingested>('ingest', ingestKey);
  if (ingested) cached.push('ingest');
  else {
    ingested = await timed('ingest', async () => {
      const s = await ingestSpotify(o.spotify, {
        strict: o.strict,
        onProgress: (d, n) => progress('spotify csv', d, n),
      });
      const t = await ingestTmdb(o.tmdb, {
        strict: o.strict,
        onProgress: (d, n) => progress('tmdb csv', d, n),
      });
      return { tracks: s.tracks, movies: t.movies, spotify: s.report, tmdb: t.report };
    });
    await cache.put('ingest', ingestKey, ingested);
  }
  if (ingested.movies.length === 0) {
    throw new AppError(
      'INDEX_EMPTY',
      `No films survived cleaning in ${o.tmdb}; nothing to index (see \`music2movie data inspect\`).`,
    );
  }
  if (ingested.tracks.length === 0) {
    throw new AppError(
      'INDEX_EMPTY',
      `No usable songs in ${o.spotify}; nothing to index (see \`music2movie data inspect\`).`,
    );
  }

  let posters = new Map<number, PosterFeatures>();
  let posterCounts = { embedded: 0, missing: ingested.movies.length, failed: 0, unsafe: 0 };
  if (o.posters) {
    const posterKey = hashKey(ingestKey, posterStamp, o.posterSize ?? 'w185', 'posters-v2');
    type PosterCache = { entries: Array<[number, PosterFeatures]>; counts: typeof posterCounts };
    let stage = await cache.get<PosterCache>('posters', posterKey);
    if (stage && stage.counts.failed === 0) cached.push('posters');
    else {
      stage = await timed('posters', async () => {
        // Loaded on demand: tfjs and sharp stay out of builds without posters.
        const { runPosterStage } = await import('./poster-stage.js');
        const r = await runPosterStage(ingested.movies, {
          source: o.posters as string,
          size: o.posterSize ?? 'w185',
          workDir: join(o.out, '..', '.poster-cache'),
          onProgress: (d, n, s) => progress(s, d, n),
        });
        return { entries: [...r.features], counts: r.counts };
      });
      await cache.put('posters', posterKey, stage);
    }
    posters = new Map(stage.entries);
    posterCounts = stage.counts;
  }

  const assembled = await timed('shared space', async () =>
    assemble(ingested.tracks, ingested.movies, posters, {
      space: o.space,
      ranking: o.ranking,
      calibration: o.calibration,
      onStage: progress,
    }),
  );
  if (o.calibrationPairs) {
    const pairsFile = o.calibrationPairs;
    // A refit that cannot be trusted (too few pairs found, or a non-positive slope) stops the build
    // before anything is written: the caller asked for this calibration, so quietly keeping the
    // default would be a surprise. Building without --calibrate-with keeps the default on purpose.
    assembled.catalog.calibration = await timed('calibration', async () => {
      const pairs = await readPairs(pairsFile);
      try {
        return fitCalibration(new Engine(assembled.catalog), pairs);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        throw new AppError(
          e.code,
          `${e.message} (pairs: ${pairsFile}; build without --calibrate-with to keep the default calibration)`,
          { cause: e, details: { ...e.details, pairsFile } },
        );
      }
    });
  }
  await timed('index', () =>
    writeIndex(o.out, {
      assembled,
      dataHashes: { spotify: spotifyHash, tmdb: tmdbHash },
      posters: posterCounts,
      settings: { posters: o.posters ?? null, posterSize: o.posterSize ?? 'w185', strict: o.strict ?? false },
      onProgress: progress,
    }),
  );
  return {
    movies: ingested.movies.length,
    songs: ingested.tracks.length,
    dims: assembled.catalog.dims,
    posters: { embedded: posterCounts.embedded, missing: posterCounts.missing, failed: posterCounts.failed },
    unsafePosters: posterCounts.unsafe,
    seconds: (performance.now() - started) / 1000,
    stages,
    reports: { spotify: ingested.spotify, tmdb: ingested.tmdb },
    out: o.out,
    cached,
  };
}
