/**
 * Seeded synthetic embeddings for tests and benchmarks (never used when serving). Same seed, same
 * vectors, on every machine.
 */

import { mulberry32 } from '../../src/random.js';

/** Uniform floats in [0, 1) from a seed (mulberry32). */
export const seededRandom: (seed: number) => () => number = mulberry32;

/** Standard normal samples via Box–Muller. */
export function seededGaussian(seed: number): () => number {
  const uniform = seededRandom(seed);
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const u = 1 - uniform(); // (0, 1]: log stays finite
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** n unit vectors with independent Gaussian coordinates: the uniform-on-the-sphere case. */
export function uniformUnitVectors(n: number, dims: number, seed: number): Float32Array {
  const gauss = seededGaussian(seed);
  const out = new Float32Array(n * dims);
  for (let i = 0; i < out.length; i++) out[i] = gauss();
  return normalizeRowsInPlace(out, dims);
}

export interface ClusteredOptions {
  /** How many clusters (think genres/moods). */
  clusters?: number;
  /** Cluster spread relative to the distance between centres; larger overlaps clusters more. */
  spread?: number;
  /**
   * How fast the within-cluster variance falls off across axes: variance of axis j ∝ (j+1)^-decay.
   * 0 is isotropic noise, the hardest case for a graph index (intrinsic dimension = dims). Around
   * 1, the power-law spectrum typical of learned embeddings (intrinsic dimension ~14 at 64-d).
   */
  spectrumDecay?: number;
  /** Generate independent points from the same clusters (e.g. held-out queries) with another seed. */
  pointSeed?: number;
}

/**
 * Unit vectors drawn around `clusters` random centres, with cluster sizes skewed (a few large
 * genres, many small ones) and spreads varying per cluster. Real embeddings look like this, and
 * it is harder for a graph index than uniform noise: dense clumps with many near-ties, and
 * sparse regions between them that the graph must still connect.
 */
export function clusteredUnitVectors(
  n: number,
  dims: number,
  seed: number,
  options: ClusteredOptions = {},
): Float32Array {
  const clusters = options.clusters ?? 200;
  const spread = options.spread ?? 0.6;
  const centreGauss = seededGaussian(seed);
  const centres = new Float32Array(clusters * dims);
  for (let i = 0; i < centres.length; i++) centres[i] = centreGauss();
  normalizeRowsInPlace(centres, dims);

  // Per-cluster weight (Zipf-like) and spread, derived from the centre seed so queries drawn
  // with another pointSeed come from the same distribution.
  const shape = seededRandom(seed ^ 0x9e3779b9);
  const weights = Array.from({ length: clusters }, (_, c) => 1 / (c + 1) ** 0.8);
  const spreads = Array.from({ length: clusters }, () => spread * (0.5 + shape()));
  const cumulative = cumulativeNormalized(weights);

  const pick = seededRandom(options.pointSeed ?? seed + 1);
  const gauss = seededGaussian((options.pointSeed ?? seed + 1) ^ 0x85ebca6b);
  const out = new Float32Array(n * dims);
  const axisScales = spectrumScales(dims, options.spectrumDecay ?? 0);
  for (let row = 0; row < n; row++) {
    const c = bisect(cumulative, pick());
    const sigma = spreads[c] as number;
    for (let j = 0; j < dims; j++) {
      out[row * dims + j] = (centres[c * dims + j] as number) + sigma * (axisScales[j] as number) * gauss();
    }
  }
  return normalizeRowsInPlace(out, dims);
}

/** Per-axis noise scales with total variance 1, so a cluster's radius is `spread` whatever the dims. */
function spectrumScales(dims: number, decay: number): Float64Array {
  const variances = Array.from({ length: dims }, (_, j) => (j + 1) ** -decay);
  const total = variances.reduce((a, b) => a + b, 0);
  return Float64Array.from(variances, (v) => Math.sqrt(v / total));
}

function cumulativeNormalized(weights: number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let running = 0;
  weights.forEach((w, i) => {
    running += w / total;
    out[i] = running;
  });
  return out;
}

/** First index whose cumulative weight exceeds u. */
function bisect(cumulative: Float64Array, u: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > u) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function normalizeRowsInPlace(v: Float32Array, dims: number): Float32Array {
  for (let offset = 0; offset < v.length; offset += dims) {
    let sum = 0;
    for (let j = 0; j < dims; j++) sum += (v[offset + j] as number) ** 2;
    const inv = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    for (let j = 0; j < dims; j++) v[offset + j] = (v[offset + j] as number) * inv;
  }
  return v;
}
