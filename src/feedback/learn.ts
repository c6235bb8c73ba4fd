import type { Catalog, LearnedWeights } from '../engine/catalog.js';
import { Engine } from '../engine/engine.js';
import { RERANK_FEATURES, rawScore, rerankFeatures, songQuery } from '../engine/scoring.js';
import { mulberry32 } from '../eval/metrics.js';
import { fitLogistic } from './logistic.js';
import type { StoredVote } from './port.js';

export interface LearnOptions {
  /** Share of songs (or users) held out to judge the fit (default 0.3). */
  heldOutShare?: number;
  /** Hold out whole songs (default: the weights must carry over to songs never voted on) or users. */
  splitBy?: 'song' | 'user';
  seed?: number;
  /** L2 penalty of the logistic fit, on standardised features (default 1). */
  l2?: number;
  /** The list length precision is measured on (default 5). */
  k?: number;
  /** Fewer held-out votes on films in a top k than this and nothing is written (default 30). */
  minHeldOutVotes?: number;
  /** Held-out precision must rise by at least this much (default 0.005). */
  minGain?: number;
  /**
   * Share of bootstrap resamples of the held-out songs (or users) in which the re-ranked precision
   * beats the current one; below it the gain is taken for noise (default 0.95).
   */
  minConfidence?: number;
  /** Strengths tried for the re-ranker, relative to the spread of the engine's own scores. */
  scales?: readonly number[];
}

export interface PrecisionFigures {
  /** up / (up + down) over votes on films the ranking puts in its top k; null with no such vote. */
  precision: number | null;
  /** Votes on films in the top k (the denominator). */
  rated: number;
  up: number;
  songs: number;
}

export interface LearnResult {
  improved: boolean;
  /** One sentence: why the weights were or were not worth writing. */
  reason: string;
  features: readonly string[];
  /** The logistic fit of up (1) vs down (0) on the training votes. */
  logistic: { coefficients: number[]; standardized: number[]; intercept: number } | null;
  /** The re-ranker in engine units (what `learned-weights.json` holds), when a fit was made. */
  weights: LearnedWeights | null;
  /** The chosen strength, relative to the spread of the engine's scores. */
  scale: number | null;
  votes: { used: number; unknown: number; train: number; heldOut: number };
  split: { by: 'song' | 'user'; seed: number; trainGroups: number; heldOutGroups: number };
  train: { before: PrecisionFigures; after: PrecisionFigures } | null;
  heldOut: { before: PrecisionFigures; after: PrecisionFigures; confidence: number } | null;
}

interface Example {
  song: number;
  film: number;
  tmdbId: number;
  up: boolean;
  group: string;
}

const DEFAULT_SCALES = [0.25, 0.5, 1, 2, 4];
/** A re-ranked top k must keep at least this share of the rated films to be judged on them. */
const KEEP_RATED = 0.5;

/** Precision of a catalogue's ranking over labelled examples: votes on films it puts in its top k. */
export function precisionAtK(catalog: Catalog, examples: readonly Example[], k: number): PrecisionFigures {
  const { figures } = precisionByGroup(catalog, examples, k);
  return figures;
}

function precisionByGroup(
  catalog: Catalog,
  examples: readonly Example[],
  k: number,
): { figures: PrecisionFigures; groups: Map<string, { up: number; rated: number }> } {
  const engine = new Engine(catalog);
  const bySong = new Map<number, Example[]>();
  for (const e of examples) {
    const list = bySong.get(e.song);
    if (list) list.push(e);
    else bySong.set(e.song, [e]);
  }
  const groups = new Map<string, { up: number; rated: number }>();
  let rated = 0;
  let up = 0;
  for (const [song, list] of bySong) {
    const top = new Set(engine.recommendForSongs([song], { k }).movies.map((m) => m.tmdbId));
    for (const e of list) {
      const g = groups.get(e.group) ?? { up: 0, rated: 0 };
      groups.set(e.group, g);
      if (!top.has(e.tmdbId)) continue;
      rated++;
      g.rated++;
      if (e.up) {
        up++;
        g.up++;
      }
    }
  }
  return { figures: { precision: rated > 0 ? up / rated : null, rated, up, songs: bySong.size }, groups };
}

