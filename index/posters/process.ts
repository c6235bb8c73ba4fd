import pLimit from 'p-limit';
import { isAppError } from '../../src/errors.js';
import { decodePoster } from './decode.js';
import { EmbedQueue, type QueuedPoster } from './embed-queue.js';
import type { EmbeddedBatch } from './embedder.js';
import { readFailureLog, writeFailureLog } from './failure-log.js';
import { EMBEDDING_SIZE } from './model-constants.js';
import { nsfwScoresAt, unsafeScore } from './nsfw.js';
import { openEmbedder } from './open-embedder.js';
import { type ResolvedPosterOptions, resolvePosterOptions } from './options.js';
import { createPosterSource } from './sources.js';
import type { PosterJob, PosterOptions, PosterResult, PosterStats, ProcessPostersSummary } from './types.js';

interface Tag {
  index: number;
  job: PosterJob;
  stats: PosterStats;
  location: string;
}

/**
 * Fetch (from a directory, the disk cache or HTTP), decode and embed every job's poster. One bad poster
 * never throws: it comes back as 'missing' or 'failed' with a reason, and is listed in `failureLog`.
 * Progress: stage 'download' counts fetched jobs, stage 'embed' counts finished ones, whatever their status.
 * With `retryFailedOnly`, only the jobs in the existing failure log are processed and returned.
 */
export async function processPosters(
  jobs: PosterJob[],
  options: PosterOptions,
): Promise<ProcessPostersSummary> {
  const o = resolvePosterOptions(options);
  const started = o.clock.now();
  const selected = await selectJobs(jobs, o);
  const run = new PosterRun(selected, o);
  if (selected.length > 0) await run.execute();
  const results = run.results();
  if (o.failureLog !== undefined) {
    await writeFailureLog(
      o.failureLog,
      results.flatMap((r, i) =>
        r.status === 'embedded'
          ? []
          : [{ id: r.movieId, url: run.locationOf(i), reason: r.reason ?? r.status }],
      ),
    );
  }
  const count = (status: PosterResult['status']) => results.filter((r) => r.status === status).length;
  const summary: ProcessPostersSummary = {
    results,
    embedded: count('embedded'),
    missing: count('missing'),
    failed: count('failed'),
    unsafe: results.filter((r) => r.unsafe).length,
    seconds: (o.clock.now() - started) / 1000,
  };
  const { results: _, ...totals } = summary;
  o.logger.info(totals, 'posters processed');
  return summary;
}

async function selectJobs(jobs: PosterJob[], o: ResolvedPosterOptions): Promise<PosterJob[]> {
  if (!o.retryFailedOnly || o.failureLog === undefined) return jobs;
  const rows = await readFailureLog(o.failureLog);
  if (rows === undefined) return jobs;
  const ids = new Set(rows.map((r) => r.id));
  return jobs.filter((j) => ids.has(j.movieId));
}

class PosterRun {
  private readonly slots: (PosterResult | undefined)[];
  private readonly locations: string[];
  private downloaded = 0;
  private finished = 0;

  constructor(
    private readonly jobs: PosterJob[],
    private readonly o: ResolvedPosterOptions,
  ) {
    this.slots = new Array(jobs.length);
    this.locations = new Array(jobs.length).fill('');
  }

  async execute(): Promise<void> {
    const o = this.o;
    const source = createPosterSource(o.source, o.size, o.cacheDir, o);
    const { embedder, owned } = await openEmbedder(o);
    try {
      // Two batches per worker: one running, one ready to go the moment it finishes.
      const queue = new EmbedQueue<Tag>(embedder, o.batchSize, Math.max(2, o.workers * 2), (items, result) =>
        this.onBatch(items, result),
      );
      const limit = pLimit(o.concurrency);
      let fatal: unknown;
      await Promise.all(
        this.jobs.map((job, index) =>
          limit(async () => {
            // After the source gave up on its server, the jobs still queued end at once.
            if (fatal !== undefined) return;
            try {
              const outcome = await source.fetch(job);
              this.o.onProgress(++this.downloaded, this.jobs.length, 'download');
              if (outcome.kind !== 'ok') {
                this.finish(index, failure(job, outcome.kind, outcome.error.message), outcome.location);
                return;
              }
              const decoded = await decodePoster(outcome.bytes, embedder.inputSize).catch(
                async (e: unknown) => {
                  await source.forget(job);
                  this.finish(
                    index,
                    failure(job, 'failed', `cannot decode image: ${messageOf(e)}`),
                    outcome.location,
                  );
                  return undefined;
                },
              );
              if (decoded === undefined) return;
              const tag: Tag = { index, job, stats: decoded.stats, location: outcome.location };
              await queue.add({ pixels: decoded.pixels, tag });
            } catch (e) {
              // The source gave up on its server: stop the stage rather than fail every poster slowly.
              if (isAppError(e) && e.details?.fatal === true) {
                fatal ??= e;
                return;
              }
              this.finish(index, failure(job, 'failed', `unexpected error: ${messageOf(e)}`), '');
            }
          }),
        ),
      );
      // Every job has settled (the source aborted its downloads), so nothing still feeds the queue
      // when it drains and the embedder closes.
      await queue.drain();
      if (fatal !== undefined) throw fatal;
    } finally {
      if (owned) await embedder.close();
    }
  }

  results(): PosterResult[] {
    return this.slots.map((r, i) => r ?? failure(this.jobs[i] as PosterJob, 'failed', 'not processed'));
  }

  locationOf(index: number): string {
    return this.locations[index] ?? '';
  }

  private onBatch(items: QueuedPoster<Tag>[], result: EmbeddedBatch | Error): void {
    items.forEach(({ tag }, i) => {
      if (result instanceof Error) {
        this.finish(tag.index, failure(tag.job, 'failed', result.message), tag.location);
        return;
      }
      const embedding = result.embeddings.slice(i * EMBEDDING_SIZE, (i + 1) * EMBEDDING_SIZE);
      if (!embedding.every(Number.isFinite)) {
        this.finish(tag.index, failure(tag.job, 'failed', 'embedding is not finite'), tag.location);
        return;
      }
      const nsfw = nsfwScoresAt(result.probabilities, i);
      const unsafe = unsafeScore(nsfw) >= this.o.unsafeThreshold;
      const embedded: PosterResult = {
        movieId: tag.job.movieId,
        status: 'embedded',
        embedding,
        stats: tag.stats,
        nsfw,
        unsafe,
      };
      this.finish(tag.index, embedded, tag.location);
    });
  }

  private finish(index: number, result: PosterResult, location: string): void {
    this.slots[index] = result;
    this.locations[index] = location;
    if (result.status === 'failed')
      this.o.logger.warn({ movieId: result.movieId, location, reason: result.reason }, 'poster failed');
    if (result.status === 'missing')
      this.o.logger.debug({ movieId: result.movieId, location, reason: result.reason }, 'poster missing');
    this.o.onProgress(++this.finished, this.jobs.length, 'embed');
  }
}

function failure(job: PosterJob, status: 'missing' | 'failed', reason: string): PosterResult {
  return { movieId: job.movieId, status, embedding: null, stats: null, nsfw: null, unsafe: false, reason };
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
