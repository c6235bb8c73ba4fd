import type { SkippedRow } from './csv-reader.js';

export interface CleaningStep {
  name: string;
  removed: number;
  remaining: number;
}

/** What an ingest read, skipped and kept; `data inspect --json` prints this shape. */
export interface IngestReport {
  file: string;
  kind: 'spotify' | 'tmdb';
  /** Data rows in the file (header excluded), usable or not. */
  rowsRead: number;
  /** Rows that could not be parsed or failed a range check. */
  rowsSkipped: number;
  skipped: { byReason: Record<string, number>; examples: SkippedRow[] };
  kept: number;
  steps: CleaningStep[];
}

export function shareKept(report: IngestReport): number {
  return report.rowsRead === 0 ? 0 : report.kept / report.rowsRead;
}

/** The plain-text cleaning report, in the spirit of the original notebook's printout. */
export function formatReport(report: IngestReport): string {
  const pct = (n: number) => `${((100 * n) / Math.max(1, report.rowsRead)).toFixed(1)}%`;
  const lines = [
    `${report.file} (${report.kind})`,
    `  rows read      ${report.rowsRead.toLocaleString('en-US')}`,
    `  rows skipped   ${report.rowsSkipped.toLocaleString('en-US')}`,
  ];
  for (const [reason, n] of Object.entries(report.skipped.byReason)) {
    lines.push(`    ${reason}: ${n.toLocaleString('en-US')}`);
  }
  for (const ex of report.skipped.examples.slice(0, 5)) lines.push(`    line ${ex.line}: ${ex.reason}`);
  lines.push('  step                                         removed    remaining');
  for (const s of report.steps) {
    lines.push(
      `  ${s.name.padEnd(42)} ${s.removed.toLocaleString('en-US').padStart(9)} ${s.remaining
        .toLocaleString('en-US')
        .padStart(12)}`,
    );
  }
  lines.push(
    `  kept ${report.kept.toLocaleString('en-US')} of ${report.rowsRead.toLocaleString('en-US')} (${pct(report.kept)})`,
  );
  return lines.join('\n');
}
