import type { Catalog } from './catalog.js';
import { dot, row } from './catalog.js';

export interface Scored {
  label: number;
  raw: number;
}

/** How alike two films are: their place in the space and, when both posters were embedded, their look. */
export function movieSimilarity(c: Catalog, a: number, b: number): number {
  const space = dot(row(c.movieVectors, c.dims, a), row(c.movieVectors, c.dims, b));
  if (!c.posterVectors) return space;
  const look = dot(row(c.posterVectors, c.posterDims, a), row(c.posterVectors, c.posterDims, b));
  return look === 0 ? space : 0.6 * space + 0.4 * look;
}

/**
 * A light maximal-marginal-relevance re-rank: each next pick trades a little score for being unlike
 * the films already picked, so a top five is not five near-copies. `penalty` is the trade rate.
 */
export function diversify(c: Catalog, ranked: readonly Scored[], count: number, penalty: number): Scored[] {
  const pool = ranked.map((s) => ({ s, maxSim: 0 }));
  const picked: Scored[] = [];
  while (picked.length < count && pool.length > 0) {
    let best = 0;
    let bestValue = Number.NEGATIVE_INFINITY;
    pool.forEach((p, i) => {
      const value = p.s.raw - penalty * Math.max(0, p.maxSim);
      if (value > bestValue) {
        bestValue = value;
        best = i;
      }
    });
    const [chosen] = pool.splice(best, 1);
    if (!chosen) break;
    picked.push(chosen.s);
    for (const p of pool) p.maxSim = Math.max(p.maxSim, movieSimilarity(c, p.s.label, chosen.s.label));
  }
  return picked;
}
