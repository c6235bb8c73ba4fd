import { describe, expect, it } from 'vitest';
import type { EvalPair } from '../../src/eval/evaluate.js';
import { selectionHeldOut } from '../../src/eval/heldout.js';

// 20 films, two credit pairs and one album pair each.
const PAIRS: EvalPair[] = Array.from({ length: 20 }, (_, f) => [
  { trackId: `c${f}a`, tmdbId: f, source: 'credit' },
  { trackId: `c${f}b`, tmdbId: f, source: 'credit' },
  { trackId: `a${f}`, tmdbId: f, source: 'album' },
]).flat();

function table(rank: (p: EvalPair) => number): number[] {
  return PAIRS.map(rank);
}

describe('held-out weight selection', () => {
  it('GIVEN one setting better on every film THEN it is picked and its held-out median is reported', () => {
    const ranks = new Map([
      ['good', table((p) => (p.source === 'album' ? 1 : 10))],
      ['bad', table((p) => (p.source === 'album' ? 1 : 1000))],
    ]);
    const r = selectionHeldOut(PAIRS, ranks, { splits: 50 });
    expect(r.splits).toBe(50);
    expect(r.picks).toEqual({ good: 50 });
    expect(r.selectedMedian).toBe(10);
    expect(r.fixedMedian).toEqual({ good: 10, bad: 1000 });
    expect(r.selectedAlbumR1).toBe(1);
  });

  it('GIVEN a setting that loses the album pairs THEN it is not picked however good its credit ranks', () => {
    const ranks = new Map([
      ['greedy', table((p) => (p.source === 'album' ? 50 : 2))],
      ['keeps albums', table((p) => (p.source === 'album' ? 1 : 300))],
    ]);
    const r = selectionHeldOut(PAIRS, ranks, { splits: 20 });
    expect(r.picks).toEqual({ 'keeps albums': 20 });
    expect(r.selectedMedian).toBe(300);
  });

  it('GIVEN settings that only fit noise THEN choosing on one half wins nothing on the other', () => {
    // Each setting is good on a random half of the films: in-sample choice looks good, held-out does not.
    const coin = (f: number, salt: number) => ((f * 2654435761 + salt * 40503) >>> 7) % 2 === 0;
    const ranks = new Map(
      [1, 2, 3, 4, 5, 6].map((salt) => [
        `s${salt}`,
        table((p) => (p.source === 'album' ? 1 : coin(p.tmdbId, salt) ? 100 : 900)),
      ]),
    );
    const r = selectionHeldOut(PAIRS, ranks, { splits: 100 });
    const fixedMean = Object.values(r.fixedMedian).reduce((a, b) => a + b, 0) / 6;
    expect(r.selectedMedian).toBeGreaterThan(fixedMean - 150);
  });
});
