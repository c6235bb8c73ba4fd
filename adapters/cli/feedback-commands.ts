import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { type Command, InvalidArgumentError, Option } from 'commander';
import { openEngine } from '../../index/open-engine.js';
import { syncDir, writeFileDurably } from '../../index/store/durable-fs.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine/engine.js';
import { isAppError } from '../../src/errors.js';
import { engineView } from '../../src/feedback/engine-view.js';
import { labelsCsv } from '../../src/feedback/export-csv.js';
import { formatFeedbackReport } from '../../src/feedback/format-report.js';
import { type LearnResult, learnFromVotes } from '../../src/feedback/learn.js';
import { LEARNED_WEIGHTS_FILE, learnedFile } from '../../src/feedback/learned-file.js';
import type { FeedbackStore } from '../../src/feedback/port.js';
import { feedbackReport } from '../../src/feedback/report.js';
import { createLogger } from '../../src/logger.js';
import { createFeedbackStore } from '../store/feedback-store.js';
import { printJson } from './output.js';
import { intArg } from './program.js';

/** `--since`: an ISO date or time, or a span back from now such as 7d, 24h or 30m. */
export function sinceArg(value: string, now = Date.now()): number {
  const rel = /^(\d+)\s*([dhm])$/i.exec(value.trim());
  if (rel) {
    const unit = { d: 86_400_000, h: 3_600_000, m: 60_000 }[
      (rel[2] as string).toLowerCase() as 'd' | 'h' | 'm'
    ];
    return now - Number(rel[1]) * unit;
  }
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new InvalidArgumentError('expected a date such as 2026-01-31, or a span such as 7d');
  return t;
}

function shareArg(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n >= 1)
    throw new InvalidArgumentError('expected a share between 0 and 1');
  return n;
}

/** Reads what a command needs from the store and always closes it. */
async function withStore<T>(config: Config, read: (s: FeedbackStore) => Promise<T>): Promise<T> {
  const store = await createFeedbackStore(config, createLogger(config.logLevel));
  try {
    return await read(store);
  } finally {
    await store.close();
  }
}

/** Writes next to the target, fsyncs, then renames over it: readers see the old file or the new one. */
async function writeAtomically(path: string, text: string): Promise<void> {
  const dir = dirname(resolve(path));
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFileDurably(temp, Buffer.from(text));
    await rename(temp, path);
  } catch (e) {
    await rm(temp, { force: true });
    throw e;
  }
  await syncDir(dir);
}

