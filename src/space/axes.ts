/**
 * The mood axes both a song and a film have. Each is computed in [0, 1] on its own side, then each
 * side is standardised on its own catalogue, so cosine compares where a song sits among songs with
 * where a film sits among films (a song brighter than most songs ↔ a film brighter than most films).
 */
export const AXES = [
  'valence',
  'arousal',
  'darkness',
  'dance',
  'intimacy',
  'score',
  'mainstream',
  'era',
] as const;
export type Axis = (typeof AXES)[number];

/** What each axis means at its high and low end, on each side; the reasons shown to users quote these. */
export const AXIS_WORDS: Record<
  Axis,
  { songHigh: string; songLow: string; movieHigh: string; movieLow: string }
> = {
  valence: { songHigh: 'bright, upbeat', songLow: 'melancholy', movieHigh: 'feel-good', movieLow: 'sombre' },
  arousal: { songHigh: 'high energy', songLow: 'calm', movieHigh: 'fast-paced', movieLow: 'slow-burning' },
  darkness: { songHigh: 'dark, tense', songLow: 'light-hearted', movieHigh: 'dark', movieLow: 'gentle' },
  dance: {
    songHigh: 'danceable',
    songLow: 'not for dancing',
    movieHigh: 'comedy/music',
    movieLow: 'serious',
  },
  intimacy: {
    songHigh: 'acoustic, intimate',
    songLow: 'big, produced',
    movieHigh: 'intimate drama',
    movieLow: 'spectacle',
  },
  score: {
    songHigh: 'instrumental',
    songLow: 'sung',
    movieHigh: 'score-driven',
    movieLow: 'dialogue-driven',
  },
  mainstream: {
    songHigh: 'a hit',
    songLow: 'a deep cut',
    movieHigh: 'widely seen',
    movieLow: 'lesser known',
  },
  era: {
    songHigh: 'a current sound',
    songLow: 'a classic',
    movieHigh: 'recent',
    movieLow: 'from an earlier era',
  },
};
