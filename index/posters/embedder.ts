import type { EmbeddedBatch } from './poster-net.js';
import type { TfBackendName } from './types.js';

export type { EmbeddedBatch };

/** Turns batches of decoded posters into embeddings and class probabilities. */
export interface BatchEmbedder {
  readonly inputSize: number;
  /** `pixels`: `count` RGB rasters of inputSize^2 each, back to back. */
  embed(pixels: Uint8Array, count: number): Promise<EmbeddedBatch>;
  close(): Promise<void>;
}

export interface EmbedderSettings {
  inputSize: number;
  backend: TfBackendName;
}

/** Runs the model on this thread. tfjs is imported lazily so a process that only uses workers skips it. */
export async function createInThreadEmbedder(settings: EmbedderSettings): Promise<BatchEmbedder> {
  const [{ useTfBackend }, { PosterNet }] = await Promise.all([
    import('./tf-backend.js'),
    import('./poster-net.js'),
  ]);
  await useTfBackend(settings.backend);
  const net = await PosterNet.load(settings.inputSize);
  // One batch at a time: tfjs kernels are synchronous, so overlapping calls would only interleave.
  let queue: Promise<unknown> = Promise.resolve();
  return {
    inputSize: settings.inputSize,
    embed(pixels, count) {
      const result = queue.then(() => net.infer(pixels, count));
      queue = result.catch(() => {});
      return result;
    },
    async close() {
      await queue;
      net.dispose();
    },
  };
}
