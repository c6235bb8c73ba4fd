import { type Assembled, assemble } from '../../index/build/assemble.js';
import { ingestSpotify } from '../../src/data/spotify.js';
import { ingestTmdb } from '../../src/data/tmdb.js';
import type { Catalog } from '../../src/engine/catalog.js';
import { row } from '../../src/engine/catalog.js';
import type { Engine } from '../../src/engine/engine.js';
import { mulberry32 } from '../../src/eval/metrics.js';
import type { ImpressionEvent, Platform, VoteEvent } from '../../src/feedback/port.js';
import { AXES } from '../../src/space/axes.js';

export const SHARED_DATA = new URL('../../../shared/data/', import.meta.url).pathname;

/** A small real catalogue: every 6th song of the 10k Spotify sample, every 2nd of the top-3000 films. */
export async function subsetAssembled(): Promise<Assembled> {
  const { tracks } = await ingestSpotify(`${SHARED_DATA}spotify_tracks_hf_sample10k.csv.gz`);
  const { movies } = await ingestTmdb(`${SHARED_DATA}tmdb_v11_top3000.csv.gz`);
  return assemble(
    tracks.filter((_, i) => i % 6 === 0),
    movies.filter((_, i) => i % 2 === 0),
    new Map(),
  );
}

export async function subsetCatalog(): Promise<Catalog> {
  return (await subsetAssembled()).catalog;
}

export interface PopulationOptions {
  users?: number;
  sessionsPerUser?: number;
  /** Distinct songs the users ask about. */
  songPool?: number;
  seed?: number;
  /** The planted preference: log-odds of an up per unit of (song darkness × film darkness), in z units. */
  strength?: number;
  /** Chance that a shown film gets any vote ("no reaction" otherwise). */
  voteRate?: number;
  /** Chance that a session asks for the second page (ranks 6–10). */
  pageRate?: number;
  start?: number;
}

export interface Population {
  impressions: ImpressionEvent[];
  votes: VoteEvent[];
  songs: number[];
  /** The planted truth: the chance a user likes film m for song s (before their own bias). */
  truth(song: number, film: number): number;
}

export const DARKNESS = AXES.indexOf('darkness');
const PLATFORMS: Platform[] = ['discord', 'slack', 'web'];

function rms(vectors: Float32Array, dims: number, axis: number): number {
  let s = 0;
  const n = vectors.length / dims;
  for (let i = 0; i < n; i++) s += (vectors[i * dims + axis] as number) ** 2;
  return Math.sqrt(s / n) || 1;
}

/**
 * Simulated users with a planted taste: they like a film for a song when the film's darkness sits
 * on the same side as the song's. Each session asks the engine for a song, is shown five films
 * (sometimes the second page), and votes on some of them; the rest get no reaction.
 */
export function simulatePopulation(engine: Engine, o: PopulationOptions = {}): Population {
  const c = engine.catalog;
  const rand = mulberry32(o.seed ?? 1);
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const strength = o.strength ?? 2;
  const songRms = rms(c.songVectors, c.dims, DARKNESS);
  const filmRms = rms(c.movieVectors, c.dims, DARKNESS);
  const truthLogit = (s: number, m: number) =>
    strength *
    (((row(c.songVectors, c.dims, s)[DARKNESS] as number) / songRms) *
      ((row(c.movieVectors, c.dims, m)[DARKNESS] as number) / filmRms));
  const songs: number[] = [];
  const pool = Math.min(o.songPool ?? 300, c.songs.length);
  const taken = new Set<number>();
  while (songs.length < pool) {
    const s = Math.floor(rand() * c.songs.length);
    if (!taken.has(s)) {
      taken.add(s);
      songs.push(s);
    }
  }
  const filmByTmdb = new Map(c.movies.all().map((m, i) => [m.id, i]));
  const impressions: ImpressionEvent[] = [];
  const votes: VoteEvent[] = [];
  let at = o.start ?? Date.UTC(2026, 0, 1);
  const users = o.users ?? 80;
  for (let u = 0; u < users; u++) {
    const platform = PLATFORMS[u % PLATFORMS.length] as Platform;
    const userId = `user-${u}`;
    const bias = 0.3 * gauss();
    for (let n = 0; n < (o.sessionsPerUser ?? 25); n++) {
      const s = songs[Math.floor(rand() * songs.length)] as number;
      const offset = rand() < (o.pageRate ?? 0.3) ? 5 : 0;
      const shown = engine.recommendForSongs([s], { k: 5, offset }).movies.map((m) => m.tmdbId);
      const trackId = (c.songs[s] as { trackId: string }).trackId;
      at += 60_000;
      impressions.push({ platform, userId, trackId, tmdbIds: shown, at });
      for (const tmdbId of shown) {
        if (rand() >= (o.voteRate ?? 0.5)) continue;
        const m = filmByTmdb.get(tmdbId) as number;
        const p = 1 / (1 + Math.exp(-(bias + truthLogit(s, m))));
        votes.push({ platform, userId, trackId, tmdbId, value: rand() < p ? 'up' : 'down', at: at + 1000 });
      }
    }
  }
  return {
    impressions,
    votes,
    songs,
    truth: (s, m) => 1 / (1 + Math.exp(-truthLogit(s, m))),
  };
}
