import { AppError } from '../../src/errors.js';
import { type Clock, systemClock } from '../../src/ports.js';
import type { PosterLogger, PosterOptions } from './types.js';

/**
 * Model input side. MobileNetV2 is convolutional up to its pooling layer; nsfwjs's model.json declares a
 * 224x224 input and pools with a fixed 7x7 AveragePooling2D, which withInputSize() resizes to the whole
 * feature map, so any multiple of 32 works. One core, WASM SIMD, batch 16, fused graph (posters/s, the
 * low end measured while other jobs shared the 2 cores): 224: 25-31, 160: 50-74, 128: 75-113.
 * Against 224 on 120 real posters, 160 keeps 89% of the classifier's top classes and 96% crop-and-rescale
 * retrieval, while 128 keeps only 68% and drifts towards "drawing" (mean 0.36 vs 0.06), which blunts
 * the unsafe flag. 160 is the smallest size that stays faithful, and two workers give ~100-140/s.
 * The original project's 32x32 leaves a 1x1 map after the first stride-32 stage: too little to see.
 */
export const DEFAULT_INPUT_SIZE = 160;

/**
 * porn + hentai + sexy / 2 at or above this marks a poster unsafe. Measured on the 1,180 shared posters at
 * input 160: 0.5 flags 10 (mostly dark or skin-toned dramas and one cartoon), 0.7 flags 4, including the
 * two with actual nudity. Posters are mainstream; false alarms cost more than the rare explicit one.
 */
export const DEFAULT_UNSAFE_THRESHOLD = 0.7;

const silentLogger: PosterLogger = { debug() {}, info() {}, warn() {} };

export interface ResolvedPosterOptions {
  source: string;
  size: string;
  cacheDir: string | undefined;
  failureLog: string | undefined;
  retryFailedOnly: boolean;
  concurrency: number;
  retries: number;
  retryBaseMs: number;
  timeoutMs: number;
  workers: number;
  batchSize: number;
  inputSize: number;
  backend: 'wasm' | 'cpu';
  unsafeThreshold: number;
  onProgress: NonNullable<PosterOptions['onProgress']>;
  fetch: typeof globalThis.fetch;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  clock: Clock;
  logger: PosterLogger;
  embedder: PosterOptions['embedder'];
}

export function resolvePosterOptions(opts: PosterOptions): ResolvedPosterOptions {
  const resolved: ResolvedPosterOptions = {
    source: opts.source,
    size: opts.size ?? 'w185',
    cacheDir: opts.cacheDir,
    failureLog: opts.failureLog,
    retryFailedOnly: opts.retryFailedOnly ?? false,
    concurrency: opts.concurrency ?? 8,
    retries: opts.retries ?? 3,
    retryBaseMs: opts.retryBaseMs ?? 500,
    timeoutMs: opts.timeoutMs ?? 10_000,
    workers: opts.workers ?? 2,
    batchSize: opts.batchSize ?? 16,
    inputSize: opts.inputSize ?? DEFAULT_INPUT_SIZE,
    backend: opts.backend ?? 'wasm',
    unsafeThreshold: opts.unsafeThreshold ?? DEFAULT_UNSAFE_THRESHOLD,
    onProgress: opts.onProgress ?? (() => {}),
    fetch: opts.fetch ?? globalThis.fetch,
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: opts.random ?? Math.random,
    clock: opts.clock ?? systemClock,
    logger: opts.logger ?? silentLogger,
    embedder: opts.embedder,
  };
  checkOptions(resolved);
  return resolved;
}

function checkOptions(o: ResolvedPosterOptions): void {
  const problems: string[] = [];
  if (o.source.trim() === '') problems.push('source must be a directory or a base URL');
  if (!/^[A-Za-z0-9_]+$/.test(o.size)) problems.push(`size must look like 'w185', got '${o.size}'`);
  for (const [name, value, min] of [
    ['concurrency', o.concurrency, 1],
    ['retries', o.retries, 0],
    ['retryBaseMs', o.retryBaseMs, 0],
    ['timeoutMs', o.timeoutMs, 1],
    ['workers', o.workers, 1],
    ['batchSize', o.batchSize, 1],
  ] as const) {
    if (!Number.isInteger(value) || value < min)
      problems.push(`${name} must be an integer >= ${min}, got ${value}`);
  }
  if (!Number.isInteger(o.inputSize) || o.inputSize % 32 !== 0 || o.inputSize < 32 || o.inputSize > 224) {
    problems.push(`inputSize must be a multiple of 32 from 32 to 224, got ${o.inputSize}`);
  }
  if (!(o.unsafeThreshold > 0 && o.unsafeThreshold <= 1.5)) {
    problems.push(`unsafeThreshold must be in (0, 1.5], got ${o.unsafeThreshold}`);
  }
  if (problems.length > 0) {
    throw new AppError('BAD_INPUT', `Invalid poster options: ${problems.join('; ')}.`, {
      details: { problems },
    });
  }
}
