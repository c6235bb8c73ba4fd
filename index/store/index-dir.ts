import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../src/errors.js';
import { type Clock, systemClock } from '../../src/ports.js';
import {
  exists,
  fileSize,
  sha256OfBytes,
  sha256OfFile,
  syncDir,
  syncFile,
  writeFileDurably,
} from './durable-fs.js';
import { newTempDir, recoverInterruptedWrite, siblingDirs } from './sibling-dirs.js';

export const MANIFEST_FILE = 'manifest.json';

/**
 * A file's bytes, or a producer that writes the file at the path it is given (for native
 * writers such as hnswlib's, which only write to a path). A producer that throws aborts the
 * write and leaves the existing index untouched.
 */
export type FileContent = Uint8Array | ((path: string) => Promise<void> | void);

export interface FileEntry {
  bytes: number;
  sha256: string;
}

/** What the caller describes; `createdAt` and `files` are filled in by writeIndexDir. */
export interface ManifestInput {
  formatVersion: number;
  [key: string]: unknown;
}

export type StoredManifest<M extends ManifestInput = ManifestInput> = M & {
  createdAt: string;
  files: Record<string, FileEntry>;
};

export interface WriteIndexDirInput<M extends ManifestInput> {
  manifest: M;
  files: Record<string, FileContent>;
  clock?: Clock;
}

/**
 * Refuses an output folder that holds something other than an index: replacing it would delete
 * that (say `--out index` in a checkout, or a folder of notes). A missing or empty folder, or one
 * with a manifest (an index to rebuild), is fine.
 */
export async function assertReplaceableIndexDir(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) {
    throw new AppError('BAD_INPUT', `${dir} is a file, not a folder; give the index a folder of its own.`);
  }
  const entries = await readdir(dir);
  if (entries.length === 0 || entries.includes(MANIFEST_FILE)) return;
  throw new AppError(
    'BAD_INPUT',
    `${dir} already holds files that are not an index (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ', …' : ''}); ` +
      'writing the index there would delete them. Give an empty or new folder, or an existing index to rebuild.',
  );
}

/**
 * Writes a complete index into a temporary sibling, fsyncs it, then swaps it in with renames.
 * Readers see the old index or the new one, never a mix. One writer per directory at a time.
 */
export async function writeIndexDir<M extends ManifestInput>(
  dir: string,
  input: WriteIndexDirInput<M>,
): Promise<StoredManifest<M>> {
  for (const name of Object.keys(input.files)) assertPlainFileName(name);
  await assertReplaceableIndexDir(dir);
  const dirs = siblingDirs(dir);
  await mkdir(dirs.parent, { recursive: true });
  await recoverInterruptedWrite(dirs);

  const temp = newTempDir(dirs);
  await mkdir(temp);
  let manifest: StoredManifest<M>;
  try {
    const files: Record<string, FileEntry> = {};
    for (const [name, content] of Object.entries(input.files)) {
      files[name] = await writeOneFile(join(temp, name), content);
    }
    const createdAt = new Date((input.clock ?? systemClock).now()).toISOString();
    manifest = { ...input.manifest, createdAt, files };
    // The manifest goes last: a directory with a manifest is a complete directory.
    await writeFileDurably(join(temp, MANIFEST_FILE), Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    await syncDir(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }

  await swapIntoPlace(temp, dirs);
  return manifest;
}

async function writeOneFile(path: string, content: FileContent): Promise<FileEntry> {
  if (typeof content === 'function') {
    await content(path);
    const bytes = await fileSize(path);
    if (bytes === undefined) throw new AppError('INTERNAL', `The producer for ${path} wrote no file.`);
    await syncFile(path);
    return { bytes, sha256: await sha256OfFile(path) };
  }
  await writeFileDurably(path, content);
  return { bytes: content.byteLength, sha256: sha256OfBytes(content) };
}

async function swapIntoPlace(temp: string, dirs: ReturnType<typeof siblingDirs>): Promise<void> {
  const hadOld = await exists(dirs.target);
  if (hadOld) await rename(dirs.target, dirs.previous);
  try {
    await rename(temp, dirs.target);
  } catch (error) {
    if (hadOld) await rename(dirs.previous, dirs.target);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await syncDir(dirs.parent);
  if (hadOld) await rm(dirs.previous, { recursive: true, force: true });
}

function assertPlainFileName(name: string): void {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..' || name === MANIFEST_FILE) {
    throw new AppError(
      'BAD_INPUT',
      `"${name}" cannot be an index file name (plain names only, not ${MANIFEST_FILE}).`,
    );
  }
}

export interface ReadIndexDirOptions {
  expectedFormatVersion: number;
  /** Verify sha256 of every file (default true). Sizes are always checked. */
  verifyChecksums?: boolean;
  /** Skip the sha256 of files larger than this, for fast loads of big graphs (default: no limit). */
  checksumMaxBytes?: number;
}

export interface IndexDir<M extends ManifestInput> {
  /** The directory actually read (the target, or its intact predecessor after a crashed swap). */
  dir: string;
  manifest: StoredManifest<M>;
  /** Absolute path of a listed file, for native loaders that read paths. */
  pathOf(name: string): string;
  readFile(name: string): Promise<Buffer>;
}

const manifestSchema = z.looseObject({
  formatVersion: z.number().int(),
  createdAt: z.string(),
  files: z.record(
    z.string(),
    z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  ),
});

/**
 * Opens an index directory written by writeIndexDir, refusing with INDEX_MISSING, INDEX_VERSION
 * or INDEX_CORRUPT before the caller touches any file. `M` is the caller's manifest shape: only
 * the fields written by writeIndexDir are validated here.
 */
export async function readIndexDir<M extends ManifestInput = ManifestInput>(
  dir: string,
  options: ReadIndexDirOptions,
): Promise<IndexDir<M>> {
  const readable = await locateReadableDir(dir);
  const manifest = await readManifest<M>(readable, options.expectedFormatVersion);
  for (const [name, entry] of Object.entries(manifest.files)) {
    await verifyFile(readable, name, entry, options);
  }
  const pathOf = (name: string): string => {
    if (!Object.hasOwn(manifest.files, name)) {
      throw corrupt(readable, `${MANIFEST_FILE} lists no file named ${name}`);
    }
    return join(readable, name);
  };
  return { dir: readable, manifest, pathOf, readFile: (name) => readFile(pathOf(name)) };
}

async function locateReadableDir(dir: string): Promise<string> {
  const dirs = siblingDirs(dir);
  if (await exists(dirs.target)) {
    if (await exists(join(dirs.target, MANIFEST_FILE))) return dirs.target;
    throw missing(dir, `${dir} has no ${MANIFEST_FILE}`);
  }
  // A swap that crashed between its two renames leaves the complete old index here.
  if (await exists(join(dirs.previous, MANIFEST_FILE))) return dirs.previous;
  throw missing(dir, `${dir} does not exist`);
}

async function readManifest<M extends ManifestInput>(
  dir: string,
  expectedVersion: number,
): Promise<StoredManifest<M>> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8'));
  } catch (cause) {
    throw corrupt(dir, `${MANIFEST_FILE} is not valid JSON`, cause);
  }
  // Check the version before the shape: a future format may lay out its manifest differently.
  const found = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof found === 'number' && found !== expectedVersion) {
    throw new AppError(
      'INDEX_VERSION',
      `The index at ${dir} has format version ${found}, but this version of music2movie reads ` +
        `version ${expectedVersion}. Run \`music2movie build\` to rebuild it.`,
      { details: { expected: expectedVersion, found } },
    );
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    throw corrupt(dir, `${MANIFEST_FILE} is malformed (${parsed.error.issues[0]?.message ?? 'unknown'})`);
  }
  return parsed.data as StoredManifest<M>;
}

