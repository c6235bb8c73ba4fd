import type { Track } from './spotify.js';
import type { Movie } from './tmdb.js';

/** Min, mean and max of each numeric field over the rows kept, for `data inspect`. */
export interface ValueRange {
  field: string;
  count: number;
  min: number;
  mean: number;
  max: number;
}

/** The numeric fields worth a range, per dataset (as the typed rows name them). */
export const RANGE_FIELDS = {
  spotify: [
    'popularity',
    'durationMs',
    'danceability',
    'energy',
    'loudness',
    'speechiness',
    'acousticness',
    'instrumentalness',
    'liveness',
    'valence',
    'tempo',
  ],
  tmdb: ['year', 'voteAverage', 'voteCount', 'runtime', 'popularity'],
} as const satisfies { spotify: readonly (keyof Track)[]; tmdb: readonly (keyof Movie)[] };

/** Fields where TMDb writes 0 for "not known" (a film with no runtime, no votes yet): left out of ranges. */
export const ZERO_MEANS_UNKNOWN: Readonly<Record<keyof typeof RANGE_FIELDS, readonly string[]>> = {
  spotify: [],
  tmdb: ['voteAverage', 'runtime'],
};

/** Tallies ranges in one pass with constant memory, so it can ride along a streamed 1.1M-row clean. */
export class RangeTally {
  private readonly stats = new Map<string, { count: number; min: number; max: number; sum: number }>();

  constructor(
    private readonly fields: readonly string[],
    private readonly zeroUnknown: readonly string[] = [],
  ) {}

  add(row: object): void {
    const r = row as Record<string, unknown>;
    for (const f of this.fields) {
      const v = r[f];
      if (typeof v !== 'number' || !Number.isFinite(v)) continue;
      if (v === 0 && this.zeroUnknown.includes(f)) continue;
      const s = this.stats.get(f) ?? { count: 0, min: v, max: v, sum: 0 };
      s.count++;
      s.sum += v;
      if (v < s.min) s.min = v;
      if (v > s.max) s.max = v;
      this.stats.set(f, s);
    }
  }

  ranges(): ValueRange[] {
    return this.fields.flatMap((field) => {
      const s = this.stats.get(field);
      return s ? [{ field, count: s.count, min: s.min, mean: s.sum / s.count, max: s.max }] : [];
    });
  }
}

export function formatRanges(ranges: readonly ValueRange[]): string {
  // Thousands separators only where they help (not in years).
  const num = (x: number) =>
    x.toLocaleString('en-US', { maximumFractionDigits: 3, useGrouping: Math.abs(x) >= 10_000 });
  const row = (a: string, b: string, c: string, d: string) =>
    `  ${a.padEnd(18)}${b.padStart(12)}${c.padStart(14)}${d.padStart(14)}`;
  return [
    '  value ranges (kept rows; a 0 that means "unknown" is left out)',
    row('field', 'min', 'mean', 'max'),
    ...ranges.map((r) => row(r.field, num(r.min), num(r.mean), num(r.max))),
  ].join('\n');
}
