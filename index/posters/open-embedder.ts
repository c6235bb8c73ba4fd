import { type BatchEmbedder, createInThreadEmbedder } from './embedder.js';
import type { ResolvedPosterOptions } from './options.js';
import { embedWorkerUrl, WorkerPoolEmbedder } from './worker-pool.js';

/**
 * The caller's embedder if it gave one (not ours to close), else a worker pool, else this thread. Workers
 * need the compiled embed-worker.js (dist/); from the TypeScript sources, or if they fail to start, the
 * model runs in this thread, slower but with the same results.
 */
export async function openEmbedder(
  o: ResolvedPosterOptions,
): Promise<{ embedder: BatchEmbedder; owned: boolean }> {
  if (o.embedder) return { embedder: o.embedder, owned: false };
  const settings = { inputSize: o.inputSize, backend: o.backend };
  if (o.workers > 1) {
    const workerUrl = embedWorkerUrl();
    if (workerUrl === undefined) {
      o.logger.warn(
        { workers: o.workers },
        'no compiled embed-worker.js next to this module; embedding in this thread',
      );
    } else {
      try {
        return {
          embedder: await WorkerPoolEmbedder.start({ ...settings, size: o.workers, workerUrl }),
          owned: true,
        };
      } catch (e) {
        o.logger.warn({ err: e }, 'poster embedding workers failed to start; embedding in this thread');
      }
    }
  }
  return { embedder: await createInThreadEmbedder(settings), owned: true };
}