/**
 * How sure a held-out gain is: the share of bootstrap resamples of the held-out groups (songs or
 * users) in which the re-ranked precision beats the current one. Paired: each resample takes the
 * same groups for both rankings.
 */
function gainConfidence(
  before: Map<string, { up: number; rated: number }>,
  after: Map<string, { up: number; rated: number }>,
  seed: number,
  rounds = 1000,
): number {
  const keys = [...before.keys()];
  if (keys.length === 0) return 0;
  const rand = mulberry32(seed ^ 0x5bd1e995);
  let wins = 0;
  for (let r = 0; r < rounds; r++) {
    let ub = 0;
    let rb = 0;
    let ua = 0;
    let ra = 0;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[Math.floor(rand() * keys.length)] as string;
      const b = before.get(key);
      const a = after.get(key);
      ub += b?.up ?? 0;
      rb += b?.rated ?? 0;
      ua += a?.up ?? 0;
      ra += a?.rated ?? 0;
    }
    if (ra > 0 && rb > 0 && ua / ra > ub / rb) wins++;
  }
  return wins / rounds;
}

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

function spread(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  return Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length);
}

/**
 * Fits the re-ranker to the votes. Votes are split by song (or user) with a seeded shuffle; a
 * logistic regression of up vs down on the re-rank features of the training votes gives the
 * direction; its strength is chosen on the training songs' precision@k; the result is judged once,
 * on the held-out votes, against the engine without learned weights. `improved` is true only when
 * held-out precision@k rises by at least `minGain` on enough votes.
 */
