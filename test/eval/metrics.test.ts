import { describe, expect, it } from 'vitest';
import {
  catalogueHealth,
  gini,
  median,
  mulberry32,
  rankOf,
  sampleIndices,
  summarizeRanks,
} from '../../src/eval/metrics.js';

describe('gini (exposure inequality over the catalogue)', () => {
  // The code uses G = 2·Σ i·x₍ᵢ₎ / (n·Σx) − (n+1)/n over ascending counts, i = 1..n: the plain
  // (population) Gini, equal to mean |xᵢ − xⱼ| / (2·mean). Its maximum is (n−1)/n, not 1.
  it('GIVEN every film shown equally often THEN 0', () => {
    expect(gini([5, 5, 5, 5])).toBe(0);
  });

  it('GIVEN every showing on one of n films THEN (n−1)/n', () => {
    expect(gini([0, 0, 0, 10])).toBeCloseTo(3 / 4, 12);
    expect(gini([0, 7, 0, 0, 0, 0, 0, 0, 0, 0])).toBeCloseTo(9 / 10, 12);
  });

  it('GIVEN counts 1,2,3,4 in any order THEN 0.25 (Σ|xᵢ−xⱼ| = 20 over ordered pairs, 2·n²·mean = 80)', () => {
    expect(gini([1, 2, 3, 4])).toBeCloseTo(0.25, 12);
    expect(gini([4, 1, 3, 2])).toBeCloseTo(0.25, 12);
  });

  it('GIVEN no films or no showings THEN 0 rather than NaN', () => {
    expect(gini([])).toBe(0);
    expect(gini([0, 0, 0])).toBe(0);
  });
});

describe('median', () => {
  it('GIVEN an odd count THEN the middle value after sorting', () => {
    expect(median([9, 1, 5])).toBe(5);
  });

  it('GIVEN an even count THEN the mean of the two middle values', () => {
    expect(median([3, 1, 2, 4])).toBe(2.5);
    expect(median([10, 2])).toBe(6);
  });

  it('GIVEN nothing THEN NaN; the input is left unsorted', () => {
    expect(median([])).toBeNaN();
    const v = [3, 1, 2];
    median(v);
    expect(v).toEqual([3, 1, 2]);
  });
});

describe('rankOf (1-based rank of the true film)', () => {
  // Convention: ties count against the true film. It ranks behind every other film scoring at least
  // as high, so a ranker that scores everything equally gets the worst rank, not the best.
  it('GIVEN higher and equal scores THEN rank = 1 + films scoring ≥ the target', () => {
    const scores = [0.5, 0.9, 0.5, 0.5, 0.1];
    expect(rankOf(scores, 1)).toBe(1);
    expect(rankOf(scores, 0)).toBe(4); // behind 0.9 and both other 0.5s
    expect(rankOf(scores, 2)).toBe(4);
    expect(rankOf(scores, 4)).toBe(5);
  });

  it('GIVEN all scores equal THEN the last rank', () => {
    expect(rankOf(new Float64Array(7).fill(0.3), 2)).toBe(7);
  });

  it('GIVEN the true film scored NaN THEN the last rank, not the first', () => {
    expect(rankOf([Number.NaN, 1, 2], 0)).toBe(3);
  });
});

describe('summarizeRanks (recall@k, MRR, median rank)', () => {
  it('GIVEN ranks 1, 2, 4, 10, 200 in a catalogue of 1000 THEN the hand-computed figures', () => {
    const s = summarizeRanks([10, 1, 200, 4, 2], 1000);
    expect(s.n).toBe(5);
    expect(s.recallAt1).toBe(1 / 5);
    expect(s.recallAt5).toBe(3 / 5); // 1, 2, 4
    expect(s.recallAt10).toBe(4 / 5); // rank 10 counts: recall@k is rank ≤ k
    expect(s.recallAt100).toBe(4 / 5);
    expect(s.mrr).toBeCloseTo((1 + 1 / 2 + 1 / 4 + 1 / 10 + 1 / 200) / 5, 12); // 0.371
    expect(s.medianRank).toBe(4);
    expect(s.medianPercentile).toBeCloseTo(0.004, 12);
  });

  it('GIVEN no ranks THEN zero recall and MRR, NaN median', () => {
    const s = summarizeRanks([], 100);
    expect(s).toMatchObject({ n: 0, recallAt1: 0, recallAt5: 0, recallAt10: 0, recallAt100: 0, mrr: 0 });
    expect(s.medianRank).toBeNaN();
  });
});

