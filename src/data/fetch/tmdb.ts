import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { TMDB, TMDB_ZIP_FILE_NAME } from './catalog.js';
import { assertCsvHeader } from './csv-header.js';
import { type DatasetContext, type FetchedFile, progressFor, withDatasetHint } from './dataset-context.js';
import { downloadFile } from './download.js';
import { sha256OfFile } from './file-hash.js';
import { fileSize } from './file-size.js';
import { isKaggleUrl, kaggleHeaders, kaggleRefusedHint, requireKaggleCredentials } from './kaggle.js';
import { removePart } from './part-validator.js';
import { extractZipEntry, looksLikeZip } from './zip-extract.js';

/**
 * Downloads the TMDb movies zip from Kaggle, extracts the one CSV and deletes the zip. A complete zip
 * left by an interrupted run is reused; a bad one is deleted so the next run downloads it again.
 */
export async function fetchTmdb(context: DatasetContext, force: boolean): Promise<FetchedFile> {
  const dest = join(context.dataDir, TMDB.fileName);
  const zipPath = join(context.dataDir, TMDB_ZIP_FILE_NAME);
  if (force) {
    await rm(zipPath, { force: true });
    await removePart(`${zipPath}.part`);
  }
  if ((await fileSize(zipPath)) === undefined) await downloadZip(context, zipPath);

  context.logger.info({ dataset: TMDB.name, zipPath, dest }, 'extracting TMDb movies');
  const validate = (path: string) => assertCsvHeader(path, TMDB.requiredColumns, 'The TMDb movies CSV');
  try {
    const extracted = (await looksLikeZip(zipPath))
      ? await extractZipEntry({
          zipPath,
          entryName: TMDB.fileName,
          dest,
          validate,
          onProgress: progressFor(context, TMDB.fileName),
        })
      : await adoptPlainCsv(zipPath, dest, validate);
    await rm(zipPath, { force: true });
    return { dataset: TMDB.name, name: TMDB.fileName, ...extracted, skipped: false };
  } catch (error) {
    if (!isLocalDiskError(error)) await rm(zipPath, { force: true });
    throw error;
  }
}

/** A full disk or a permission problem says nothing about the zip: keep it rather than download it again. */
function isLocalDiskError(error: unknown): boolean {
  const cause = error instanceof Error ? (error.cause ?? error) : error;
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && ['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EMFILE'].includes(code);
}

async function downloadZip(context: DatasetContext, zipPath: string): Promise<void> {
  const credentials = isKaggleUrl(context.url)
    ? requireKaggleCredentials(context.credentials, context.dataDir)
    : context.credentials.kaggle;
  context.logger.info({ dataset: TMDB.name, dest: zipPath }, 'downloading TMDb movies');
  try {
    await downloadFile({
      ...context.tuning,
      url: context.url,
      dest: zipPath,
      headers: kaggleHeaders(credentials),
      onProgress: progressFor(context, TMDB_ZIP_FILE_NAME),
    });
  } catch (error) {
    throw withDatasetHint(error, TMDB, kaggleRefusedHint());
  }
}

/** Some mirrors serve the CSV itself rather than a zip: accept it if its header is right. */
async function adoptPlainCsv(
  downloaded: string,
  dest: string,
  validate: (path: string) => Promise<void>,
): Promise<{ path: string; bytes: number; sha256: string }> {
  await validate(downloaded);
  const bytes = (await fileSize(downloaded)) ?? 0;
  const sha256 = await sha256OfFile(downloaded);
  await rename(downloaded, dest);
  return { path: dest, bytes, sha256 };
}
