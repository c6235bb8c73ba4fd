import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../src/errors.js';
import { PosterCache } from './cache.js';
import { type DownloadSettings, downloadImage } from './http-download.js';
import { imageBytesProblem } from './image-bytes.js';
import { type FetchOutcome, posterFailure } from './outcome.js';
import type { PosterJob } from './types.js';

/** Where poster bytes come from: a local directory or an HTTP image server. */
export interface PosterSource {
  fetch(job: PosterJob): Promise<FetchOutcome>;
  /** Forget cached bytes that turned out not to decode, so the next run fetches them again. */
  forget(job: PosterJob): Promise<void>;
}

export function isUrlSource(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** TMDb layout: `<base>/<size><poster_path>`, e.g. https://image.tmdb.org/t/p/w185/abc.jpg. */
export function posterUrl(base: string, size: string, posterPath: string): string {
  return `${base.replace(/\/+$/, '')}/${size}/${posterPath.replace(/^\/+/, '')}`;
}

/** Posters in a row that got no HTTP answer at all before the whole stage gives up on the server. */
export const UNREACHABLE_IN_A_ROW = 24;

export class HttpPosterSource implements PosterSource {
  private readonly cache: PosterCache | undefined;
  private unreachableInARow = 0;
  private down: AppError | undefined;
  /** Cancels downloads and retries still running when the stage gives up on the server. */
  private readonly giveUp = new AbortController();
  private readonly settings: DownloadSettings;

  constructor(
    private readonly base: string,
    private readonly size: string,
    cacheDir: string | undefined,
    settings: DownloadSettings,
  ) {
    this.cache = cacheDir === undefined ? undefined : new PosterCache(cacheDir);
    const signal = settings.signal
      ? AbortSignal.any([settings.signal, this.giveUp.signal])
      : this.giveUp.signal;
    this.settings = { ...settings, signal };
  }

  async fetch(job: PosterJob): Promise<FetchOutcome> {
    if (job.posterPath.trim() === '') return posterFailure('missing', '', 'no poster path');
    const url = posterUrl(this.base, this.size, job.posterPath);
    const cached = await this.readCache(job);
    if (cached !== undefined) return { kind: 'ok', bytes: cached, location: url };
    if (this.down) throw this.down;
    const outcome = await downloadImage(url, this.settings);
    if (outcome.kind === 'ok') await this.writeCache(job, outcome.bytes);
    this.noteReachability(outcome);
    return outcome;
  }

  /**
   * An unreachable server (offline, wrong host) would otherwise cost every poster its full retries:
   * minutes of "failed" for 3,000 films. After enough misses in a row the stage stops, saying why.
   */
  private noteReachability(outcome: FetchOutcome): void {
    if (outcome.kind === 'failed' && outcome.unreachable) this.unreachableInARow++;
    else this.unreachableInARow = 0;
    if (this.unreachableInARow < UNREACHABLE_IN_A_ROW) return;
    this.down = new AppError(
      'POSTER_FAILED',
      `The poster server ${this.base} could not be reached for ${UNREACHABLE_IN_A_ROW} posters in a row ` +
        `(last: ${outcome.kind === 'ok' ? '' : outcome.error.message}). Check the network, use a local folder, or build without --posters.`,
      { details: { fatal: true } },
    );
    this.giveUp.abort();
    throw this.down;
  }

  async forget(job: PosterJob): Promise<void> {
    if (this.cache) await this.cache.evict(this.cache.pathFor(this.size, job.posterPath));
  }

  private async readCache(job: PosterJob): Promise<Buffer | undefined> {
    if (!this.cache) return undefined;
    const file = this.cache.pathFor(this.size, job.posterPath);
    const bytes = await this.cache.read(file);
    if (bytes === undefined || imageBytesProblem(bytes) === undefined) return bytes;
    await this.cache.evict(file);
    return undefined;
  }

  /** A cache that cannot be written costs a future download, not this poster. */
  private async writeCache(job: PosterJob, bytes: Buffer): Promise<void> {
    if (!this.cache) return;
    const file = this.cache.pathFor(this.size, job.posterPath);
    try {
      await this.cache.write(file, bytes);
    } catch (e) {
      this.settings.logger.warn({ file, err: e }, 'could not cache poster');
    }
  }
}

/** Looks a poster up as `<dir>/<basename of posterPath>`, then `<dir>/<imdbId>.jpg`, then `<dir>/<movieId>.jpg`. */
export class DirectoryPosterSource implements PosterSource {
  constructor(private readonly dir: string) {}

  candidates(job: PosterJob): string[] {
    const names = [basename(job.posterPath), job.imdbId ? `${job.imdbId}.jpg` : '', `${job.movieId}.jpg`];
    return names.filter((n) => n !== '' && n !== '.' && n !== '..').map((n) => join(this.dir, n));
  }

  async fetch(job: PosterJob): Promise<FetchOutcome> {
    const tried = this.candidates(job);
    for (const file of tried) {
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue;
        return posterFailure('failed', file, `cannot read ${file}: ${(e as Error).message}`, e);
      }
      const problem = imageBytesProblem(bytes);
      if (problem !== undefined) return posterFailure('failed', file, problem);
      return { kind: 'ok', bytes, location: file };
    }
    const names = tried.map((f) => basename(f)).join(', ');
    return posterFailure('missing', this.dir, `not in ${this.dir} (tried ${names})`);
  }

  async forget(): Promise<void> {
    // Local files are the source of truth; nothing cached to forget.
  }
}

export function createPosterSource(
  source: string,
  size: string,
  cacheDir: string | undefined,
  settings: DownloadSettings,
): PosterSource {
  return isUrlSource(source)
    ? new HttpPosterSource(source, size, cacheDir, settings)
    : new DirectoryPosterSource(source);
}
