/**
 * Engine benchmark: recommend latency (p50/p99) and recommendations per second on one core, on the
 * real shared index and on an index scaled up from it to the full datasets' sizes (440k films, 114k
 * songs), HNSW against an exact scan; load time and memory of that index in a fresh process; plus
 * autocomplete latency and a 1,000-query batch.
 * Standalone: `npm run build && node dist/bench/engine.js [films]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assemble } from '../index/build/assemble.js';
import { loadIndex } from '../index/load-index.js';
import { HnswVectorIndex } from '../index/vector/hnsw-index.js';
import { writeIndex } from '../index/write-index.js';
import { ingestSpotify } from '../src/data/spotify.js';
import { ingestTmdb } from '../src/data/tmdb.js';
import type { Catalog, MovieRecord, SongRecord } from '../src/engine/catalog.js';
import { Engine } from '../src/engine/engine.js';
import { MovieTable } from '../src/engine/movie-table.js';
import { mulberry32 } from '../src/eval/metrics.js';
import { ExactVectorIndex } from '../src/space/exact-index.js';
import { DEFAULT_SPACE_WEIGHTS } from '../src/space/shared-space.js';

type Figures = Record<string, number | string>;
/** The real samples beside the checkout; benches run from the project root (npm run bench). */
const SHARED = resolve(process.env.SHARED_DATA ?? '../shared/data');

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

/** `n` rows cycling through `base` rows of `source`; rows past the originals get jittered and renormalised. */
function jitteredRows(
  source: Float32Array,
  base: number,
  dims: number,
  n: number,
  rand: () => number,
): Float32Array {
  const out = new Float32Array(n * dims);
  for (let i = 0; i < n; i++) {
    const src = i % base;
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const v = (source[src * dims + d] as number) + (i < base ? 0 : (rand() - 0.5) * 0.15);
      out[i * dims + d] = v;
      norm += v * v;
    }
    norm = Math.sqrt(norm);
    for (let d = 0; d < dims; d++) out[i * dims + d] = (out[i * dims + d] as number) / norm;
  }
  return out;
}

/**
 * Repeats the real films and songs with jittered vectors and new ids until there are `films` and
 * `songs` of them: the full datasets' sizes (~440k cleaned films, 114k tracks) by default.
 */
function scaleUp(c: Catalog, films: number, songs: number, seed = 3): Catalog {
  const rand = mulberry32(seed);
  const filmBase = c.movies.length;
  const songBase = c.songs.length;
  const movies: MovieRecord[] = Array.from({ length: films }, (_, i) => ({
    ...(c.movies.at(i % filmBase) as MovieRecord),
    id: 10_000_000 + i,
  }));
  const songRecords: SongRecord[] = Array.from({ length: songs }, (_, i) => {
    const s = c.songs[i % songBase] as SongRecord;
    return i < songBase ? s : { ...s, trackId: `${s.trackId}~${i}`, soundtrack: [], echoes: [] };
  });
  return {
    ...c,
    movies: MovieTable.fromRecords(movies),
    movieVectors: jitteredRows(c.movieVectors, filmBase, c.dims, films, rand),
    movieHubness: Float32Array.from({ length: films }, (_, i) => c.movieHubness[i % filmBase] as number),
    movieExposurePenalty: new Float32Array(films),
    posterVectors: null,
    songs: songRecords,
    songVectors: jitteredRows(c.songVectors, songBase, c.dims, songs, rand),
    songHubness: Float32Array.from({ length: songs }, (_, i) => c.songHubness[i % songBase] as number),
  };
}

