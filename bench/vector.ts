/**
 * Vector search benchmark: hnswlib vs the exact scan at catalogue scale, on seeded clustered
 * synthetic data. Standalone: `npm run build && node dist/bench/vector.js [n] [dims] [spectrumDecay]`
 * (add --expose-gc before the script for steadier memory figures).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readIndexDir, writeIndexDir } from '../index/store/index-dir.js';
import { HNSW_DEFAULTS, HnswVectorIndex } from '../index/vector/hnsw-index.js';
import { clusteredUnitVectors } from '../index/vector/synthetic-vectors.js';
import type { VectorIndex } from '../src/ports.js';
import { ExactVectorIndex } from '../src/space/exact-index.js';

export interface BenchVectorOptions {
  n?: number;
  dims?: number;
  queries?: number;
  M?: number;
  efConstruction?: number;
  efSearch?: number;
  /** Within-cluster spectrum: 1 (default) is embedding-like, 0 isotropic and hardest. */
  spectrumDecay?: number;
}

type Figures = Record<string, number | string>;

const FORMAT_VERSION = 1;
const GRAPH_FILE = 'vectors.hnsw';
const MB = 1024 * 1024;
const K = 5;

export async function benchVector(opts: BenchVectorOptions = {}): Promise<Figures> {
  const n = opts.n ?? 440_000;
  const dims = opts.dims ?? 64;
  const queryCount = opts.queries ?? 500;
  const efSearch = opts.efSearch ?? HNSW_DEFAULTS.efSearch;
  const spectrumDecay = opts.spectrumDecay ?? 1;
  // Wall-clock figures on a shared machine depend on its load; CPU-time figures much less.
  const figures: Figures = {
    n,
    dims,
    spectrumDecay,
    queries: queryCount,
    k: K,
    loadAvg1m: round(loadavg()[0] ?? 0, 2),
  };

  let started = performance.now();
  const vectors = clusteredUnitVectors(n, dims, 42, { spectrumDecay });
  // Held-out queries from the same clusters: realistic, and not trivially in the index.
  const queries = clusteredUnitVectors(queryCount, dims, 42, { spectrumDecay, pointSeed: 4242 });
  figures.dataGenS = seconds(started);

  collectGarbage();
  const before = process.memoryUsage();
  started = performance.now();
  const buildCpu = process.cpuUsage();
  const hnsw = await HnswVectorIndex.build(vectors, dims, {
    M: opts.M,
    efConstruction: opts.efConstruction,
    efSearch,
  });
  figures.buildS = seconds(started);
  figures.buildCpuS = cpuSeconds(buildCpu);
  collectGarbage();
  const after = process.memoryUsage();
  figures.buildRssDeltaMB = round((after.rss - before.rss) / MB);
  figures.heapUsedMB = round(after.heapUsed / MB);
  figures.M = opts.M ?? HNSW_DEFAULTS.M;
  figures.efConstruction = opts.efConstruction ?? HNSW_DEFAULTS.efConstruction;
  figures.efSearch = efSearch;

  const exact = new ExactVectorIndex(vectors, dims, { assumeNormalized: true });
  const exactRun = timeQueries(exact, queries, dims);
  const hnswRun = timeQueries(hnsw, queries, dims);
  Object.assign(figures, {
    exactP50Ms: exactRun.p50,
    exactP99Ms: exactRun.p99,
    exactMeanCpuMs: exactRun.meanCpuMs,
    hnswP50Ms: hnswRun.p50,
    hnswP99Ms: hnswRun.p99,
    hnswMeanCpuMs: hnswRun.meanCpuMs,
    speedupP50: round(exactRun.p50 / hnswRun.p50, 1),
    speedupP99: round(exactRun.p99 / hnswRun.p99, 1),
    speedupCpu: round(exactRun.meanCpuMs / hnswRun.meanCpuMs, 1),
    recallAt5: recall(exactRun.labels, hnswRun.labels),
  });
  for (const ef of [32, 64, 128, 256, 512].filter((ef) => ef !== efSearch)) {
    hnsw.setEfSearch(ef);
    const run = timeQueries(hnsw, queries, dims);
    figures[`recallAt5@ef${ef}`] = recall(exactRun.labels, run.labels);
    figures[`hnswP99Ms@ef${ef}`] = run.p99;
  }
  hnsw.setEfSearch(efSearch);

  const dir = await mkdtemp(join(tmpdir(), 'bench-vector-'));
  try {
    const indexDir = join(dir, 'index');
    started = performance.now();
    const manifest = await writeIndexDir(indexDir, {
      manifest: { formatVersion: FORMAT_VERSION, dims, count: n },
      files: { [GRAPH_FILE]: (path) => hnsw.save(path) },
    });
    figures.saveS = seconds(started);
    figures.fileMB = round((manifest.files[GRAPH_FILE]?.bytes ?? 0) / MB);
    Object.assign(figures, await measureLoadInChild(indexDir, dims, n, queries.subarray(0, dims)));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

interface QueryRun {
  p50: number;
  p99: number;
  meanCpuMs: number;
  labels: number[][];
}

function timeQueries(index: VectorIndex, queries: Float32Array, dims: number): QueryRun {
  // Warm up first so JIT compilation does not land in the measured tail.
  for (let q = 0; q < Math.min(20, queries.length / dims); q++) {
    index.search(queries.subarray(q * dims, (q + 1) * dims), K);
  }
  const times: number[] = [];
  const labels: number[][] = [];
  const cpu = process.cpuUsage();
  for (let q = 0; q < queries.length / dims; q++) {
    const query = queries.subarray(q * dims, (q + 1) * dims);
    const started = performance.now();
    const hits = index.search(query, K);
    times.push(performance.now() - started);
    labels.push(hits.map((h) => h.label));
  }
  const meanCpuMs = round((cpuSeconds(cpu) * 1000) / times.length, 3);
  times.sort((a, b) => a - b);
  return { p50: round(percentile(times, 0.5), 3), p99: round(percentile(times, 0.99), 3), meanCpuMs, labels };
}

function recall(truth: number[][], found: number[][]): number {
  let hits = 0;
  let total = 0;
  truth.forEach((expected, i) => {
    const got = new Set(found[i]);
    hits += expected.filter((label) => got.has(label)).length;
    total += expected.length;
  });
  return round(hits / total, 4);
}

/** A fresh process, so the RSS is the loaded index's alone and not the builder's. */
async function measureLoadInChild(dir: string, dims: number, count: number, probe: Float32Array) {
  const child = fork(fileURLToPath(import.meta.url), ['--measure-load', dir, String(dims), String(count)], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = await new Promise<Figures>((resolve, reject) => {
    child.once('message', (message) => resolve(message as Figures));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`load measurement exited with ${code}`)));
    child.send(Array.from(probe));
  });
  child.kill();
  return result;
}

