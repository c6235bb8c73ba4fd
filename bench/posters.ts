/**
 * Poster embedding throughput: WASM backend in 2 worker threads vs the plain tfjs 'cpu' backend, on real
 * posters read from ../shared/data/posters (no HTTP). Run the compiled file so the workers exist:
 *   npx tsc -p tsconfig.build.json && node dist/bench/posters.js [--n=400] [--sizes=128,160,224]
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { decodePoster } from '../index/posters/decode.js';
import type { BatchEmbedder } from '../index/posters/embedder.js';
import { createInThreadEmbedder } from '../index/posters/embedder.js';
import { DEFAULT_INPUT_SIZE } from '../index/posters/options.js';
import { processPosters } from '../index/posters/process.js';
import type { TfBackendName } from '../index/posters/types.js';
import { embedWorkerUrl, WorkerPoolEmbedder } from '../index/posters/worker-pool.js';

export interface BenchPostersOptions {
  /** Posters for the WASM runs (default 400). */
  n?: number;
  /** Posters for the slow 'cpu' backend run (default 32). */
  cpuN?: number;
  /** Input sizes to time WASM x2 at; the first is also used for the cpu and end-to-end runs. */
  sizes?: number[];
  batchSize?: number;
  dataDir?: string;
}

type Figures = Record<string, number | string>;

export async function benchPosters(opts: BenchPostersOptions = {}): Promise<Figures> {
  const n = opts.n ?? 400;
  const cpuN = Math.min(opts.cpuN ?? 32, n);
  const sizes = opts.sizes ?? [DEFAULT_INPUT_SIZE];
  const size = sizes[0] ?? DEFAULT_INPUT_SIZE;
  const batchSize = opts.batchSize ?? 16;
  const dataDir = opts.dataDir ?? join(projectRoot(), '..', 'shared', 'data', 'posters');
  const files = (await readdir(dataDir))
    .filter((f) => f.endsWith('.jpg'))
    .sort()
    .slice(0, n);
  const images = await Promise.all(files.map((f) => readFile(join(dataDir, f))));
  const workersAvailable = embedWorkerUrl() !== undefined;
  const figures: Figures = {
    posters: images.length,
    input_size: size,
    batch_size: batchSize,
    cores: cpus().length,
    load_average_start: round(loadavg()[0] ?? 0),
    wasm_simd: String(await wasmSimdSupported()),
    mode: workersAvailable
      ? 'worker_threads'
      : 'in-thread (run the compiled dist/bench/posters.js for workers)',
  };

  for (const s of sizes) {
    const t0 = performance.now();
    const batches = await decodeBatches(images, s, batchSize);
    const decodeRate = images.length / seconds(t0);
    const suffix = s === size ? '' : `_at_${s}`;
    figures[`decode_posters_per_s${suffix}`] = round(decodeRate);
    const wasm2 = await embedRate('wasm', 2, s, batches);
    figures[`wasm_2workers_posters_per_s${suffix}`] = round(wasm2.perSecond);
    figures[`wasm_posters_per_cpu_s${suffix}`] = round(wasm2.perCpuSecond);
  }
  const batches = await decodeBatches(images, size, batchSize);
  figures.wasm_1worker_posters_per_s = round((await embedRate('wasm', 1, size, batches)).perSecond);
  const cpuBatches = await decodeBatches(images.slice(0, cpuN), size, Math.ceil(cpuN / 4));
  const cpu2 = await embedRate('cpu', 2, size, cpuBatches);
  figures.cpu_posters = cpuN;
  figures.cpu_2workers_posters_per_s = round(cpu2.perSecond);
  figures.cpu_posters_per_cpu_s = round(cpu2.perCpuSecond);
  figures.wasm2_vs_cpu2_ratio = round(
    (figures.wasm_2workers_posters_per_s as number) / (figures.cpu_2workers_posters_per_s as number),
  );
  figures.wasm_vs_cpu_per_cpu_s_ratio = round((figures.wasm_posters_per_cpu_s as number) / cpu2.perCpuSecond);

  // End to end: read, decode, embed, stats, with model loading included.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const jobs = files.map((f, i) => ({ movieId: i, posterPath: `/${f}` }));
  const run = await processPosters(jobs, { source: dataDir, workers: 2, inputSize: size, batchSize });
  const cpu = process.cpuUsage(cpu0);
  figures.end_to_end_posters_per_s = round(run.embedded / seconds(t0));
  figures.end_to_end_posters_per_cpu_s = round(run.embedded / ((cpu.user + cpu.system) / 1e6));
  figures.load_average_end = round(loadavg()[0] ?? 0);
  return figures;
}

