import type { Engine, MovieResult, Outcome, SongForMovie } from '../src/engine/engine.js';
import type { CommandDefinition } from './definition.js';

export interface SongsForArgs {
  movie?: string;
  year?: number;
  count?: number;
}

export const SONGS_FOR = {
  name: 'songs-for',
  description: "Songs that share a movie's mood",
  options: [
    { name: 'movie', description: 'Movie title', type: 'string', required: true, autocomplete: true },
    {
      name: 'year',
      description: 'Release year, to pick between films with the same title',
      type: 'integer',
      min: 1870,
      max: 2100,
    },
    { name: 'count', description: 'How many songs (1–10)', type: 'integer', min: 1, max: 10 },
  ],
} as const;

export function songsForCommand(
  engine: Engine,
): CommandDefinition<SongsForArgs, Outcome<{ movie: MovieResult; songs: SongForMovie[] }>> {
  return {
    ...SONGS_FOR,
    run: (a) =>
      engine.songsFor(a.movie, { k: Math.max(1, Math.min(10, Math.floor(a.count ?? 5))), year: a.year }),
  };
}
