import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '../../index/build/assemble.js';
import { INDEX_FILES, INDEX_FORMAT_VERSION } from '../../index/format.js';
import { loadIndex } from '../../index/load-index.js';
import { writeIndex } from '../../index/write-index.js';
import { Engine } from '../../src/engine/engine.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';

let dir: string;
let root: string;
const assembled = assemble(TRACKS, MOVIES, new Map());

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'm2m-index-'));
  dir = join(root, 'index');
  await writeIndex(dir, {
    assembled,
    dataHashes: { spotify: 'a', tmdb: 'b' },
    posters: { embedded: 0, missing: 12, failed: 0, unsafe: 0 },
    settings: {},
  });
});
afterAll(() => rm(root, { recursive: true, force: true }));

async function copyIndex(name: string): Promise<string> {
  const to = join(root, name);
  await rm(to, { recursive: true, force: true });
  const { cp } = await import('node:fs/promises');
  await cp(dir, to, { recursive: true });
  return to;
}

describe('index directory', () => {
  it('GIVEN a written index THEN loading it (graph and exact) gives the same recommendations as in memory', async () => {
    const memory = new Engine(assembled.catalog);
    const graph = new Engine((await loadIndex(dir)).catalog);
    const exact = new Engine((await loadIndex(dir, { exact: true })).catalog);
    for (const t of TRACKS) {
      const want = memory.recommendForSongs([TRACKS.indexOf(t)], { k: 5 }).movies.map((m) => m.tmdbId);
      expect(graph.recommendForSongs([TRACKS.indexOf(t)], { k: 5 }).movies.map((m) => m.tmdbId)).toEqual(
        want,
      );
      expect(exact.recommendForSongs([TRACKS.indexOf(t)], { k: 5 }).movies.map((m) => m.tmdbId)).toEqual(
        want,
      );
    }
  });

  it('GIVEN a loaded index THEN a rebuild swapped in under it does not change the films it serves', async () => {
    const live = await copyIndex('live');
    const { catalog } = await loadIndex(live);
    const before = catalog.movies.at(0);
    await writeIndex(live, {
      assembled: assemble(TRACKS, MOVIES.slice().reverse(), new Map()),
      dataHashes: { spotify: 'a', tmdb: 'c' },
      posters: { embedded: 0, missing: 12, failed: 0, unsafe: 0 },
      settings: {},
    });
    // Records are read on demand from the file the index was loaded from, not from the path.
    expect(catalog.movies.at(MOVIES.length - 1)?.id).toBe(MOVIES.at(-1)?.id);
    expect(before?.id).toBe(MOVIES[0]?.id);
    expect((await loadIndex(live)).catalog.movies.at(0)?.id).toBe(MOVIES.at(-1)?.id);
  });

  it('GIVEN no index THEN INDEX_MISSING tells the user to build one', async () => {
    await expect(loadIndex(join(root, 'nothing-here'))).rejects.toMatchObject({
      code: 'INDEX_MISSING',
      message: expect.stringContaining('music2movie build'),
    });
  });

  it('GIVEN a truncated vector file THEN INDEX_CORRUPT names the file', async () => {
    const bad = await copyIndex('truncated');
    await truncate(join(bad, 'movie-vectors.f32'), 100);
    await expect(loadIndex(bad)).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining('movie-vectors.f32'),
    });
  });

  it('GIVEN a flipped byte in the metadata THEN the checksum refuses it', async () => {
    const bad = await copyIndex('flipped');
    const path = join(bad, INDEX_FILES.movies);
    const bytes = await readFile(path);
    bytes[10] = (bytes[10] as number) ^ 0x20;
    await writeFile(path, bytes);
    await expect(loadIndex(bad)).rejects.toMatchObject({ code: 'INDEX_CORRUPT' });
  });

  it('GIVEN damaged metadata and a damaged graph (checksums off) THEN one clear INDEX_CORRUPT, nothing left unhandled', async () => {
    const bad = await copyIndex('both-broken');
    // Same sizes, so only content checks can tell; the graph loads in the background meanwhile.
    const songs = join(bad, INDEX_FILES.songs);
    await writeFile(songs, Buffer.alloc((await readFile(songs)).length, 'x'));
    const graph = join(bad, INDEX_FILES.movieGraph);
    await writeFile(graph, Buffer.alloc((await readFile(graph)).length, 0));
    await expect(loadIndex(bad, { verifyChecksums: false })).rejects.toMatchObject({
      code: 'INDEX_CORRUPT',
      message: expect.stringContaining(INDEX_FILES.songs),
    });
    // Let the background graph load fail; vitest fails the run on an unhandled rejection.
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it.runIf(existsSync('/proc/self/fd'))(
    'GIVEN film columns that contradict the records THEN INDEX_CORRUPT and no file left open',
    async () => {
      const bad = await copyIndex('columns');
      const path = join(bad, INDEX_FILES.movieColumns);
      // Same size, zeroed record offsets: only decoding can tell.
      await writeFile(path, Buffer.alloc((await readFile(path)).length));
      const openFds = () => readdirSync('/proc/self/fd').length;
      const before = openFds();
      for (let i = 0; i < 5; i++) {
        await expect(loadIndex(bad, { verifyChecksums: false })).rejects.toMatchObject({
          code: 'INDEX_CORRUPT',
        });
      }
      // Let background graph loads finish so their descriptors are closed too.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(openFds()).toBe(before);
    },
  );

  it('GIVEN another format version THEN INDEX_VERSION names both versions', async () => {
    const bad = await copyIndex('version');
    const path = join(bad, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    manifest.formatVersion = 999;
    await writeFile(path, JSON.stringify(manifest));
    await expect(loadIndex(bad)).rejects.toMatchObject({
      code: 'INDEX_VERSION',
      message: expect.stringMatching(new RegExp(`999.*${INDEX_FORMAT_VERSION}|${INDEX_FORMAT_VERSION}.*999`)),
    });
  });

  it('GIVEN a manifest for another feature layout THEN DIMENSION_MISMATCH', async () => {
    const bad = await copyIndex('dims');
    const path = join(bad, 'manifest.json');
    const manifest = JSON.parse(await readFile(path, 'utf8'));
    manifest.dims = 41;
    manifest.featureNames = manifest.featureNames.slice(1);
    await writeFile(path, JSON.stringify(manifest));
    await expect(loadIndex(bad)).rejects.toMatchObject({ code: 'DIMENSION_MISMATCH' });
  });

  it('GIVEN a manifest missing or garbling what loading needs THEN INDEX_CORRUPT names the field, no TypeError', async () => {
    const edits: Array<[string, (m: Record<string, unknown>) => void, string]> = [
      ['featureNames', (m) => delete m.featureNames, 'featureNames'],
      ['hnsw', (m) => delete m.hnsw, 'hnsw'],
      ['counts', (m) => delete m.counts, 'counts'],
      ['calibration', (m) => Object.assign(m.calibration as object, { a: -4.6 }), 'calibration.a'],
      [
        'movieStore',
        (m) => Object.assign(m.movieStore as object, { genreNames: 'Drama' }),
        'movieStore.genreNames',
      ],
    ];
    for (const [name, edit, field] of edits) {
      const bad = await copyIndex(`manifest-${name}`);
      const path = join(bad, 'manifest.json');
      const manifest = JSON.parse(await readFile(path, 'utf8'));
      edit(manifest);
      await writeFile(path, JSON.stringify(manifest));
      await expect(loadIndex(bad)).rejects.toMatchObject({
        code: 'INDEX_CORRUPT',
        message: expect.stringContaining(field),
      });
    }
  });
});
