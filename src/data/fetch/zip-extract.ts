import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError } from '../../errors.js';

export interface ExtractOptions {
  zipPath: string;
  /** Base name of the entry to extract, found in any folder of the zip. */
  entryName: string;
  dest: string;
  /** Checks the extracted temporary file before it takes the final name; if it throws, it is removed. */
  validate?: (tempPath: string) => Promise<void>;
  onProgress?: (written: number, total: number) => void;
}

export interface ExtractedFile {
  path: string;
  bytes: number;
  sha256: string;
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const EMPTY_ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** Entry names listed when the wanted one is missing; a huge archive should not flood the message. */
const LISTED_ENTRIES = 20;

/** Whether a file starts like a zip archive (a local file header, or the end record of an empty one). */
export async function looksLikeZip(path: string): Promise<boolean> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await file.read(head, 0, 4, 0);
    return bytesRead === 4 && (head.equals(ZIP_MAGIC) || head.equals(EMPTY_ZIP_MAGIC));
  } finally {
    await file.close();
  }
}

/**
 * Streams one entry to `dest` through `dest.part`, renamed into place once validated. The entry's
 * name is only compared, never used as a path, so a hostile zip cannot write outside `dest`.
 */
export async function extractZipEntry(options: ExtractOptions): Promise<ExtractedFile> {
  const { zipPath, entryName } = options;
  const zip = await openZip(zipPath);
  try {
    const seen: string[] = [];
    for await (const entry of zip.eachEntry()) {
      if (entry.fileName.endsWith('/')) continue;
      if (basename(entry.fileName) === entryName) return await writeEntry(zip, entry, options);
      seen.push(entry.fileName);
    }
    const listed = seen.slice(0, LISTED_ENTRIES).join(', ') + (seen.length > LISTED_ENTRIES ? ', …' : '');
    throw new AppError(
      'DOWNLOAD_FAILED',
      `The downloaded zip does not contain ${entryName}; it contains ${listed || 'nothing'}. ` +
        'The dataset may have changed: download it by hand and put the CSV into the data directory.',
      { details: { path: zipPath, entries: seen } },
    );
  } finally {
    zip.close();
  }
}

async function openZip(zipPath: string): Promise<yauzl.ZipFile> {
  try {
    // autoClose off: we close it ourselves, once, whichever way extraction ends.
    return await yauzl.openPromise(zipPath, { lazyEntries: true, autoClose: false });
  } catch (error) {
    throw new AppError(
      'DOWNLOAD_FAILED',
      `${zipPath} is not a readable zip archive: ${(error as Error).message}.`,
      {
        cause: error,
        details: { path: zipPath },
      },
    );
  }
}

async function writeEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  options: ExtractOptions,
): Promise<ExtractedFile> {
  const temp = `${options.dest}.part`;
  const hash = createHash('sha256');
  let bytes = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      bytes += chunk.length;
      options.onProgress?.(bytes, entry.uncompressedSize);
      done(null, chunk);
    },
  });
  try {
    await pipeline(await zip.openReadStreamPromise(entry), tap, createWriteStream(temp));
  } catch (error) {
    await rm(temp, { force: true });
    throw new AppError(
      'DOWNLOAD_FAILED',
      `Could not extract ${entry.fileName}: ${(error as Error).message}.`,
      {
        cause: error,
        details: { entry: entry.fileName },
      },
    );
  }
  try {
    await options.validate?.(temp);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await rename(temp, options.dest);
  return { path: options.dest, bytes, sha256: hash.digest('hex') };
}
