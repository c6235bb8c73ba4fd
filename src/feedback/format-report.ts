import type { FeedbackReport, ReportSlice } from './report.js';

function pct(x: number | null): string {
  return x === null ? '   –  ' : `${(x * 100).toFixed(1).padStart(5)}%`;
}

function row(name: string, s: ReportSlice): string {
  return [
    name.padEnd(18).slice(0, 18),
    String(s.impressions).padStart(6),
    String(s.votes).padStart(6),
    String(s.up).padStart(5),
    String(s.down).padStart(5),
    pct(s.precisionAt5).padStart(9),
    pct(s.recall).padStart(9),
    pct(s.coverage).padStart(9),
  ].join(' ');
}

const HEADER = [
  ''.padEnd(18),
  'lists'.padStart(6),
  'votes'.padStart(6),
  'up'.padStart(5),
  'down'.padStart(5),
  'prec@5'.padStart(9),
  'recall'.padStart(9),
  'coverage'.padStart(9),
].join(' ');

/** The report as text for a terminal, definitions last. */
export function formatFeedbackReport(r: FeedbackReport, notes: readonly string[] = []): string {
  const lines: string[] = [];
  lines.push(`Feedback ${r.since ? `since ${r.since}` : '(all time)'}`);
  lines.push('');
  lines.push(
    `  impressions ${r.impressions}   votes ${r.votes} (up ${r.up}, down ${r.down})   lost in outages ${r.lost}`,
  );
  lines.push(
    `  precision@5  ${pct(r.precisionAt5)}  (${r.ratedShown} votes on films shown in a top 5; ${r.votesOutsideTop5} votes on films shown elsewhere)`,
  );
  lines.push(
    `  recall@${r.k}     ${pct(r.recall)}  (${r.relevantFound} of ${r.relevantPairs} relevant song–film pairs in the engine's top ${r.k}${r.relevantUnknown ? `; ${r.relevantUnknown} no longer in the catalogue` : ''})`,
  );
  lines.push(`  coverage     ${pct(r.coverage)}  (of ${r.shownPairs} song–film pairs shown in a top 5)`);
  for (const n of notes) lines.push(`  note: ${n}`);
  const platforms = Object.entries(r.byPlatform);
  if (platforms.length > 0) {
    lines.push('', `${'By platform'.padEnd(19)}${HEADER.trimStart()}`);
    for (const [p, s] of platforms) lines.push(row(p, s));
  }
  const genres = Object.entries(r.byGenre).sort((a, b) => b[1].votes - a[1].votes);
  if (genres.length > 0) {
    lines.push('', `${'By film genre'.padEnd(19)}${HEADER.trimStart()}`);
    for (const [g, s] of genres) lines.push(row(g, s));
  }
  lines.push('', 'Definitions');
  for (const d of Object.values(r.definitions)) lines.push(`  • ${d}`);
  return lines.join('\n');
}
