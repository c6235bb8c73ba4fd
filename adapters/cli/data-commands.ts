import type { Command } from 'commander';
import type { Config } from '../../src/config.js';
import { detectKind } from '../../src/data/detect.js';
import {
  createDownloadProgress,
  credentialsFrom,
  fetchDatasets,
  sourcesFrom,
} from '../../src/data/fetch/index.js';
import { formatReport, type IngestReport } from '../../src/data/report.js';
import { ingestSpotify } from '../../src/data/spotify.js';
import { ingestTmdb } from '../../src/data/tmdb.js';
import { formatRanges, RANGE_FIELDS, RangeTally, ZERO_MEANS_UNKNOWN } from '../../src/data/value-ranges.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { printJson } from './output.js';
import { stageProgress } from './progress.js';

export function registerDataCommands(program: Command, config: () => Config): void {
  const data = program.command('data').description('Get and check the Spotify and TMDb datasets');

  data
    .command('inspect <file>')
    .description('Schema, row counts, value ranges and the cleaning report of a dataset file')
    .option('--kind <kind>', 'spotify or tmdb (detected from the header when omitted)')
    .option('--strict', 'fail on the first malformed row instead of skipping it')
    .option('--json', 'print {file, kind, rowsRead, rowsSkipped, kept, steps, ranges} as JSON')
    .action(async (file: string, o: { kind?: string; strict?: boolean; json?: boolean }) => {
      if (o.kind && o.kind !== 'spotify' && o.kind !== 'tmdb')
        throw new AppError('BAD_INPUT', '--kind must be spotify or tmdb');
      const kind = (o.kind as 'spotify' | 'tmdb' | undefined) ?? (await detectKind(file));
      const bar = stageProgress(!o.json);
      const onProgress = (d: number, n: number) => bar.update(`${kind} csv`, d, n);
      try {
        const tally = new RangeTally(RANGE_FIELDS[kind], ZERO_MEANS_UNKNOWN[kind]);
        let report: IngestReport;
        if (kind === 'spotify') {
          const s = await ingestSpotify(file, { strict: o.strict, onProgress });
          for (const t of s.tracks) tally.add(t);
          report = s.report;
        } else {
          report = (await ingestTmdb(file, { strict: o.strict, onProgress, onMovie: (m) => tally.add(m) }))
            .report;
        }
        bar.stop();
        const ranges = tally.ranges();
        if (o.json) printJson({ ...report, ranges });
        else process.stdout.write(`${formatReport(report)}\n${formatRanges(ranges)}\n`);
      } finally {
        bar.stop();
      }
    });

  data
    .command('fetch')
    .description('Download the Spotify (Hugging Face) and TMDb (Kaggle) datasets into DATA_DIR')
    .option('--only <dataset>', 'spotify or tmdb')
    .option('--force', 'download again even when the file is present')
    .option('--data-dir <dir>', 'where to put the files (default DATA_DIR)')
    .option('--json', 'print the summary as JSON')
    .action(async (o: { only?: string; force?: boolean; dataDir?: string; json?: boolean }) => {
      const c = config();
      if (o.only && o.only !== 'spotify' && o.only !== 'tmdb')
        throw new AppError('BAD_INPUT', '--only must be spotify or tmdb');
      const progress = createDownloadProgress({ enabled: !o.json });
      try {
        const summary = await fetchWithConfig(c, {
          dataDir: o.dataDir,
          which: o.only ? [o.only as 'spotify' | 'tmdb'] : undefined,
          force: o.force,
          onProgress: progress.onProgress,
        });
        progress.stop();
        if (o.json) printJson(summary);
        else
          for (const f of summary.files)
            process.stdout.write(
              `${f.skipped ? 'present ' : 'fetched '} ${f.path} (${f.bytes.toLocaleString('en-US')} bytes, sha256 ${f.sha256.slice(0, 12)}…)\n`,
            );
      } finally {
        progress.stop();
      }
    });
}

/** Downloads the datasets with the settings in the config (credentials, URL overrides). */
export function fetchWithConfig(
  c: Config,
  o: {
    dataDir?: string;
    which?: ('spotify' | 'tmdb')[];
    force?: boolean;
    onProgress?: (file: string, received: number, total: number | undefined) => void;
  },
): ReturnType<typeof fetchDatasets> {
  // The fetch module reads credentials the Kaggle CLI's way (env, then ~/.kaggle/kaggle.json); the
  // validated config wins over the raw environment.
  const env = {
    ...process.env,
    KAGGLE_USERNAME: c.kaggle.username,
    KAGGLE_KEY: c.kaggle.key,
    HF_TOKEN: c.hfToken,
    SPOTIFY_DATASET_URL: c.datasetUrls.spotify,
    TMDB_DATASET_URL: c.datasetUrls.tmdb,
  };
  return fetchDatasets({
    dataDir: o.dataDir ?? c.dataDir,
    which: o.which,
    force: o.force,
    sources: sourcesFrom(env),
    credentials: credentialsFrom(env),
    logger: createLogger(c.logLevel),
    onProgress: o.onProgress,
  });
}
