import type { Calibration } from '../engine/catalog.js';
import type { Engine } from '../engine/engine.js';
import { scoreAll } from '../engine/scoring.js';
import { AppError } from '../errors.js';
import type { EvalPair } from './evaluate.js';
import { mulberry32 } from './metrics.js';

/**
 * Fewest song→film pairs (found in the catalogue) a fit may rest on. Two parameters, and the usual
 * rule of thumb for logistic regression asks for about ten events of the rarer class per parameter;
 * the positives are that class (the negatives are many but carry their songs' total weight of one).
 * Below this, a and b follow a handful of songs; with none, the fit never moves from its start.
 */
export const MIN_CALIBRATION_PAIRS = 20;

/**
 * Fits score = sigmoid(a·raw + b) so that it reads as a probability: positives are real song→film
 * pairs, negatives random films for the same songs, weighted to equal total mass. A score of 0.8
 * then means: in a balanced draw of real and random pairings, matches scoring like this one were
 * real four times in five. Plain Newton steps on the two parameters; the data set is small.
 *
 * Throws BAD_INPUT rather than returning a degenerate fit: fewer than MIN_CALIBRATION_PAIRS usable
 * pairs, or a slope that is not positive (a better match would score lower). A caller that asked
 * for a refit should hear it failed; falling back quietly would ship a calibration nobody chose.
 */
export function fitCalibration(
  engine: Engine,
  pairs: readonly EvalPair[],
  negativesPerPair = 50,
  seed = 11,
): Calibration {
  const c = engine.catalog;
  const rand = mulberry32(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  const ws: number[] = [];
  let used = 0;
  for (const p of pairs) {
    const song = engine.songs.byId(p.trackId);
    const film = c.movies.indexOfId(p.tmdbId);
    if (song === undefined || film === undefined) continue;
    used++;
    const scores = scoreAll(c, engine.query([song]));
    xs.push(scores[film] as number);
    ys.push(1);
    ws.push(1);
    for (let k = 0; k < negativesPerPair; k++) {
      const m = Math.floor(rand() * c.movies.length);
      if (m === film) continue;
      xs.push(scores[m] as number);
      ys.push(0);
      ws.push(1 / negativesPerPair);
    }
  }
  if (used < MIN_CALIBRATION_PAIRS) {
    throw new AppError(
      'BAD_INPUT',
      `Cannot fit the score calibration: ${used} of ${pairs.length} song→film pairs name a song and a film in this catalogue; at least ${MIN_CALIBRATION_PAIRS} are needed.`,
      { details: { usable: used, total: pairs.length, minimum: MIN_CALIBRATION_PAIRS } },
    );
  }
  let a = 1;
  let b = 0;
  for (let iter = 0; iter < 50; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-6;
    let hab = 0;
    let hbb = 1e-6;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i] as number;
      const p = 1 / (1 + Math.exp(-(a * x + b)));
      const w = ws[i] as number;
      const r = w * (p - (ys[i] as number));
      ga += r * x;
      gb += r;
      const h = w * p * (1 - p);
      haa += h * x * x;
      hab += h * x;
      hbb += h;
    }
    // A little ridge keeps a from running off when the classes separate perfectly.
    ga += 0.01 * a;
    haa += 0.01;
    const det = haa * hbb - hab * hab;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) + Math.abs(db) < 1e-9) break;
  }
  if (!(a > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new AppError(
      'BAD_INPUT',
      `Cannot fit the score calibration: on these ${used} pairs the real films do not score above random ones (slope a=${a.toPrecision(3)}, must be positive), so a better match would get a lower score.`,
      { details: { usable: used, a, b } },
    );
  }
  return { a, b, fittedOn: `${used} song→film pairs, ${negativesPerPair} random films each, balanced` };
}
