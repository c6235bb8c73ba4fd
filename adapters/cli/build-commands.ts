import type { Command } from 'commander';
import { type BuildSummary, runBuild } from '../../index/build/run-build.js';
import { INDEX_FORMAT_VERSION } from '../../index/format.js';
import { readFormatVersion } from '../../index/store/index-dir.js';
import type { Config } from '../../src/config.js';
import { createDownloadProgress } from '../../src/data/fetch/index.js';
import { formatReport } from '../../src/data/report.js';
import { AppError } from '../../src/errors.js';
import { createLogger } from '../../src/logger.js';
import { fetchWithConfig } from './data-commands.js';
import { findDatasets, missingDataMessage } from './data-files.js';
import { printJson } from './output.js';
import { stageProgress } from './progress.js';

function printSummary(s: BuildSummary): void {
  process.stdout.write(`${formatReport(s.reports.spotify)}\n\n${formatReport(s.reports.tmdb)}\n\n`);
  process.stdout.write(`index written to ${s.out}\n`);
  process.stdout.write(
    `  films ${s.movies.toLocaleString('en-US')}, songs ${s.songs.toLocaleString('en-US')}, dimensions ${s.dims}\n`,
  );
  process.stdout.write(
    `  posters: ${s.posters.embedded} embedded, ${s.posters.missing} missing, ${s.posters.failed} failed, ${s.unsafePosters} flagged unsafe\n`,
  );
  for (const [stage, sec] of Object.entries(s.stages))
    process.stdout.write(`  ${stage.padEnd(14)} ${sec.toFixed(1)} s\n`);
  if (s.cached.length > 0) process.stdout.write(`  reused from cache: ${s.cached.join(', ')}\n`);
  process.stdout.write(`  total ${s.seconds.toFixed(1)} s\n`);
}

export function registerBuildCommand(program: Command, config: () => Config): void {
  program
    .command('build')
    .description('Offline build: clean the data, embed posters, fit the shared space and write the index')
    .requiredOption('--spotify <csv>', 'Spotify tracks CSV (.csv or .csv.gz)')
    .requiredOption('--tmdb <csv>', 'TMDB_movie_dataset_v11 CSV (.csv or .csv.gz)')
    .option(
      '--posters <dir-or-url>',
      'poster images: a folder, or a base URL such as https://image.tmdb.org/t/p',
    )
    .option('--poster-size <size>', 'TMDb poster size for downloads', 'w185')
    .option('--out <dir>', 'index directory (default INDEX_DIR)')
    .option('--calibrate-with <pairs.csv>', 'refit the 0–1 score calibration on song→film pairs')
    .option('--no-cache', 'rebuild every stage even when its inputs are unchanged')
    .option('--strict', 'fail on the first malformed row')
    .option('--json', 'print {movies, songs, dims, posters, unsafePosters, seconds} as JSON')
    .action(
      async (o: {
        spotify: string;
        tmdb: string;
        posters?: string;
        posterSize: string;
        out?: string;
        calibrateWith?: string;
        cache: boolean;
        strict?: boolean;
        json?: boolean;
      }) => {
        const out = o.out ?? config().indexDir;
        const bar = stageProgress(!o.json);
        let summary: BuildSummary;
        try {
          summary = await runBuild({
            spotify: o.spotify,
            tmdb: o.tmdb,
            posters: o.posters,
            posterSize: o.posterSize,
            out,
            cacheDir: o.cache ? undefined : null,
            strict: o.strict,
            calibrationPairs: o.calibrateWith,
            onProgress: bar.update,
          });
        } finally {
          bar.stop();
        }
        if (o.json) {
          const { movies, songs, dims, posters, unsafePosters, seconds } = summary;
          printJson({ movies, songs, dims, posters, unsafePosters, seconds });
        } else printSummary(summary);
      },
    );
}

export function registerServeCommand(program: Command, config: () => Config): void {
  program
    .command('serve')
    .description('Serve the engine over HTTP (web page and API); builds the index first when there is none')
    .option('--port <n>', 'port (default PORT)')
    .action(async (o: { port?: string }) => {
      const c = config();
      const log = createLogger(c.logLevel);
      const built = await readFormatVersion(c.indexDir);
      if (built !== undefined && built !== INDEX_FORMAT_VERSION) {
        log.info(
          { indexDir: c.indexDir, found: built, expected: INDEX_FORMAT_VERSION },
          'the index was written by another version of music2movie: rebuilding it',
        );
      }
      if (built !== INDEX_FORMAT_VERSION) {
        let found = await findDatasets(c.dataDir);
        if (!found.spotify || !found.tmdb) {
          // Try the download first; without network or Kaggle credentials, say what to put where.
          const which = [!found.spotify && 'spotify', !found.tmdb && 'tmdb'].filter(Boolean) as (
            | 'spotify'
            | 'tmdb'
          )[];
          log.info(
            { which, dataDir: c.dataDir },
            'no index and no data yet: trying to download the datasets',
          );
          const progress = createDownloadProgress({ enabled: true });
          try {
            await fetchWithConfig(c, { which, onProgress: progress.onProgress });
          } catch (e) {
            log.warn({ reason: e instanceof Error ? e.message : String(e) }, 'download failed');
          } finally {
            progress.stop();
          }
          found = await findDatasets(c.dataDir);
        }
        const missing = [!found.spotify && 'Spotify tracks CSV', !found.tmdb && 'TMDb movies CSV'].filter(
          Boolean,
        ) as string[];
        if (missing.length > 0) throw new AppError('INDEX_MISSING', missingDataMessage(c.dataDir, missing));
        log.info({ spotify: found.spotify, tmdb: found.tmdb, out: c.indexDir }, 'no index yet: building one');
        const bar = stageProgress(true);
        try {
          const s = await runBuild({
            spotify: found.spotify as string,
            tmdb: found.tmdb as string,
            posters: found.posters,
            posterSize: c.posterSize,
            out: c.indexDir,
            onProgress: bar.update,
          });
          log.info({ movies: s.movies, songs: s.songs, seconds: Math.round(s.seconds) }, 'index built');
        } finally {
          bar.stop();
        }
      }
      const port = o.port === undefined ? c.port : Number(o.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535)
        throw new AppError('BAD_INPUT', '--port must be 0–65535');
      // Loaded only now: discord.js installs its own undici as the process-wide fetch dispatcher on
      // import, which must not touch the downloads above (and other commands start faster without it).
      const { startApp } = await import('../app.js');
      await startApp({ ...c, port }, log);
    });
}
