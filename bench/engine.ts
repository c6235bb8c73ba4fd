/**
 * Engine benchmark: recommend latency (p50/p99) and recommendations per second on one core, on the
 * real shared index and on a 440k-film index scaled up from it, HNSW against an exact scan; plus
 * autocomplete latency and a 1,000-query batch.
 * Standalone: `npm run build && node dist/bench/engine.js [films]`.
 */
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assemble } from '../index/build/assemble.js';
import { HnswVectorIndex } from '../index/vector/hnsw-index.js';
import { ingestSpotify } from '../src/data/spotify.js';
import { ingestTmdb } from '../src/data/tmdb.js';
import type { Catalog, MovieRecord } from '../src/engine/catalog.js';
import { Engine } from '../src/engine/engine.js';
import { mulberry32 } from '../src/eval/metrics.js';
import { ExactVectorIndex } from '../src/space/exact-index.js';

type Figures = Record<string, number | string>;
const SHARED = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared', 'data');

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function timeQueries(engine: Engine, songs: number[]): { p50: number; p99: number; perSecond: number } {
  const times: number[] = [];
  const start = performance.now();
  for (const s of songs) {
    const t = performance.now();
    engine.recommendForSongs([s], { k: 5 });
    times.push(performance.now() - t);
  }
  const total = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p99: percentile(times, 0.99), perSecond: songs.length / total };
}

/** Repeats the real films with jittered vectors and new ids until there are `n`. */
function scaleUp(c: Catalog, n: number, seed = 3): Catalog {
  const rand = mulberry32(seed);
  const base = c.movies.length;
  const dims = c.dims;
  const vectors = new Float32Array(n * dims);
  const movies: MovieRecord[] = new Array(n);
  const hub = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const src = i % base;
    movies[i] = { ...(c.movies[src] as MovieRecord), id: 10_000_000 + i };
    hub[i] = c.movieHubness[src] as number;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = (c.movieVectors[src * dims + d] as number) + (i < base ? 0 : (rand() - 0.5) * 0.15);
      vectors[i * dims + d] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dims; d++) vectors[i * dims + d] = (vectors[i * dims + d] as number) / norm;
  }
  return {
    ...c,
    movies,
    movieVectors: vectors,
    movieHubness: hub,
    movieExposurePenalty: new Float32Array(n),
    posterVectors: null,
  };
}

export async function benchEngine(opts: { films?: number; queries?: number } = {}): Promise<Figures> {
  const films = opts.films ?? 440_000;
  const queries = opts.queries ?? 1000;
  const s = await ingestSpotify(join(SHARED, 'spotify_tracks_hf_sample10k.csv.gz'));
  const t = await ingestTmdb(join(SHARED, 'tmdb_v11_top3000.csv.gz'));
  const real = assemble(s.tracks, t.movies, new Map()).catalog;
  const rand = mulberry32(9);
  const songs = Array.from({ length: queries }, () => Math.floor(rand() * real.songs.length));
  const f: Figures = {};

  const realGraph = new Engine({
    ...real,
    movieIndex: await HnswVectorIndex.build(real.movieVectors, real.dims),
  });
  const realExact = new Engine({
    ...real,
    movieIndex: new ExactVectorIndex(real.movieVectors, real.dims, { assumeNormalized: true }),
  });
  timeQueries(realGraph, songs.slice(0, 100));
  const rg = timeQueries(realGraph, songs);
  const re = timeQueries(realExact, songs);
  Object.assign(f, {
    'real (3k films) hnsw p50 ms': rg.p50,
    'real (3k films) hnsw p99 ms': rg.p99,
    'real (3k films) hnsw recs/s': rg.perSecond,
    'real (3k films) exact p99 ms': re.p99,
  });

  const auto: number[] = [];
  for (const q of ['d', 'da', 'days i', 'love', 'the', 'remember days', 'xqzv', 'beatles', 'a', 'rock']) {
    for (let i = 0; i < 20; i++) {
      const t0 = performance.now();
      realGraph.autocomplete(q);
      auto.push(performance.now() - t0);
    }
  }
  auto.sort((a, b) => a - b);
  f['autocomplete p50 ms'] = percentile(auto, 0.5);
  f['autocomplete p99 ms'] = percentile(auto, 0.99);

  const batch = Array.from(
    { length: 1000 },
    (_, i) => real.songs[songs[i % songs.length] as number]?.trackName ?? '',
  );
  const b0 = performance.now();
  for (const title of batch) realGraph.recommend({ song: title }, { k: 5 });
  f['batch of 1,000 titles s'] = (performance.now() - b0) / 1000;

  const big = scaleUp(real, films);
  const b1 = performance.now();
  const graph = await HnswVectorIndex.build(big.movieVectors, big.dims);
  f[`scaled (${films} films) hnsw build s`] = (performance.now() - b1) / 1000;
  const bigGraph = new Engine({ ...big, movieIndex: graph });
  const bigExact = new Engine({
    ...big,
    movieIndex: new ExactVectorIndex(big.movieVectors, big.dims, { assumeNormalized: true }),
  });
  timeQueries(bigGraph, songs.slice(0, 100));
  const bg = timeQueries(bigGraph, songs);
  const be = timeQueries(bigExact, songs.slice(0, 100));
  Object.assign(f, {
    [`scaled (${films} films) hnsw p50 ms`]: bg.p50,
    [`scaled (${films} films) hnsw p99 ms`]: bg.p99,
    [`scaled (${films} films) hnsw recs/s`]: bg.perSecond,
    [`scaled (${films} films) exact p50 ms`]: be.p50,
    [`scaled (${films} films) exact p99 ms`]: be.p99,
    'speed-up hnsw vs exact (p50)': be.p50 / bg.p50,
    'target p99 <= 10 ms at 440k': bg.p99 <= 10 ? 'met' : 'missed',
    'target >= 10x exact': be.p50 / bg.p50 >= 10 ? 'met' : 'missed',
  });
  return f;
}

export function formatFigures(figures: Figures): string {
  return Object.entries(figures)
    .map(
      ([k, v]) =>
        `  ${k.padEnd(44)} ${typeof v === 'number' ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(3)) : v}`,
    )
    .join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const films = Number(process.argv[2] ?? 440_000);
  console.log('engine benchmark');
  console.log(formatFigures(await benchEngine({ films })));
}