function printLearn(r: LearnResult, written: string | null): void {
  const out: string[] = [];
  out.push(
    `Votes: ${r.votes.used} on songs and films in the index (${r.votes.unknown} others skipped); split by ${r.split.by}: ${r.votes.train} training, ${r.votes.heldOut} held out (${r.split.heldOutGroups} of ${r.split.trainGroups + r.split.heldOutGroups} ${r.split.by}s, seed ${r.split.seed}).`,
  );
  if (r.logistic) {
    out.push('', 'Logistic fit of up vs down (standardised coefficients, strongest first):');
    const rows = r.features
      .map((f, i) => ({ f, s: r.logistic?.standardized[i] ?? 0, w: r.weights?.featureWeights[i] }))
      .sort((a, b) => Math.abs(b.s) - Math.abs(a.s));
    for (const x of rows) {
      out.push(
        `  ${x.f.padEnd(16)} ${x.s.toFixed(3).padStart(8)}${x.w === undefined ? '' : `   re-rank weight ${x.w.toFixed(4)}`}`,
      );
    }
  }
  const p = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));
  if (r.train)
    out.push('', `Training precision@5: ${p(r.train.before.precision)} → ${p(r.train.after.precision)}`);
  if (r.heldOut) {
    out.push(
      `Held-out precision@5: ${p(r.heldOut.before.precision)} (${r.heldOut.before.rated} votes) → ${p(r.heldOut.after.precision)} (${r.heldOut.after.rated} votes)`,
    );
  }
  out.push('', r.reason);
  out.push(
    written
      ? `Wrote ${written}; the engine applies it on its next load (restart the bots).`
      : 'Nothing written; the engine keeps its current ranking.',
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerFeedbackCommands(program: Command, config: () => Config): void {
  const feedback = program
    .command('feedback')
    .description('Thumbs up/down from Discord, Slack and the web page: report, export, learn');

  feedback
    .command('report')
    .description('Precision@5, recall and coverage of the recorded votes, per platform and per film genre')
    .option('--since <date>', 'only feedback since this date (2026-01-31) or span (7d, 24h)', (v) =>
      sinceArg(v),
    )
    .option('--k <n>', 'list length for recall@k (1–100)', intArg(1, 100), 5)
    .option('--index <dir>', 'index directory, for recall and genres (default INDEX_DIR)')
    .option('--json', 'print JSON')
    .action(async (o: { since?: number; k: number; index?: string; json?: boolean }) => {
      const c = config();
      const data = await withStore(c, async (s) => ({
        impressions: await s.listImpressions(o.since),
        votes: await s.listVotes(o.since),
        losses: await s.listLosses(o.since),
      }));
      const notes: string[] = [];
      let engine: Engine | undefined;
      try {
        engine = await openEngine(o.index ?? c.indexDir, { logger: createLogger(c.logLevel) });
      } catch (e) {
        if (!isAppError(e)) throw e;
        notes.push(`recall and genres need the index: ${e.message}`);
      }
      const report = feedbackReport(data, engine ? engineView(engine) : undefined, {
        k: o.k,
        since: o.since,
      });
      if (o.json) printJson(notes.length > 0 ? { ...report, notes } : report);
      else process.stdout.write(`${formatFeedbackReport(report, notes)}\n`);
    });

  feedback
    .command('export')
    .description('The labels (one row per latest vote) as CSV')
    .option('--out <file.csv>', 'write to this file (atomically) instead of standard output')
    .option('--since <date>', 'only votes since this date (2026-01-31) or span (7d, 24h)', (v) => sinceArg(v))
    .action(async (o: { out?: string; since?: number }) => {
      const c = config();
      const { votes, impressions } = await withStore(c, async (s) => ({
        votes: await s.listVotes(o.since),
        impressions: await s.listImpressions(o.since),
      }));
      const csv = labelsCsv(votes, impressions);
      if (!o.out) {
        process.stdout.write(csv);
        return;
      }
      await writeAtomically(o.out, csv);
      process.stderr.write(`Wrote ${votes.length} labels to ${o.out}\n`);
    });

  feedback
    .command('learn')
    .description(
      'Fit the re-ranker to the votes on a held-out split; write it into the index only if held-out precision@5 improves',
    )
    .option('--index <dir>', 'index directory (default INDEX_DIR)')
    .option('--held-out <share>', 'share of songs (or users) held out', shareArg, 0.3)
    .addOption(
      new Option('--split <by>', 'hold out whole songs or whole users')
        .choices(['song', 'user'])
        .default('song'),
    )
    .option('--seed <n>', 'seed of the split', intArg(0, 2 ** 31), 42)
    .option('--since <date>', 'only votes since this date or span', (v) => sinceArg(v))
    .option('--dry-run', 'fit and judge, write nothing')
    .option('--json', 'print JSON')
    .action(
      async (o: {
        index?: string;
        heldOut: number;
        split: 'song' | 'user';
        seed: number;
        since?: number;
        dryRun?: boolean;
        json?: boolean;
      }) => {
        const c = config();
        const dir = resolve(o.index ?? c.indexDir);
        const engine = await openEngine(dir, { logger: createLogger(c.logLevel) });
        const votes = await withStore(c, (s) => s.listVotes(o.since));
        const result = learnFromVotes(engine.catalog, votes, {
          heldOutShare: o.heldOut,
          splitBy: o.split,
          seed: o.seed,
        });
        let written: string | null = null;
        if (result.improved && !o.dryRun) {
          written = join(dir, LEARNED_WEIGHTS_FILE);
          await writeAtomically(written, `${JSON.stringify(learnedFile(result, new Date()), null, 2)}\n`);
        }
        if (o.json) printJson({ ...result, written });
        else printLearn(result, written);
      },
    );
}
