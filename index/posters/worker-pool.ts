import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../src/errors.js';
import type { BatchEmbedder, EmbeddedBatch, EmbedderSettings } from './embedder.js';
import type { WorkerReply, WorkerRequest } from './worker-protocol.js';

/**
 * The compiled worker entry next to this module, or undefined when running from the TypeScript sources
 * (vitest): Node cannot start a .ts worker, and callers then embed in-thread instead.
 */
export function embedWorkerUrl(): URL | undefined {
  const url = new URL('./embed-worker.js', import.meta.url);
  return url.protocol === 'file:' && existsSync(fileURLToPath(url)) ? url : undefined;
}

interface Task {
  pixels: Uint8Array;
  count: number;
  resolve: (batch: EmbeddedBatch) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  busy?: { id: number; task: Task };
}

/** Each worker loads the model once; batches go to whichever worker is free. */
export class WorkerPoolEmbedder implements BatchEmbedder {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;

  private constructor(readonly inputSize: number) {}

  static async start(
    settings: EmbedderSettings & { size: number; workerUrl: URL },
  ): Promise<WorkerPoolEmbedder> {
    const pool = new WorkerPoolEmbedder(settings.inputSize);
    const workerData: EmbedderSettings = { inputSize: settings.inputSize, backend: settings.backend };
    const workers = Array.from(
      { length: settings.size },
      () => new Worker(settings.workerUrl, { workerData }),
    );
    try {
      await Promise.all(workers.map(waitUntilReady));
    } catch (e) {
      await Promise.all(workers.map((w) => w.terminate()));
      throw new AppError('INTERNAL', `Poster embedding workers failed to start: ${(e as Error).message}`, {
        cause: e,
      });
    }
    for (const worker of workers) pool.adopt(worker);
    return pool;
  }

  embed(pixels: Uint8Array, count: number): Promise<EmbeddedBatch> {
    return new Promise((resolve, reject) => {
      if (this.closed || this.slots.length === 0) {
        reject(new AppError('INTERNAL', 'The poster embedding workers are closed or have all crashed.'));
        return;
      }
      this.queue.push({ pixels, count, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failQueued(new AppError('INTERNAL', 'The poster embedding workers were closed.'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private adopt(worker: Worker): void {
    const slot: Slot = { worker };
    this.slots.push(slot);
    worker.on('message', (reply: WorkerReply) => this.onReply(slot, reply));
    worker.on('error', (e) => this.onCrash(slot, `embedding worker crashed: ${e.message}`));
    worker.on('exit', (code) => this.onCrash(slot, `embedding worker exited with code ${code}`));
  }

  private pump(): void {
    for (const slot of this.slots) {
      const task = slot.busy ? undefined : this.queue.shift();
      if (!task) continue;
      const id = this.nextId++;
      slot.busy = { id, task };
      const pixels = ownBuffer(task.pixels);
      const request: WorkerRequest = { type: 'embed', id, pixels, count: task.count };
      slot.worker.postMessage(request, [pixels]);
    }
  }

  private onReply(slot: Slot, reply: WorkerReply): void {
    const busy = slot.busy;
    if (!busy || (reply.type !== 'result' && reply.type !== 'error') || reply.id !== busy.id) return;
    slot.busy = undefined;
    if (reply.type === 'result')
      busy.task.resolve({ embeddings: reply.embeddings, probabilities: reply.probabilities });
    else busy.task.reject(new AppError('INTERNAL', `embedding failed: ${reply.message}`));
    this.pump();
  }

  private onCrash(slot: Slot, message: string): void {
    if (this.closed) return;
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    slot.busy?.task.reject(new AppError('INTERNAL', message));
    void slot.worker.terminate();
    if (this.slots.length === 0)
      this.failQueued(new AppError('INTERNAL', `No embedding workers left: ${message}`));
  }

  private failQueued(error: AppError): void {
    for (const task of this.queue.splice(0)) task.reject(error);
  }
}

function waitUntilReady(worker: Worker): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    const onMessage = (reply: WorkerReply) => {
      if (reply.type !== 'ready' && reply.type !== 'init-failed') return;
      cleanup();
      if (reply.type === 'ready') resolve();
      else reject(new Error(reply.message));
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`worker exited with code ${code} before it was ready`));
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

/** A transferable buffer holding exactly these bytes (copied only when the view is part of a larger one). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  const whole = view.byteOffset === 0 && view.byteLength === view.buffer.byteLength;
  return whole && view.buffer instanceof ArrayBuffer ? view.buffer : view.slice().buffer;
}
