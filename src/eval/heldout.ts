import type { Calibration } from '../engine/catalog.js';
import type { Engine } from '../engine/engine.js';
import { scoreAll } from '../engine/scoring.js';
import { isAppError } from '../errors.js';
import { fitCalibration, MIN_CALIBRATION_PAIRS } from './calibrate.js';
import type { EvalPair } from './evaluate.js';
import { median, mulberry32 } from './metrics.js';

/** Rank of the true film for each pair (by index into the pairs list), under one weight setting. */
export type RankTable = ReadonlyMap<string, ReadonlyArray<number | undefined>>;

export interface SelectionHeldOut {
  splits: number;
  /** Held-out credit median of the setting chosen on the other half, averaged over splits. */
  selectedMedian: number;
  /** Held-out album recall@1 of that setting, averaged over splits. */
  selectedAlbumR1: number;
  /** Each named setting's credit median on the same held-out halves (no choice involved). */
  fixedMedian: Record<string, number>;
  /** How often each setting won on the tuning half. */
  picks: Record<string, number>;
}

/**
 * How much choosing weights on dev pairs is worth on films not used to choose them: repeated
 * 2-fold splits by film; on one half, pick the setting with the lowest credit median among those
 * keeping album recall@1 ≥ 0.8 (the rule the shipped weights were chosen by); report it on the other.
 */
export function selectionHeldOut(
  pairs: readonly EvalPair[],
  ranks: RankTable,
  options: { splits?: number; seed?: number } = {},
): SelectionHeldOut {
  const films = [...new Set(pairs.map((p) => p.tmdbId))];
  const rand = mulberry32(options.seed ?? 5);
  const splits = options.splits ?? 200;
  const selected: number[] = [];
  const albumR1: number[] = [];
  const fixed = new Map<string, number[]>([...ranks.keys()].map((name) => [name, []]));
  const picks: Record<string, number> = {};
  const rankAt = (name: string, i: number) => ranks.get(name)?.[i];
  const credit = (name: string, idx: number[]) =>
    median(idx.map((i) => rankAt(name, i)).filter((r): r is number => r !== undefined));
  const recallAt1 = (name: string, idx: number[]) =>
    idx.length === 0 ? 1 : idx.filter((i) => rankAt(name, i) === 1).length / idx.length;
  for (let attempt = 0; attempt < splits * 4 && selected.length < splits; attempt++) {
    const tuning = new Set(films.filter(() => rand() < 0.5));
    const part = (inTuning: boolean, source: string) =>
      pairs.flatMap((p, i) => (tuning.has(p.tmdbId) === inTuning && p.source === source ? [i] : []));
    const [tuneCredit, testCredit] = [part(true, 'credit'), part(false, 'credit')];
    // Halves with almost no credit pairs say nothing about either side.
    if (tuneCredit.length < 4 || testCredit.length < 4) continue;
    const tuneAlbum = part(true, 'album');
    let best = '';
    let bestKey = Number.POSITIVE_INFINITY;
    for (const name of ranks.keys()) {
      const key = (recallAt1(name, tuneAlbum) >= 0.8 ? 0 : 1e9) + credit(name, tuneCredit);
      if (key < bestKey) {
        bestKey = key;
        best = name;
      }
    }
    picks[best] = (picks[best] ?? 0) + 1;
    selected.push(credit(best, testCredit));
    albumR1.push(recallAt1(best, part(false, 'album')));
    for (const [name, medians] of fixed) medians.push(credit(name, testCredit));
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  return {
    splits: selected.length,
    selectedMedian: mean(selected),
    selectedAlbumR1: mean(albumR1),
    fixedMedian: Object.fromEntries([...fixed].map(([k, v]) => [k, mean(v)])),
    picks,
  };
}

export interface CalibrationSplit {
  fitted: Calibration;
  /** Balanced log-loss on the held-out films' pairs: fitted on the other half, and fitted on them. */
  heldOutLoss: number;
  inSampleLoss: number;
  /** Mean calibrated score of true pairs and of random films for the same songs, held out. */
  meanTrue: number;
  meanRandom: number;
}

/** Fits the score calibration on half of the films and checks it on the other half. */
export function calibrationHeldOut(
  engine: Engine,
  pairs: readonly EvalPair[],
  options: { splits?: number; seed?: number } = {},
): CalibrationSplit[] {
  const films = [...new Set(pairs.map((p) => p.tmdbId))];
  const rand = mulberry32(options.seed ?? 9);
  const out: CalibrationSplit[] = [];
  for (let s = 0; s < (options.splits ?? 5); s++) {
    const half = new Set(films.filter(() => rand() < 0.5));
    const fitPairs = pairs.filter((p) => half.has(p.tmdbId));
    const testPairs = pairs.filter((p) => !half.has(p.tmdbId));
    // Both halves are fitted below; a half too small to fit (counting only pairs in the catalogue,
    // as fitCalibration does, which refuses such a half) is skipped, not an error.
    if (fitPairs.length < MIN_CALIBRATION_PAIRS || testPairs.length < MIN_CALIBRATION_PAIRS) continue;
    const fitted = fitOrSkip(engine, fitPairs);
    const inSample = fitOrSkip(engine, testPairs);
    if (!fitted || !inSample) continue;
    const held = balancedLoss(engine, testPairs, fitted);
    out.push({
      fitted,
      heldOutLoss: held.loss,
      inSampleLoss: balancedLoss(engine, testPairs, inSample).loss,
      meanTrue: held.meanTrue,
      meanRandom: held.meanRandom,
    });
  }
  return out;
}

function fitOrSkip(engine: Engine, pairs: readonly EvalPair[]): Calibration | undefined {
  try {
    return fitCalibration(engine, pairs);
  } catch (e) {
    if (isAppError(e) && e.code === 'BAD_INPUT') return undefined;
    throw e;
  }
}

function balancedLoss(engine: Engine, pairs: readonly EvalPair[], cal: Calibration, negatives = 50) {
  const c = engine.catalog;
  const rand = mulberry32(77);
  const prob = (x: number) => 1 / (1 + Math.exp(-(cal.a * x + cal.b)));
  let loss = 0;
  let weight = 0;
  let sumTrue = 0;
  let sumRandom = 0;
  let n = 0;
  for (const p of pairs) {
    const song = engine.songs.byId(p.trackId);
    const film = c.movies.indexOfId(p.tmdbId);
    if (song === undefined || film === undefined) continue;
    const scores = scoreAll(c, engine.query([song]));
    const pt = prob(scores[film] as number);
    loss -= Math.log(Math.max(1e-9, pt));
    weight += 1;
    sumTrue += pt;
    n++;
    for (let k = 0; k < negatives; k++) {
      // Random films other than the true one, as fitCalibration draws them.
      const m = Math.floor(rand() * c.movies.length);
      if (m === film) continue;
      const pn = prob(scores[m] as number);
      loss -= Math.log(Math.max(1e-9, 1 - pn)) / negatives;
      weight += 1 / negatives;
      sumRandom += pn / negatives;
    }
  }
  return {
    loss: loss / Math.max(1e-9, weight),
    meanTrue: sumTrue / Math.max(1, n),
    meanRandom: sumRandom / Math.max(1, n),
  };
}
