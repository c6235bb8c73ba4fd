import type { Track } from '../data/spotify.js';
import type { Movie } from '../data/tmdb.js';
import { eraScale, songEra } from '../features/era.js';
import { bridgeFor } from '../features/genre-bridge.js';
import {
  bucketOfLanguage,
  bucketOfScript,
  LANGUAGE_BUCKETS,
  type LanguageBucket,
} from '../features/languages.js';
import type { TextSignals } from '../features/text-signals.js';
import {
  GENRE_INDEX,
  GENRE_MOOD,
  genreWeights,
  type MoodPrior,
  TMDB_GENRES,
} from '../features/tmdb-genres.js';
import { AXES } from './axes.js';
import { type MinMax, scale } from './scaler.js';

/** A song or film before standardisation: mood axes in [0, 1], a genre profile and a culture profile. */
export interface RawFeatures {
  axes: number[];
  genre: number[];
  language: number[];
}

export interface PosterTone {
  brightness: number;
  saturation: number;
  contrast: number;
  warmth: number;
  colorfulness: number;
}

/** Catalogue ranges stored with the index (issue: scale a query exactly as the catalogue was). */
export interface Scalers {
  songTempo: MinMax;
  songLoudness: MinMax;
  songPopularity: MinMax;
  movieLogVotes: MinMax;
  movieRuntime: MinMax;
}

const LANGUAGE_INDEX = new Map<string, number>(LANGUAGE_BUCKETS.map((b, i) => [b, i]));

function oneHot(bucket: LanguageBucket, into: number[], weight = 1): void {
  const i = LANGUAGE_INDEX.get(bucket) as number;
  into[i] = (into[i] ?? 0) + weight;
}

function normalizeSum(v: number[]): number[] {
  const s = v.reduce((a, b) => a + b, 0);
  return s > 0 ? v.map((x) => x / s) : v;
}

/** The TMDb genre profile a song's Spotify genres evoke, through the genre bridge. */
export function songGenreProfile(genres: readonly string[]): number[] {
  const profile = new Array<number>(TMDB_GENRES.length).fill(0);
  for (const g of genres) {
    for (const [tmdb, w] of bridgeFor(g)?.genres ?? []) {
      const i = GENRE_INDEX.get(tmdb) as number;
      profile[i] = (profile[i] ?? 0) + w;
    }
  }
  return normalizeSum(profile);
}

function weightedPrior(profile: readonly number[], key: keyof MoodPrior): number {
  let s = 0;
  let w = 0;
  profile.forEach((p, i) => {
    if (p > 0) {
      s += p * GENRE_MOOD[TMDB_GENRES[i] as keyof typeof GENRE_MOOD][key];
      w += p;
    }
  });
  return w > 0 ? s / w : 0.5;
}

export function songLanguageProfile(track: Pick<Track, 'genres' | 'trackName' | 'artists'>): number[] {
  const profile = new Array<number>(LANGUAGE_BUCKETS.length).fill(0);
  const script = bucketOfScript(`${track.trackName} ${track.artists.join(' ')}`);
  if (script) {
    oneHot(script, profile);
    return profile;
  }
  const langs = track.genres.flatMap((g) => bridgeFor(g)?.languages ?? []);
  if (langs.length === 0) oneHot('en', profile);
  else for (const l of langs) oneHot(bucketOfLanguage(l), profile, 1 / langs.length);
  return profile;
}

export function songRawFeatures(track: Track, scalers: Scalers): RawFeatures {
  const genre = songGenreProfile(track.genres);
  const tempo = track.tempo > 0 ? scale(track.tempo, scalers.songTempo) : 0.5;
  const loud = scale(track.loudness, scalers.songLoudness);
  const axes: Record<(typeof AXES)[number], number> = {
    valence: 0.85 * track.valence + 0.15 * track.mode,
    arousal: 0.6 * track.energy + 0.2 * tempo + 0.2 * loud,
    darkness: 0.45 * (1 - track.valence) + 0.15 * (1 - track.mode) + 0.4 * weightedPrior(genre, 'darkness'),
    dance: track.danceability,
    intimacy: 0.7 * track.acousticness + 0.3 * (1 - track.energy),
    score: 0.85 * track.instrumentalness + 0.15 * (1 - track.speechiness),
    mainstream: scale(track.popularity, scalers.songPopularity),
    era: eraScale(songEra(track.genres, track.trackName)),
  };
  return { axes: AXES.map((a) => axes[a]), genre, language: songLanguageProfile(track) };
}

/** Blends signals whose weights must sum to one, dropping the ones that are missing. */
function blend(parts: Array<[number | null, number]>): number {
  let s = 0;
  let w = 0;
  for (const [v, weight] of parts) {
    if (v === null) continue;
    s += v * weight;
    w += weight;
  }
  return w > 0 ? s / w : 0.5;
}

export function movieRawFeatures(
  movie: Movie,
  text: TextSignals,
  poster: PosterTone | null,
  scalers: Scalers,
): RawFeatures {
  const gw = genreWeights(movie.genres);
  const genre = new Array<number>(TMDB_GENRES.length).fill(0);
  for (const [g, w] of gw) genre[GENRE_INDEX.get(g) as number] = w;
  const profile = normalizeSum(genre);
  const prior = (k: keyof MoodPrior) => weightedPrior(profile, k);
  const tone = poster ? 0.5 * poster.brightness + 0.3 * poster.warmth + 0.2 * poster.saturation : null;
  const punch = poster ? 0.5 * poster.contrast + 0.5 * poster.colorfulness : null;
  const gloom = poster ? 1 - poster.brightness : null;
  const votes = movie.voteCount > 0 ? Math.log1p(movie.voteCount) : Math.log1p(movie.popularity);
  const axes: Record<(typeof AXES)[number], number> = {
    valence: blend([
      [prior('valence'), 0.55],
      [(text.sentiment + 1) / 2, 0.3],
      [tone, 0.15],
    ]),
    arousal: blend([
      [prior('arousal'), 0.6],
      [text.arousal, 0.25],
      [punch, 0.15],
    ]),
    darkness: blend([
      [prior('darkness'), 0.55],
      [Math.max(text.darkness, -text.sentiment), 0.3],
      [gloom, 0.15],
    ]),
    dance: prior('dance'),
    intimacy: prior('intimacy'),
    score: prior('score'),
    mainstream: scale(votes, scalers.movieLogVotes),
    era: movie.year === null ? 0.75 : eraScale(movie.year),
  };
  const language = new Array<number>(LANGUAGE_BUCKETS.length).fill(0);
  oneHot(bucketOfLanguage(movie.originalLanguage), language);
  return { axes: AXES.map((a) => axes[a]), genre: profile, language };
}
