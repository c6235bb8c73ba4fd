import type { Clock } from '../../src/ports.js';
import type { BatchEmbedder } from './embedder.js';

/** One movie whose poster should become features. */
export interface PosterJob {
  movieId: number;
  /** TMDb poster path such as `/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg`. */
  posterPath: string;
  imdbId?: string;
}

/**
 * Cheap colour statistics, each in [0, 1]:
 * - brightness: mean Rec. 601 luma / 255.
 * - saturation: mean HSV saturation, (max - min) / max per pixel.
 * - contrast: RMS contrast, standard deviation of luma / 127.5 (the largest possible for 8-bit values).
 * - warmth: 0.5 + mean(R - B) / 510; 0 = all blue, 0.5 = neutral, 1 = all red.
 * - colorfulness: Hasler & Suesstrunk (2003) metric M / 150, capped at 1 (M ~ 109 is "extremely colourful").
 */
export interface PosterStats {
  brightness: number;
  saturation: number;
  contrast: number;
  warmth: number;
  colorfulness: number;
}

/** Probabilities of the nsfwjs MobileNetV2 head; they sum to 1. */
export interface NsfwScores {
  drawing: number;
  hentai: number;
  neutral: number;
  porn: number;
  sexy: number;
}

export type PosterStatus = 'embedded' | 'missing' | 'failed';

export interface PosterResult {
  movieId: number;
  /** missing: no source has it (not in the directory, HTTP 404/410); failed: download or decode error. */
  status: PosterStatus;
  /** 1280-d MobileNetV2 global-average-pooled features, L2-normalised; null unless embedded. */
  embedding: Float32Array | null;
  stats: PosterStats | null;
  nsfw: NsfwScores | null;
  /** porn + hentai + sexy / 2 >= unsafeThreshold. */
  unsafe: boolean;
  reason?: string;
}

export interface ProcessPostersSummary {
  /** One result per job, in the order of the jobs. */
  results: PosterResult[];
  embedded: number;
  missing: number;
  failed: number;
  unsafe: number;
  seconds: number;
}

export type PosterStage = 'download' | 'embed';

/** The subset of a pino logger this module uses, so any pino logger fits. */
export interface PosterLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export type TfBackendName = 'wasm' | 'cpu';

export interface PosterOptions {
  /** A local directory of images, or a base URL such as `https://image.tmdb.org/t/p`. */
  source: string;
  /** TMDb size segment of the URL (default 'w185'). */
  size?: string;
  /** Downloaded bytes are kept here (`<cacheDir>/<size>/<file>`) so nothing is downloaded twice. */
  cacheDir?: string;
  /** CSV (id,url,reason) of every poster not embedded; rewritten at the end of each run. */
  failureLog?: string;
  /** Process only the jobs listed in `failureLog` (all jobs when the log does not exist yet). */
  retryFailedOnly?: boolean;
  /** Parallel downloads and decodes (default 8). */
  concurrency?: number;
  /** Retries after the first attempt for 5xx, 408, 429, timeouts and connection errors (default 3). */
  retries?: number;
  /** First backoff delay; it doubles on each retry, with jitter (default 500 ms). */
  retryBaseMs?: number;
  /** Per attempt, headers and body included (default 10000). */
  timeoutMs?: number;
  /** worker_threads that run the model (default 2); 1 runs it in this thread. */
  workers?: number;
  /** Images per forward pass (default 16). */
  batchSize?: number;
  /** Square model input side, a multiple of 32 from 32 to 224 (default 160, see options.ts). */
  inputSize?: number;
  /** tfjs backend (default 'wasm'). */
  backend?: TfBackendName;
  /** porn + hentai + sexy / 2 at or above this marks a poster unsafe (default 0.7, see options.ts). */
  unsafeThreshold?: number;
  onProgress?: (done: number, total: number, stage: PosterStage) => void;
  fetch?: typeof globalThis.fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Source of jitter, in [0, 1). */
  random?: () => number;
  clock?: Clock;
  logger?: PosterLogger;
  /** An already open embedder to use instead of starting one; processPosters does not close it. */
  embedder?: BatchEmbedder;
}