interface Batch {
  pixels: Uint8Array;
  count: number;
}

async function decodeBatches(images: Buffer[], size: number, batchSize: number): Promise<Batch[]> {
  const decoded = await Promise.all(images.map((b) => decodePoster(b, size)));
  const batches: Batch[] = [];
  const frame = size * size * 3;
  for (let i = 0; i < decoded.length; i += batchSize) {
    const part = decoded.slice(i, i + batchSize);
    const pixels = new Uint8Array(part.length * frame);
    for (const [k, d] of part.entries()) pixels.set(d.pixels, k * frame);
    batches.push({ pixels, count: part.length });
  }
  return batches;
}

/**
 * Posters per second once the model is loaded and warm, and per CPU-second of this process (all threads):
 * on a shared machine the second stays honest when other jobs take cores away. Batches are copied before
 * the clock starts since the pool transfers (detaches) them.
 */
async function embedRate(
  backend: TfBackendName,
  workers: number,
  inputSize: number,
  batches: Batch[],
): Promise<{ perSecond: number; perCpuSecond: number }> {
  const embedder = await openEmbedder(backend, workers, inputSize);
  try {
    const warmUp = batches.slice(0, workers);
    await Promise.all(warmUp.map((b) => embedder.embed(b.pixels.slice(), b.count)));
    const copies = batches.map((b) => b.pixels.slice());
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await Promise.all(batches.map((b, i) => embedder.embed(copies[i] as Uint8Array, b.count)));
    const wall = seconds(t0);
    const cpu = process.cpuUsage(cpu0);
    const posters = batches.reduce((sum, b) => sum + b.count, 0);
    return { perSecond: posters / wall, perCpuSecond: posters / ((cpu.user + cpu.system) / 1e6) };
  } finally {
    await embedder.close();
  }
}

async function openEmbedder(
  backend: TfBackendName,
  workers: number,
  inputSize: number,
): Promise<BatchEmbedder> {
  const workerUrl = embedWorkerUrl();
  if (workerUrl === undefined) return createInThreadEmbedder({ backend, inputSize });
  return WorkerPoolEmbedder.start({ backend, inputSize, size: workers, workerUrl });
}

async function wasmSimdSupported(): Promise<boolean> {
  const tf = await import('@tensorflow/tfjs');
  await import('@tensorflow/tfjs-backend-wasm'); // registers the WASM_HAS_SIMD_SUPPORT flag
  return (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
}

/** The folder holding package.json, from bench/ (sources) or dist/bench/ (compiled). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

function print(f: Figures): void {
  const row = (label: string, value: number | string | undefined) =>
    console.log(`${label.padEnd(34)} ${value}`);
  console.log(`Poster embedding, MobileNetV2 at ${f.input_size}px, batch ${f.batch_size}, ${f.cores} cores`);
  row('posters', f.posters);
  row('load average start / end', `${f.load_average_start} / ${f.load_average_end}`);
  row('WASM SIMD', f.wasm_simd);
  row('mode', f.mode);
  console.log('');
  console.log(`${'backend'.padEnd(34)} ${'posters/s'.padEnd(12)} posters per CPU-second`);
  const pair = (a: unknown, b: unknown) => `${String(a).padEnd(12)} ${b ?? ''}`;
  row('wasm x2 workers', pair(f.wasm_2workers_posters_per_s, f.wasm_posters_per_cpu_s));
  row('wasm x1 worker', pair(f.wasm_1worker_posters_per_s, ''));
  row(
    `cpu x2 workers (${f.cpu_posters} posters)`,
    pair(f.cpu_2workers_posters_per_s, f.cpu_posters_per_cpu_s),
  );
  row('ratio wasm / cpu', pair(f.wasm2_vs_cpu2_ratio, f.wasm_vs_cpu_per_cpu_s_ratio));
  row('decode (sharp, main thread)', f.decode_posters_per_s);
  row('end to end (read+decode+embed)', pair(f.end_to_end_posters_per_s, f.end_to_end_posters_per_cpu_s));
  for (const [k, v] of Object.entries(f)) if (k.includes('_at_')) row(k, v);
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
  const sizes = arg('sizes')?.split(',').map(Number);
  const figures = await benchPosters({ n: arg('n') ? Number(arg('n')) : undefined, sizes });
  print(figures);
}
