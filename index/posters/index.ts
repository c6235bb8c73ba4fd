/**
 * Poster stage of the offline build: poster paths in, MobileNetV2 embeddings, colour stats and
 * nsfwjs classes out. Heavy modules (tfjs) load lazily, only when a model is actually needed.
 */
export type { BatchEmbedder, EmbeddedBatch, EmbedderSettings } from './embedder.js';
export { createInThreadEmbedder } from './embedder.js';
export type { FailureRow } from './failure-log.js';
export { readFailureLog } from './failure-log.js';
export { EMBEDDING_SIZE, NSFW_CLASSES } from './model-constants.js';
export { unsafeScore } from './nsfw.js';
export { DEFAULT_INPUT_SIZE, DEFAULT_UNSAFE_THRESHOLD } from './options.js';
export { processPosters } from './process.js';
export { posterUrl } from './sources.js';
export type {
  NsfwScores,
  PosterJob,
  PosterLogger,
  PosterOptions,
  PosterResult,
  PosterStage,
  PosterStats,
  PosterStatus,
  ProcessPostersSummary,
  TfBackendName,
} from './types.js';
export { embedWorkerUrl, WorkerPoolEmbedder } from './worker-pool.js';
