import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect } from 'vitest';
import { SPOTIFY_COLUMNS } from '../../src/data/spotify.js';
import { TMDB_COLUMNS } from '../../src/data/tmdb.js';
import { AppError } from '../../src/errors.js';

/** The project root, from this file's location (test/data/ → ../..). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The shared real data, next to the project (never copied into it). */
export const SHARED_DATA = resolve(PROJECT_ROOT, '..', 'shared', 'data');
export const SPOTIFY_SAMPLE = join(SHARED_DATA, 'spotify_tracks_hf_sample10k.csv.gz');
export const TMDB_SAMPLE = join(SHARED_DATA, 'tmdb_v11_top3000.csv.gz');
export const HAVE_SHARED_DATA = existsSync(SPOTIFY_SAMPLE) && existsSync(TMDB_SAMPLE);

/** A temp dir per test file, removed afterwards; `file(name, content)` writes a fixture into it. */
export function fixtureDir(): {
  file: (name: string, content: string | Buffer) => Promise<string>;
  path: () => string;
} {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'm2m-data-test-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return {
    path: () => dir,
    file: async (name, content) => {
      const p = join(dir, name);
      await writeFile(p, content);
      return p;
    },
  };
}

/** The Hugging Face Spotify header (`Unnamed: 0` first, as pandas wrote it). */
export const SPOTIFY_HEADER = ['Unnamed: 0', ...SPOTIFY_COLUMNS].join(',');

export type SpotifyFields = Partial<Record<(typeof SPOTIFY_COLUMNS)[number], string>>;

/** A valid Spotify row, number `i`, with some cells overridden (cells are written as given, unquoted). */
export function spotifyRow(i: number, fields: SpotifyFields = {}): string {
  const v: Record<string, string> = {
    track_id: `T${String(i).padStart(21, '0')}`,
    artists: 'Artist A;Artist B',
    album_name: `Album ${i}`,
    track_name: `Song ${i}`,
    popularity: '50',
    duration_ms: '200000',
    explicit: 'False',
    danceability: '0.5',
    energy: '0.6',
    key: '5',
    loudness: '-5.5',
    mode: '1',
    speechiness: '0.05',
    acousticness: '0.1',
    instrumentalness: '0',
    liveness: '0.1',
    valence: '0.5',
    tempo: '120.0',
    time_signature: '4',
    track_genre: 'pop',
    ...fields,
  };
  return [String(i), ...SPOTIFY_COLUMNS.map((c) => v[c])].join(',');
}

/** Header + rows joined with `eol`, ending with one. */
export function csv(lines: string[], eol = '\n'): string {
  return lines.join(eol) + eol;
}

export type TmdbFields = Partial<Record<(typeof TMDB_COLUMNS)[number], string>>;

/** Quotes a cell the way pandas does: only when it holds a comma, quote or line break. */
export function cell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const TMDB_HEADER = TMDB_COLUMNS.join(',');

/** A valid TMDB_movie_dataset_v11 row with id `id`, some cells overridden (values are CSV-quoted as needed). */
export function tmdbRow(id: number, fields: TmdbFields = {}): string {
  const v: Record<string, string> = {
    id: String(id),
    title: `Movie ${id}`,
    vote_average: '7.5',
    vote_count: '1200',
    status: 'Released',
    release_date: '2001-05-04',
    revenue: '1000000',
    runtime: '101',
    adult: 'False',
    backdrop_path: `/b${id}.jpg`,
    budget: '500000',
    homepage: '',
    imdb_id: `tt${String(id).padStart(7, '0')}`,
    original_language: 'en',
    original_title: `Movie ${id}`,
    overview: `A story about number ${id}, told slowly.`,
    popularity: '12.5',
    poster_path: `/p${id}.jpg`,
    tagline: '',
    genres: 'Drama, Comedy',
    production_companies: 'Studio',
    production_countries: 'United States of America',
    spoken_languages: 'English',
    keywords: 'number, story',
    ...fields,
  };
  return TMDB_COLUMNS.map((c) => cell(v[c] ?? '')).join(',');
}

/** Runs `fn` and returns the AppError it rejects with (fails the test otherwise). */
export async function appError(fn: () => Promise<unknown>): Promise<AppError> {
  try {
    await fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError, but the call succeeded');
}
