import { NSFW_CLASSES } from './model-constants.js';
import type { NsfwScores } from './types.js';

/** Scores for image `index` of a batch's `count x 5` probabilities, in nsfwjs's class order. */
export function nsfwScoresAt(probabilities: Float32Array, index: number): NsfwScores {
  const at = (c: number) => probabilities[index * NSFW_CLASSES.length + c] ?? 0;
  return { drawing: at(0), hentai: at(1), neutral: at(2), porn: at(3), sexy: at(4) };
}

/**
 * Explicit classes count fully and "sexy" half: it fires on suggestive but ordinary posters (swimwear,
 * pin-up art), which should not be hidden on their own. Compared with `unsafeThreshold` (default 0.7).
 */
export function unsafeScore(s: NsfwScores): number {
  return s.porn + s.hentai + 0.5 * s.sexy;
}
