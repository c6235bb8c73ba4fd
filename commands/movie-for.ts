import type { Engine, Outcome, Recommendation } from '../src/engine/engine.js';
import { TMDB_GENRES } from '../src/features/tmdb-genres.js';
import type { CommandDefinition } from './definition.js';

export interface MovieForArgs {
  song?: string;
  artist?: string;
  trackId?: string;
  count?: number;
  page?: number;
  excludeGenre?: string;
  familySafe?: boolean;
}

export const MOVIE_FOR = {
  name: 'movie-for',
  description: "Movies that share a song's mood",
  options: [
    { name: 'song', description: 'Song title', type: 'string', required: true, autocomplete: true },
    { name: 'artist', description: 'Artist, to pick between songs with the same title', type: 'string' },
    { name: 'count', description: 'How many movies (1–10)', type: 'integer', min: 1, max: 10 },
    {
      name: 'exclude-genre',
      description: 'Leave out movies of this genre',
      type: 'string',
      choices: TMDB_GENRES,
    },
    { name: 'family-safe', description: 'Hide movies whose poster was flagged as unsafe', type: 'boolean' },
  ],
} as const;

export function movieForCommand(engine: Engine): CommandDefinition<MovieForArgs, Outcome<Recommendation>> {
  return {
    ...MOVIE_FOR,
    run: (a) => {
      const k = Math.max(1, Math.min(10, Math.floor(a.count ?? 5)));
      return engine.recommend(
        { song: a.song, artist: a.artist, trackId: a.trackId },
        {
          k,
          offset: Math.max(0, Math.floor(a.page ?? 0)) * k,
          excludeGenres: a.excludeGenre ? [a.excludeGenre] : [],
          familySafe: a.familySafe ?? false,
        },
      );
    },
  };
}
