/** The text /movie-help shows on every platform. */
export const HELP_TEXT = [
  '**music2movie** finds movies that share a song’s mood.',
  '• `/movie-for song:<title> [artist] [count] [exclude-genre] [family-safe]` — top movies for a song, each with a 0–1 match score and the reasons.',
  '• `/songs-for movie:<title>` — the other way round.',
  'Vote 👍 or 👎 on a movie to teach it what fits. The score is calibrated: 0.8 means matches like this one were real soundtrack pairings four times out of five in a balanced test.',
].join('\n');
