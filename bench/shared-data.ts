/** What the benchmarks share: the real samples beside the checkout, turned into a serving engine. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Assembled, assemble } from '../index/build/assemble.js';
import { HnswVectorIndex } from '../index/vector/hnsw-index.js';
import { ingestSpotify } from '../src/data/spotify.js';
import { ingestTmdb } from '../src/data/tmdb.js';
import type { Catalog } from '../src/engine/catalog.js';
import { Engine } from '../src/engine/engine.js';
import { mulberry32 } from '../src/random.js';

/** `../shared/data`, found from the compiled file (dist/bench), the source file or the working directory. */
export function sharedDataDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const candidates = [
    join(here, '..', '..', 'shared', 'data'),
    join(here, '..', '..', '..', 'shared', 'data'),
    join(process.cwd(), '..', 'shared', 'data'),
    join(process.cwd(), 'shared', 'data'),
  ];
  return candidates.find((d) => existsSync(join(d, 'tmdb_v11_top3000.csv.gz'))) ?? (candidates[0] as string);
}

/** The shared Spotify 10k × TMDb top-3000 samples, assembled in memory (no posters). */
export async function assembleShared(): Promise<Assembled> {
  const data = sharedDataDir();
  const s = await ingestSpotify(join(data, 'spotify_tracks_hf_sample10k.csv.gz'));
  const t = await ingestTmdb(join(data, 'tmdb_v11_top3000.csv.gz'));
  return assemble(s.tracks, t.movies, new Map());
}

/** An engine as `serve` runs it: film search on the HNSW graph. */
export async function servingEngine(catalog: Catalog): Promise<Engine> {
  return new Engine({
    ...catalog,
    movieIndex: await HnswVectorIndex.build(catalog.movieVectors, catalog.dims),
  });
}

/** `n` song titles drawn with a seed, for query mixes. */
export function sampleTitles(catalog: Catalog, seed: number, n = 500): string[] {
  const rand = mulberry32(seed);
  return Array.from(
    { length: n },
    () => catalog.songs[Math.floor(rand() * catalog.songs.length)]?.trackName ?? 'Hello',
  );
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}
