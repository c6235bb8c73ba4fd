/** Messages between worker-pool.ts (main thread) and embed-worker.ts. Buffers are transferred, not copied. */
export type WorkerRequest = { type: 'embed'; id: number; pixels: ArrayBuffer; count: number };

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; id: number; embeddings: Float32Array; probabilities: Float32Array }
  | { type: 'error'; id: number; message: string };
