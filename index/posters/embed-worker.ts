/**
 * Worker thread entry: loads the model once, then embeds each batch it is sent. Started by worker-pool.ts
 * from the compiled file next to it (dist/index/posters/embed-worker.js).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createInThreadEmbedder, type EmbedderSettings } from './embedder.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('embed-worker.js only runs as a worker thread started by worker-pool.js.');

const reply = (message: WorkerReply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
const messageOf = (e: unknown) => (e instanceof Error ? e.message : String(e));

const embedder = createInThreadEmbedder(workerData as EmbedderSettings);
embedder.then(
  () => reply({ type: 'ready' }),
  (e: unknown) => reply({ type: 'init-failed', message: messageOf(e) }),
);

port.on('message', async (request: WorkerRequest) => {
  try {
    const out = await (await embedder).embed(new Uint8Array(request.pixels), request.count);
    reply({ type: 'result', id: request.id, ...out }, [
      out.embeddings.buffer as ArrayBuffer,
      out.probabilities.buffer as ArrayBuffer,
    ]);
  } catch (e) {
    reply({ type: 'error', id: request.id, message: messageOf(e) });
  }
});
