import type { BatchEmbedder, EmbeddedBatch } from './embedder.js';

export interface QueuedPoster<T> {
  pixels: Uint8Array;
  tag: T;
}

/**
 * Groups decoded posters into batches for the embedder and keeps at most `maxInFlight` batches running.
 * `add` waits while the embedder is saturated, which holds back downloads and decodes, so memory stays
 * bounded however many jobs there are. Results, or the error of a failed batch, go to `onBatch`.
 */
export class EmbedQueue<T> {
  private pending: QueuedPoster<T>[] = [];
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly embedder: BatchEmbedder,
    private readonly batchSize: number,
    private readonly maxInFlight: number,
    private readonly onBatch: (items: QueuedPoster<T>[], result: EmbeddedBatch | Error) => void,
  ) {}

  async add(item: QueuedPoster<T>): Promise<void> {
    while (this.pending.length >= this.batchSize && this.inFlight.size >= this.maxInFlight) {
      await Promise.race(this.inFlight);
    }
    this.pending.push(item);
    this.pump(false);
  }

  /** Sends the last partial batch and waits for every batch to finish. */
  async drain(): Promise<void> {
    while (this.pending.length > 0 || this.inFlight.size > 0) {
      this.pump(true);
      if (this.inFlight.size > 0) await Promise.race(this.inFlight);
    }
  }

  private pump(flushPartial: boolean): void {
    while (
      this.inFlight.size < this.maxInFlight &&
      (this.pending.length >= this.batchSize || (flushPartial && this.pending.length > 0))
    ) {
      this.dispatch(this.pending.splice(0, this.batchSize));
    }
  }

  private dispatch(items: QueuedPoster<T>[]): void {
    const size = this.embedder.inputSize ** 2 * 3;
    const pixels = new Uint8Array(items.length * size);
    for (const [i, item] of items.entries()) pixels.set(item.pixels, i * size);
    const run: Promise<void> = this.embedder
      .embed(pixels, items.length)
      .then(
        (result) => this.onBatch(items, result),
        (e: unknown) => this.onBatch(items, e instanceof Error ? e : new Error(String(e))),
      )
      .finally(() => {
        this.inFlight.delete(run);
        this.pump(false);
      });
    this.inFlight.add(run);
  }
}
