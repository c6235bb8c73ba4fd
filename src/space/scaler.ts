/** Min-max scaling fitted on the catalogue and stored with the index, so queries scale the same way. */
export interface MinMax {
  min: number;
  max: number;
}

export function fitMinMax(values: Iterable<number>): MinMax {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (min === Number.POSITIVE_INFINITY) return { min: 0, max: 1 };
  return { min, max };
}

/** Scales into [0, 1], clamping values outside the fitted range (a query may exceed the catalogue). */
export function scale(v: number, s: MinMax): number {
  if (s.max <= s.min) return 0.5;
  const x = (v - s.min) / (s.max - s.min);
  return Math.min(1, Math.max(0, x));
}

/** Mean and standard deviation per column, for centring each domain on its own average. */
export interface Standardizer {
  mean: number[];
  std: number[];
}

export function fitStandardizer(rows: readonly (readonly number[])[], width: number): Standardizer {
  const mean = new Array<number>(width).fill(0);
  const sq = new Array<number>(width).fill(0);
  for (const r of rows) for (let i = 0; i < width; i++) mean[i] = (mean[i] as number) + (r[i] ?? 0);
  const n = Math.max(1, rows.length);
  for (let i = 0; i < width; i++) mean[i] = (mean[i] as number) / n;
  for (const r of rows) {
    for (let i = 0; i < width; i++) {
      const d = (r[i] ?? 0) - (mean[i] as number);
      sq[i] = (sq[i] as number) + d * d;
    }
  }
  // A column that never varies carries no information; std 1 keeps it at zero instead of NaN.
  const std = sq.map((s) => Math.sqrt(s / n) || 1);
  return { mean, std };
}
