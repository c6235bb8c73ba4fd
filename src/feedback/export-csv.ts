import type { StoredImpression, StoredVote } from './port.js';

export const LABEL_COLUMNS = [
  'at',
  'platform',
  'user_hash',
  'track_id',
  'tmdb_id',
  'value',
  'label',
  'shown_rank',
] as const;

function cell(v: string | number): string {
  // A leading = + - @ would make a spreadsheet run the cell as a formula.
  const s = typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The labels as CSV, one row per vote (the latest per user, song and film): label 1 for up, 0 for
 * down; shown_rank is the best rank the film had in a recorded list for that song (empty: none).
 */
export function labelsCsv(votes: readonly StoredVote[], impressions: readonly StoredImpression[]): string {
  const bestRank = new Map<string, number>();
  for (const imp of impressions) {
    imp.tmdbIds.forEach((id, i) => {
      const key = `${imp.trackId}|${id}`;
      const seen = bestRank.get(key);
      const rank = (imp.firstRank ?? 1) + i;
      if (seen === undefined || rank < seen) bestRank.set(key, rank);
    });
  }
  const rows = [...votes]
    .sort((a, b) => a.at - b.at || a.trackId.localeCompare(b.trackId) || a.tmdbId - b.tmdbId)
    .map((v) =>
      [
        new Date(v.at).toISOString(),
        v.platform,
        v.userHash,
        v.trackId,
        v.tmdbId,
        v.value,
        v.value === 'up' ? 1 : 0,
        bestRank.get(`${v.trackId}|${v.tmdbId}`) ?? '',
      ]
        .map(cell)
        .join(','),
    );
  return `${[LABEL_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