async function verifyFile(dir: string, name: string, entry: FileEntry, options: ReadIndexDirOptions) {
  const path = join(dir, name);
  const actual = await fileSize(path);
  if (actual === undefined) {
    throw corrupt(dir, `${name} is missing (expected ${entry.bytes} bytes)`, undefined, {
      file: name,
      expectedBytes: entry.bytes,
    });
  }
  if (actual !== entry.bytes) {
    throw corrupt(dir, `${name} is ${actual} bytes but should be ${entry.bytes} bytes`, undefined, {
      file: name,
      expectedBytes: entry.bytes,
      actualBytes: actual,
    });
  }
  const wantsChecksum =
    (options.verifyChecksums ?? true) &&
    entry.bytes <= (options.checksumMaxBytes ?? Number.POSITIVE_INFINITY);
  if (!wantsChecksum) return;
  const sha256 = await sha256OfFile(path);
  if (sha256 !== entry.sha256) {
    throw corrupt(
      dir,
      `${name} fails its sha256 check (size ${actual} bytes as expected ${entry.bytes}, ` +
        `but content differs: expected ${entry.sha256.slice(0, 12)}…, got ${sha256.slice(0, 12)}…)`,
      undefined,
      { file: name, expectedBytes: entry.bytes, actualBytes: actual, expectedSha256: entry.sha256, sha256 },
    );
  }
}

function missing(dir: string, why: string): AppError {
  return new AppError(
    'INDEX_MISSING',
    `No index found at ${dir}: ${why}. Run \`npm start\` (it builds one from ./data), or ` +
      `\`music2movie build --spotify <tracks.csv> --tmdb <movies.csv> --out ${dir}\`.`,
  );
}

function corrupt(dir: string, why: string, cause?: unknown, details?: Record<string, unknown>): AppError {
  return new AppError(
    'INDEX_CORRUPT',
    `The index at ${dir} is damaged: ${why}. Run \`music2movie build\` to rebuild it.`,
    { cause, details },
  );
}

/**
 * The format version an index directory was written with: undefined when there is no index (or its
 * manifest is unreadable), so a caller can tell "build one" from "rebuild this one".
 */
export async function readFormatVersion(dir: string): Promise<number | undefined> {
  try {
    const found = (
      JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as { formatVersion?: unknown }
    ).formatVersion;
    return typeof found === 'number' ? found : undefined;
  } catch {
    return undefined;
  }
}