export async function benchEngine(
  opts: { films?: number; songs?: number; queries?: number } = {},
): Promise<Figures> {
  const films = opts.films ?? 440_000;
  const songCount = opts.songs ?? 114_000;
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

  const big = scaleUp(real, films, songCount);
  const dir = await mkdtemp(join(tmpdir(), 'm2m-bench-'));
  try {
    const b1 = performance.now();
    await writeIndex(join(dir, 'index'), {
      assembled: {
        catalog: big,
        model: { weights: DEFAULT_SPACE_WEIGHTS, song: { mean: [], std: [] }, movie: { mean: [], std: [] } },
        scalers: undefined as never,
        posterProjectionSeed: 0,
        exposure: null,
      },
      dataHashes: {},
      posters: { embedded: 0, missing: films, failed: 0, unsafe: 0 },
      settings: { bench: true },
    });
    f[`scaled (${films} films) index build+write s`] = (performance.now() - b1) / 1000;
    // Load and query in a fresh process, so its memory is the loaded index's alone.
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--load', join(dir, 'index'), String(queries)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 24,
      },
    );
    if (child.status !== 0) throw new Error(`load benchmark failed: ${child.stderr}`);
    Object.assign(f, JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as Figures);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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

/** The child half: load the written index, report load time and memory, then time queries against an exact scan. */
async function loadAndQuery(dir: string, queries: number): Promise<Figures> {
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  // The options `serve` uses: sizes of every file, sha256 of those under 64 MB.
  const { catalog } = await loadIndex(dir);
  const loadS = (performance.now() - t0) / 1000;
  const rss = process.memoryUsage().rss;
  const n = catalog.movies.length;
  const rand = mulberry32(9);
  const songs = Array.from({ length: queries }, () => Math.floor(rand() * catalog.songs.length));
  const t1 = performance.now();
  const graph = new Engine(catalog);
  const engineS = (performance.now() - t1) / 1000;
  const exact = new Engine({
    ...catalog,
    movieIndex: new ExactVectorIndex(catalog.movieVectors, catalog.dims, { assumeNormalized: true }),
  });
  // Film records are parsed when first shown: the first queries after load pay for theirs.
  const cold = timeQueries(graph, songs.slice(0, 100));
  const bg = timeQueries(graph, songs);
  // The title lookup (songs-for a film) is built on first use.
  const t3 = performance.now();
  graph.findMovie('The Matrix');
  const firstTitleS = (performance.now() - t3) / 1000;
  const t2 = performance.now();
  graph.findMovie('Inception');
  const nextTitleMs = performance.now() - t2;
  const be = timeQueries(exact, songs.slice(0, 100));
  return {
    [`scaled (${n} films) songs in the index`]: catalog.songs.length,
    [`scaled (${n} films) index load s`]: loadS,
    [`scaled (${n} films) engine ready (song lookup built) s`]: loadS + engineS,
    [`scaled (${n} films) loaded RSS MB`]: rss / 2 ** 20,
    [`scaled (${n} films) RSS after queries MB`]: process.memoryUsage().rss / 2 ** 20,
    [`scaled (${n} films) RSS added by load MB`]: (rss - rssBefore) / 2 ** 20,
    [`scaled (${n} films) first 100 queries p99 ms`]: cold.p99,
    [`scaled (${n} films) first title lookup s`]: firstTitleS,
    [`scaled (${n} films) next title lookup ms`]: nextTitleMs,
    [`scaled (${n} films) hnsw p50 ms`]: bg.p50,
    [`scaled (${n} films) hnsw p99 ms`]: bg.p99,
    [`scaled (${n} films) hnsw recs/s`]: bg.perSecond,
    [`scaled (${n} films) exact p50 ms`]: be.p50,
    [`scaled (${n} films) exact p99 ms`]: be.p99,
    'speed-up hnsw vs exact (p50)': be.p50 / bg.p50,
    'target: load < 2 s': loadS < 2 ? 'met' : 'missed',
    'target: loaded index < 1 GB': rss < 2 ** 30 ? 'met' : 'missed',
    'target: p99 <= 10 ms': bg.p99 <= 10 ? 'met' : 'missed',
    'target: >= 10x faster than exact': be.p50 / bg.p50 >= 10 ? 'met' : 'missed',
  };
}

if (process.argv[2] === '--load') {
  console.log(JSON.stringify(await loadAndQuery(process.argv[3] as string, Number(process.argv[4] ?? 1000))));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const films = Number(process.argv[2] ?? 440_000);
  console.log('engine benchmark');
  console.log(formatFigures(await benchEngine({ films })));
}
