/** TMDb's 19 movie genres, in a fixed order that the genre block of the vector space uses. */
export const TMDB_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Family',
  'Fantasy',
  'History',
  'Horror',
  'Music',
  'Mystery',
  'Romance',
  'Science Fiction',
  'TV Movie',
  'Thriller',
  'War',
  'Western',
] as const;

export type TmdbGenre = (typeof TMDB_GENRES)[number];

export const GENRE_INDEX: ReadonlyMap<string, number> = new Map(TMDB_GENRES.map((g, i) => [g, i]));

/**
 * What each genre promises about mood, each in [0, 1]: valence (bright vs grim), arousal (pace),
 * darkness (menace), dance (rhythm, song and dance), intimacy (quiet, close, acoustic), score
 * (carried by an orchestral or instrumental score). Hand-set from genre conventions; the overview
 * text and the poster then move each film away from its genre's prior.
 */
export interface MoodPrior {
  valence: number;
  arousal: number;
  darkness: number;
  dance: number;
  intimacy: number;
  score: number;
}

export const GENRE_MOOD: Record<TmdbGenre, MoodPrior> = {
  Action: { valence: 0.55, arousal: 0.9, darkness: 0.45, dance: 0.25, intimacy: 0.1, score: 0.65 },
  Adventure: { valence: 0.7, arousal: 0.8, darkness: 0.3, dance: 0.3, intimacy: 0.15, score: 0.75 },
  Animation: { valence: 0.85, arousal: 0.6, darkness: 0.15, dance: 0.6, intimacy: 0.3, score: 0.5 },
  Comedy: { valence: 0.85, arousal: 0.55, darkness: 0.1, dance: 0.7, intimacy: 0.4, score: 0.2 },
  Crime: { valence: 0.3, arousal: 0.7, darkness: 0.75, dance: 0.3, intimacy: 0.3, score: 0.4 },
  Documentary: { valence: 0.5, arousal: 0.3, darkness: 0.35, dance: 0.2, intimacy: 0.6, score: 0.6 },
  Drama: { valence: 0.4, arousal: 0.35, darkness: 0.5, dance: 0.2, intimacy: 0.8, score: 0.4 },
  Family: { valence: 0.9, arousal: 0.5, darkness: 0.05, dance: 0.6, intimacy: 0.4, score: 0.4 },
  Fantasy: { valence: 0.65, arousal: 0.6, darkness: 0.35, dance: 0.3, intimacy: 0.3, score: 0.8 },
  History: { valence: 0.35, arousal: 0.45, darkness: 0.55, dance: 0.15, intimacy: 0.5, score: 0.7 },
  Horror: { valence: 0.1, arousal: 0.8, darkness: 0.95, dance: 0.1, intimacy: 0.3, score: 0.6 },
  Music: { valence: 0.8, arousal: 0.6, darkness: 0.15, dance: 0.9, intimacy: 0.5, score: 0.5 },
  Mystery: { valence: 0.3, arousal: 0.55, darkness: 0.7, dance: 0.1, intimacy: 0.4, score: 0.6 },
  Romance: { valence: 0.75, arousal: 0.35, darkness: 0.2, dance: 0.5, intimacy: 0.8, score: 0.3 },
  'Science Fiction': { valence: 0.5, arousal: 0.7, darkness: 0.5, dance: 0.2, intimacy: 0.1, score: 0.8 },
  'TV Movie': { valence: 0.6, arousal: 0.4, darkness: 0.3, dance: 0.3, intimacy: 0.5, score: 0.3 },
  Thriller: { valence: 0.2, arousal: 0.85, darkness: 0.8, dance: 0.15, intimacy: 0.2, score: 0.6 },
  War: { valence: 0.15, arousal: 0.8, darkness: 0.85, dance: 0.05, intimacy: 0.3, score: 0.7 },
  Western: { valence: 0.45, arousal: 0.6, darkness: 0.55, dance: 0.2, intimacy: 0.5, score: 0.6 },
};

/** TMDb lists a film's genres most characteristic first; later ones count for less. */
export function genreWeights(genres: readonly string[]): Array<[TmdbGenre, number]> {
  const out: Array<[TmdbGenre, number]> = [];
  genres.forEach((g, i) => {
    if (GENRE_INDEX.has(g)) out.push([g as TmdbGenre, 1 / (1 + 0.35 * i)]);
  });
  return out;
}