describe('catalogueHealth (top-5 lists for sampled songs)', () => {
  // 12 films; films 10 and 11 never shown. Film 0 is in three lists, 9 in one, the rest in two.
  const lists = [
    [0, 1, 2, 3, 4],
    [4, 3, 2, 1, 0], // the same films as the first list, in another order
    [0, 5, 6, 7, 8],
    [5, 6, 7, 8, 9],
  ];
  const h = catalogueHealth(lists, 12, (m) => `film ${m}`);

  it('GIVEN four lists THEN distinct films and coverage = distinct / (5 × lists)', () => {
    expect(h.lists).toBe(4);
    expect(h.distinctFilms).toBe(10);
    expect(h.coverage).toBe(10 / 20);
  });

  it('GIVEN film 0 in three of four lists THEN it is the top film with share 0.75', () => {
    expect(h.topFilm).toBe('film 0');
    expect(h.topFilmShare).toBe(0.75);
  });

  it('GIVEN one identical pair (order ignored) among 6 pairs of lists THEN identical share 1/6', () => {
    expect(h.identicalListShare).toBeCloseTo(1 / 6, 12);
  });

  it('GIVEN counts 0,0,1,2×8,3 over the catalogue THEN gini 29/120', () => {
    // ascending: i·x summed = 3 + 2·(4+…+11) + 12·3 = 159; 2·159/(12·20) − 13/12 = 58/240.
    expect(h.gini).toBeCloseTo(29 / 120, 12);
  });

  it('GIVEN no lists THEN zeros and no top film', () => {
    expect(catalogueHealth([], 5, String)).toEqual({
      lists: 0,
      distinctFilms: 0,
      coverage: 0,
      gini: 0,
      topFilm: '',
      topFilmShare: 0,
      identicalListShare: 0,
    });
  });
});

describe('sampleIndices (songs for the health sample)', () => {
  it('GIVEN k < n THEN k distinct indices in range, the same ones for the same seed', () => {
    const a = sampleIndices(50, 20, mulberry32(42));
    expect(a).toHaveLength(20);
    expect(new Set(a).size).toBe(20);
    for (const i of a) expect(i >= 0 && i < 50 && Number.isInteger(i)).toBe(true);
    expect(sampleIndices(50, 20, mulberry32(42))).toEqual(a);
    expect(sampleIndices(50, 20, mulberry32(43))).not.toEqual(a);
  });

  it('GIVEN k ≥ n THEN every index exactly once', () => {
    expect([...sampleIndices(8, 1000, mulberry32(1))].sort((x, y) => x - y)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
    expect(sampleIndices(0, 10, mulberry32(1))).toEqual([]);
    expect(sampleIndices(5, 0, mulberry32(1))).toEqual([]);
  });

  it('GIVEN many draws of 2 from 4 THEN each index is picked about equally often', () => {
    const rand = mulberry32(7);
    const hits = [0, 0, 0, 0];
    for (let t = 0; t < 4000; t++)
      for (const i of sampleIndices(4, 2, rand)) hits[i] = (hits[i] as number) + 1;
    // Expected 2000 each; a binomial sd of about 32, so ±150 is far outside chance.
    for (const h of hits) expect(Math.abs(h - 2000)).toBeLessThan(150);
  });
});
