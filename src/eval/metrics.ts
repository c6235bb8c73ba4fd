/** Ranking and exposure metrics; pure functions over ranks and counts. */

/** 1-based rank of `target` in scores (higher is better); ties count against the target. */
export function rankOf(scores: ArrayLike<number>, target: number): number {
  const t = scores[target] as number;
  // A film the ranker could not score is ranked last, never first.
  if (Number.isNaN(t)) return scores.length;
  let rank = 1;
  for (let i = 0; i < scores.length; i++) if (i !== target && (scores[i] as number) >= t) rank++;
  return rank;
}

export interface RankSummary {
  n: number;
  recallAt1: number;
  recallAt5: number;
  recallAt10: number;
  recallAt100: number;
  mrr: number;
  medianRank: number;
  /** Median rank as a share of the catalogue (0 best, 1 worst). */
  medianPercentile: number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function summarizeRanks(ranks: readonly number[], catalogueSize: number): RankSummary {
  const n = ranks.length;
  const share = (k: number) => (n === 0 ? 0 : ranks.filter((r) => r <= k).length / n);
  const med = median(ranks);
  return {
    n,
    recallAt1: share(1),
    recallAt5: share(5),
    recallAt10: share(10),
    recallAt100: share(100),
    mrr: n === 0 ? 0 : ranks.reduce((s, r) => s + 1 / r, 0) / n,
    medianRank: med,
    medianPercentile: catalogueSize > 0 ? med / catalogueSize : Number.NaN,
  };
}

/** Gini coefficient of exposure counts over the whole catalogue (0: every film equally shown; (n−1)/n, near 1: one film only). */
export function gini(counts: readonly number[]): number {
  const n = counts.length;
  if (n === 0) return 0;
  const s = [...counts].sort((a, b) => a - b);
  const total = s.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  let weighted = 0;
  s.forEach((c, i) => {
    weighted += (i + 1) * c;
  });
  return (2 * weighted) / (n * total) - (n + 1) / n;
}

export interface CatalogueHealth {
  lists: number;
  distinctFilms: number;
  /** distinct / (5 × lists) */
  coverage: number;
  gini: number;
  topFilm: string;
  /** Share of lists that contain the most-shown film. */
  topFilmShare: number;
  /** Share of song pairs whose top-5 lists are identical. */
  identicalListShare: number;
}

export function catalogueHealth(
  lists: readonly number[][],
  catalogueSize: number,
  nameOf: (m: number) => string,
): CatalogueHealth {
  const counts = new Array<number>(catalogueSize).fill(0);
  for (const l of lists) for (const m of l) counts[m] = (counts[m] ?? 0) + 1;
  let top = 0;
  counts.forEach((c, i) => {
    if (c > (counts[top] ?? 0)) top = i;
  });
  const keys = new Map<string, number>();
  for (const l of lists) {
    const key = [...l].sort((a, b) => a - b).join(',');
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  let samePairs = 0;
  for (const c of keys.values()) samePairs += (c * (c - 1)) / 2;
  const allPairs = (lists.length * (lists.length - 1)) / 2;
  const k = lists[0]?.length ?? 5;
  const distinct = counts.filter((c) => c > 0).length;
  return {
    lists: lists.length,
    distinctFilms: distinct,
    coverage: lists.length === 0 ? 0 : distinct / (k * lists.length),
    gini: gini(counts),
    topFilm: lists.length === 0 ? '' : nameOf(top),
    topFilmShare: lists.length === 0 ? 0 : (counts[top] ?? 0) / lists.length,
    identicalListShare: allPairs === 0 ? 0 : samePairs / allPairs,
  };
}

/**
 * k distinct indices from 0..n-1, drawn without replacement by a partial Fisher–Yates shuffle
 * (each k-subset equally likely, in draw order); all n, shuffled, when k ≥ n. Deterministic for a
 * seeded `rand`.
 */
export function sampleIndices(n: number, k: number, rand: () => number): number[] {
  const take = Math.max(0, Math.min(k, n));
  const idx = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(rand() * (n - i));
    const t = idx[i] as number;
    idx[i] = idx[j] as number;
    idx[j] = t;
  }
  return idx.slice(0, take);
}

export { mulberry32 } from '../random.js';
