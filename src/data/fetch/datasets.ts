import { join } from 'node:path';
import { AppError, isAppError } from '../../errors.js';
import { type Logger, silentLogger } from '../../logger.js';
import {
  DATASET_NAMES,
  DATASETS,
  type DatasetName,
  type DatasetSources,
  type DatasetSpec,
} from './catalog.js';
import type { DatasetCredentials } from './credentials.js';
import { assertCsvHeader } from './csv-header.js';
import type { DatasetContext, DownloadTuning, FetchedFile } from './dataset-context.js';
import { sha256OfFile } from './file-hash.js';
import { fileSize } from './file-size.js';
import { isKaggleUrl, requireKaggleCredentials } from './kaggle.js';
import { fetchSpotify } from './spotify.js';
import { fetchTmdb } from './tmdb.js';

export interface FetchDatasetsOptions {
  dataDir: string;
  /** Which datasets to fetch; both by default. */
  which?: readonly DatasetName[];
  /** URL overrides (the CLI maps SPOTIFY_DATASET_URL and TMDB_DATASET_URL here). */
  sources?: DatasetSources;
  /** From `credentialsFrom(process.env)`; Kaggle is needed only to download TMDb from Kaggle. */
  credentials?: DatasetCredentials;
  /** Download again even when the file is already in `dataDir`. */
  force?: boolean;
  /** Progress per file: the name being downloaded or extracted, bytes so far, total when known. */
  onProgress?: (file: string, received: number, total: number | undefined) => void;
  logger?: Logger;
  /** Retries, timeouts, abort signal and (for tests) fetch, applied to every download. */
  download?: DownloadTuning;
}

export interface FetchSummary {
  files: FetchedFile[];
}

const FETCHERS: Record<DatasetName, (context: DatasetContext, force: boolean) => Promise<FetchedFile>> = {
  spotify: fetchSpotify,
  tmdb: fetchTmdb,
};

/**
 * Puts the Spotify and TMDb CSVs into `dataDir`, skipping those already there. Missing Kaggle
 * credentials are reported before anything is downloaded, not after the first long download.
 */
export async function fetchDatasets(options: FetchDatasetsOptions): Promise<FetchSummary> {
  const which = [...new Set(options.which ?? DATASET_NAMES)];
  const credentials = options.credentials ?? {};
  const logger = options.logger ?? silentLogger;

  const plan: { spec: DatasetSpec; url: string; present: boolean }[] = [];
  for (const name of which) {
    const spec = DATASETS[name];
    // `which` often comes straight from a command line.
    if (!spec)
      throw new AppError('BAD_INPUT', `Unknown dataset "${name}"; choose from ${DATASET_NAMES.join(', ')}.`);
    const url = options.sources?.[name] ?? spec.defaultUrl;
    const present = !options.force && ((await fileSize(join(options.dataDir, spec.fileName))) ?? 0) > 0;
    plan.push({ spec, url, present });
  }
  for (const { spec, url, present } of plan) {
    if (spec.name === 'tmdb' && !present && isKaggleUrl(url))
      requireKaggleCredentials(credentials, options.dataDir);
  }

  const files: FetchedFile[] = [];
  for (const { spec, url, present } of plan) {
    if (present) {
      files.push(await describePresent(spec, options.dataDir));
      logger.info({ dataset: spec.name }, `${spec.fileName} is already present; skipped`);
      continue;
    }
    const context: DatasetContext = {
      dataDir: options.dataDir,
      url,
      credentials,
      onProgress: options.onProgress,
      tuning: options.download ?? {},
      logger,
    };
    const file = await FETCHERS[spec.name](context, options.force ?? false);
    logger.info(
      { dataset: spec.name, path: file.path, bytes: file.bytes, sha256: file.sha256 },
      'dataset ready',
    );
    files.push(file);
  }
  return { files };
}

/** A file already in place: checked to be the right dataset, then described like a fresh one. */
async function describePresent(spec: DatasetSpec, dataDir: string): Promise<FetchedFile> {
  const path = join(dataDir, spec.fileName);
  try {
    await assertCsvHeader(path, spec.requiredColumns, path);
  } catch (error) {
    if (!isAppError(error)) throw error;
    const advice = 'Delete it, or fetch again with force, to download a fresh copy.';
    throw new AppError(error.code, `${error.message} ${advice}`, { details: error.details });
  }
  const bytes = (await fileSize(path)) ?? 0;
  return {
    dataset: spec.name,
    name: spec.fileName,
    path,
    bytes,
    sha256: await sha256OfFile(path),
    skipped: true,
  };
}
