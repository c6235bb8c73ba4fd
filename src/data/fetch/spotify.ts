import { join } from 'node:path';
import { SPOTIFY } from './catalog.js';
import { assertCsvHeader } from './csv-header.js';
import { type DatasetContext, type FetchedFile, progressFor, withDatasetHint } from './dataset-context.js';
import { downloadFile } from './download.js';
import { removePart } from './part-validator.js';

/** Downloads the Spotify tracks CSV from Hugging Face (public; a token only raises rate limits). */
export async function fetchSpotify(context: DatasetContext, force: boolean): Promise<FetchedFile> {
  const dest = join(context.dataDir, SPOTIFY.fileName);
  if (force) await removePart(`${dest}.part`);
  const token = context.credentials.huggingFaceToken;
  context.logger.info({ dataset: SPOTIFY.name, dest }, 'downloading Spotify tracks');
  try {
    const result = await downloadFile({
      ...context.tuning,
      url: context.url,
      dest,
      headers: token ? { authorization: `Bearer ${token}` } : undefined,
      onProgress: progressFor(context, SPOTIFY.fileName),
      validate: (part) => assertCsvHeader(part, SPOTIFY.requiredColumns, 'The Spotify tracks download'),
    });
    return {
      dataset: SPOTIFY.name,
      name: SPOTIFY.fileName,
      path: dest,
      bytes: result.bytes,
      sha256: result.sha256,
      skipped: false,
    };
  } catch (error) {
    throw withDatasetHint(error, SPOTIFY, 'Check HF_TOKEN, or unset it: the dataset is public.');
  }
}
