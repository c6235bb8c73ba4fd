/** A fitted logistic model: P(y = 1 | x) = sigmoid(intercept + Σ coefficients[j]·x[j]). */
export interface LogisticModel {
  coefficients: number[];
  intercept: number;
  /** Column means and spreads the model standardised with (coefficients are in raw units). */
  mean: number[];
  std: number[];
  /** Coefficients on the standardised columns: comparable across features. */
  standardized: number[];
  iterations: number;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Solves A·x = b for a small dense symmetric positive-definite A (Gaussian elimination, pivoting). */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r]?.[col] as number) > Math.abs(m[pivot]?.[col] as number)) pivot = r;
    [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const p = (m[col] as number[])[col] as number;
    if (Math.abs(p) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = ((m[r] as number[])[col] as number) / p;
      if (f === 0) continue;
      for (let c = col; c <= n; c++)
        (m[r] as number[])[c] = ((m[r] as number[])[c] as number) - f * ((m[col] as number[])[c] as number);
    }
  }
  return m.map((r, i) => {
    const p = r[i] as number;
    return Math.abs(p) < 1e-12 ? 0 : (r[n] as number) / p;
  });
}

/**
 * L2-regularised logistic regression by Newton's method on standardised columns (the intercept is
 * not penalised). Small and exact: the re-ranker has a dozen features.
 */
export function fitLogistic(
  xs: readonly Float64Array[],
  ys: readonly number[],
  options: { l2?: number; maxIterations?: number } = {},
): LogisticModel {
  const n = xs.length;
  const d = xs[0]?.length ?? 0;
  const l2 = options.l2 ?? 1;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const x of xs) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (x[j] as number) / n;
  for (const x of xs)
    for (let j = 0; j < d; j++)
      std[j] = (std[j] as number) + ((x[j] as number) - (mean[j] as number)) ** 2 / n;
  for (let j = 0; j < d; j++) std[j] = Math.sqrt(std[j] as number) || 1;
  const z = xs.map((x) => Array.from(x, (v, j) => (v - (mean[j] as number)) / (std[j] as number)));
  // beta[0] is the intercept, beta[1..d] the standardised coefficients.
  const beta = new Array<number>(d + 1).fill(0);
  let iterations = 0;
  for (; iterations < (options.maxIterations ?? 50); iterations++) {
    const grad = new Array<number>(d + 1).fill(0);
    const hess = Array.from({ length: d + 1 }, () => new Array<number>(d + 1).fill(0));
    for (let i = 0; i < n; i++) {
      const zi = z[i] as number[];
      let eta = beta[0] as number;
      for (let j = 0; j < d; j++) eta += (beta[j + 1] as number) * (zi[j] as number);
      const p = sigmoid(eta);
      const r = (ys[i] as number) - p;
      const w = Math.max(p * (1 - p), 1e-9);
      for (let a = 0; a <= d; a++) {
        const xa = a === 0 ? 1 : (zi[a - 1] as number);
        grad[a] = (grad[a] as number) + r * xa;
        const ha = hess[a] as number[];
        for (let b = a; b <= d; b++)
          ha[b] = (ha[b] as number) + w * xa * (b === 0 ? 1 : (zi[b - 1] as number));
      }
    }
    for (let a = 0; a <= d; a++) {
      for (let b = 0; b < a; b++) (hess[a] as number[])[b] = (hess[b] as number[])[a] as number;
      if (a > 0) {
        grad[a] = (grad[a] as number) - l2 * (beta[a] as number);
        (hess[a] as number[])[a] = ((hess[a] as number[])[a] as number) + l2;
      }
    }
    const step = solve(hess, grad);
    let moved = 0;
    for (let a = 0; a <= d; a++) {
      beta[a] = (beta[a] as number) + (step[a] as number);
      moved = Math.max(moved, Math.abs(step[a] as number));
    }
    if (moved < 1e-8) break;
  }
  const standardized = beta.slice(1);
  const coefficients = standardized.map((b, j) => b / (std[j] as number));
  const intercept = (beta[0] as number) - coefficients.reduce((s, c, j) => s + c * (mean[j] as number), 0);
  return { coefficients, intercept, mean, std, standardized, iterations };
}