async function measureLoad(dir: string, dims: number, count: number, probe: number[]): Promise<Figures> {
  const rssBefore = process.memoryUsage().rss;
  let started = performance.now();
  await readIndexDir(dir, { expectedFormatVersion: FORMAT_VERSION });
  const verifyS = seconds(started);
  started = performance.now();
  const fast = await readIndexDir(dir, { expectedFormatVersion: FORMAT_VERSION, verifyChecksums: false });
  const index = await HnswVectorIndex.load(fast.pathOf(GRAPH_FILE), dims, count);
  index.search(Float32Array.from(probe), K);
  const loadS = seconds(started);
  const rssAfter = process.memoryUsage().rss;
  return {
    loadS,
    loadWithSha256S: round(loadS + verifyS, 3),
    sha256VerifyS: verifyS,
    loadedRssMB: round(rssAfter / MB),
    loadedIndexRssDeltaMB: round((rssAfter - rssBefore) / MB),
    loadedCount: index.size,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

function seconds(started: number): number {
  return round((performance.now() - started) / 1000, 3);
}

/** CPU seconds (user + system) this process spent since `since`. */
function cpuSeconds(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return round((user + system) / 1e6, 3);
}

function round(x: number, places = 1): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Target per figure, and the figure's headroom against it (> 1 means the target is met). */
const TARGETS: Record<string, { label: string; headroom: (value: number) => number }> = {
  recallAt5: { label: '≥ 0.99', headroom: (v) => v / 0.99 },
  hnswP99Ms: { label: '≤ 10 ms', headroom: (v) => 10 / v },
  speedupP50: { label: '≥ 10x', headroom: (v) => v / 10 },
  loadS: { label: '< 2 s', headroom: (v) => 2 / v },
  loadedIndexRssDeltaMB: { label: '< 1024 MB', headroom: (v) => 1024 / v },
};

/** One line per figure: value, then target and headroom ratio where there is a target. */
export function formatFigures(figures: Figures): string {
  const width = Math.max(...Object.keys(figures).map((key) => key.length));
  return Object.entries(figures)
    .map(([key, value]) => {
      const target = TARGETS[key];
      const line = `${key.padEnd(width)}  ${String(value).padStart(10)}`;
      if (target === undefined) return line;
      const headroom = target.headroom(Number(value));
      const verdict = headroom >= 1 ? 'ok' : 'MISSED';
      return `${line}   target ${target.label.padEnd(10)} ${`${round(headroom, 2)}x`.padStart(8)} ${verdict}`;
    })
    .join('\n');
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--measure-load') {
    const [, dir, dims, count] = argv;
    process.once('message', async (probe) => {
      process.send?.(await measureLoad(String(dir), Number(dims), Number(count), probe as number[]));
    });
    return;
  }
  const [n, dims, spectrumDecay] = argv.map(Number);
  const figures = await benchVector({
    n: n || undefined,
    dims: dims || undefined,
    spectrumDecay: Number.isFinite(spectrumDecay) ? spectrumDecay : undefined,
  });
  console.log(formatFigures(figures));
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