export function learnFromVotes(
  catalog: Catalog,
  votes: readonly StoredVote[],
  options: LearnOptions = {},
): LearnResult {
  const k = options.k ?? 5;
  const seed = options.seed ?? 42;
  const by = options.splitBy ?? 'song';
  const base: Catalog = { ...catalog, learned: undefined };
  const songByTrack = new Map(catalog.songs.map((s, i) => [s.trackId, i]));
  const examples: Example[] = [];
  let unknown = 0;
  for (const v of votes) {
    const song = songByTrack.get(v.trackId);
    const film = catalog.movies.indexOfId(v.tmdbId);
    if (song === undefined || film === undefined) {
      unknown++;
      continue;
    }
    examples.push({
      song,
      film,
      tmdbId: v.tmdbId,
      up: v.value === 'up',
      group: by === 'song' ? v.trackId : v.userHash,
    });
  }
  const groups = shuffle([...new Set(examples.map((e) => e.group))].sort(), mulberry32(seed));
  const heldOutCount = Math.round(groups.length * (options.heldOutShare ?? 0.3));
  const heldOutGroups = new Set(groups.slice(0, heldOutCount));
  const train = examples.filter((e) => !heldOutGroups.has(e.group));
  const heldOut = examples.filter((e) => heldOutGroups.has(e.group));
  const result: LearnResult = {
    improved: false,
    reason: '',
    features: RERANK_FEATURES,
    logistic: null,
    weights: null,
    scale: null,
    votes: { used: examples.length, unknown, train: train.length, heldOut: heldOut.length },
    split: { by, seed, trainGroups: groups.length - heldOutCount, heldOutGroups: heldOutCount },
    train: null,
    heldOut: null,
  };
  const ups = train.filter((e) => e.up).length;
  if (ups === 0 || ups === train.length || heldOut.length === 0) {
    result.reason = `Not enough labels to learn from: ${train.length} training and ${heldOut.length} held-out votes, ${ups} of the training votes up (both kinds are needed).`;
    return result;
  }

  const queries = new Map<number, Float32Array>();
  const queryOf = (s: number) => {
    let q = queries.get(s);
    if (!q) {
      q = songQuery(catalog, [s]).vector;
      queries.set(s, q);
    }
    return q;
  };
  const model = fitLogistic(
    train.map((e) => rerankFeatures(catalog, queryOf(e.song), e.film)),
    train.map((e) => (e.up ? 1 : 0)),
    { l2: options.l2 ?? 1 },
  );
  result.logistic = {
    coefficients: model.coefficients,
    standardized: model.standardized,
    intercept: model.intercept,
  };

  // Put the logistic direction on the scale of the engine's own scores among its candidates.
  const rawScores: number[] = [];
  const terms: number[] = [];
  for (const s of new Set(train.map((e) => e.song))) {
    const q = songQuery(base, [s]);
    for (const hit of base.movieIndex.search(q.vector, 30)) {
      rawScores.push(rawScore(base, q, hit.label));
      const x = rerankFeatures(base, q.vector, hit.label);
      terms.push(model.coefficients.reduce((sum, c, j) => sum + c * (x[j] as number), 0));
    }
  }
  const termSpread = spread(terms);
  if (termSpread === 0) {
    result.reason = 'The votes do not depend on any re-rank feature; nothing to learn.';
    return result;
  }
  const unit = spread(rawScores) / termSpread;
  const termMean = terms.reduce((s, t) => s + t, 0) / terms.length;
  const weightsAt = (scale: number): LearnedWeights => ({
    featureWeights: model.coefficients.map((c) => c * unit * scale),
    bias: -termMean * unit * scale,
  });

  const trainBefore = precisionAtK(base, train, k);
  let best = { scale: 0, figures: trainBefore };
  for (const scale of options.scales ?? DEFAULT_SCALES) {
    const figures = precisionAtK({ ...base, learned: weightsAt(scale) }, train, k);
    // Labels exist only for films that were shown: a re-rank that pushes most of them out cannot be
    // judged on the few left, so such strengths are not candidates (the same rule as held out).
    if (figures.rated < trainBefore.rated * KEEP_RATED) continue;
    if ((figures.precision ?? 0) > (best.figures.precision ?? 0)) best = { scale, figures };
  }
  result.train = { before: trainBefore, after: best.figures };
  if (best.scale === 0) {
    result.reason = 'No strength of the fitted re-ranker beat the current ranking on the training songs.';
    return result;
  }
  result.scale = best.scale;
  result.weights = weightsAt(best.scale);

  const judgedBefore = precisionByGroup(base, heldOut, k);
  const judgedAfter = precisionByGroup({ ...base, learned: result.weights }, heldOut, k);
  const before = judgedBefore.figures;
  const after = judgedAfter.figures;
  const confidence = gainConfidence(judgedBefore.groups, judgedAfter.groups, seed);
  result.heldOut = { before, after, confidence };
  const minVotes = options.minHeldOutVotes ?? 30;
  const minConfidence = options.minConfidence ?? 0.95;
  const gain = (after.precision ?? 0) - (before.precision ?? 0);
  if (after.rated < minVotes) {
    result.reason = `Only ${after.rated} held-out votes fall on films the re-ranked top ${k} shows (at least ${minVotes} needed to judge it).`;
  } else if (after.rated < before.rated * KEEP_RATED) {
    result.reason = `The re-ranked top ${k} keeps too few of the rated films (${after.rated} of ${before.rated} held-out votes) to judge it.`;
  } else if (gain < (options.minGain ?? 0.005)) {
    result.reason = `Held-out precision@${k} did not improve (${fmt(before.precision)} → ${fmt(after.precision)}).`;
  } else if (confidence < minConfidence) {
    result.reason = `Held-out precision@${k} rose (${fmt(before.precision)} → ${fmt(after.precision)}) but only in ${Math.round(confidence * 100)}% of bootstrap resamples of the held-out ${by}s (${Math.round(minConfidence * 100)}% needed): too close to noise.`;
  } else {
    result.improved = true;
    result.reason = `Held-out precision@${k} improved from ${fmt(before.precision)} to ${fmt(after.precision)} on ${after.rated} votes (better in ${Math.round(confidence * 100)}% of bootstrap resamples).`;
  }
  return result;
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(3);
}
