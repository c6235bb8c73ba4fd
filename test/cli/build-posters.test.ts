import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndex } from '../../index/load-index.js';
import { cli, SHARED } from '../helpers/cli.js';

let root: string;
let server: Server;
let base: string;
const served = new Map<string, string>();
const behaviour = new Map<string, 'ok' | '404' | 'truncated' | 'html' | '500'>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'm2m-posters-'));
  const posters = parse(readFileSync(join(SHARED, 'posters/index.csv'), 'utf8'), { columns: true }) as Array<
    Record<string, string>
  >;
  const withPoster = new Map(posters.map((p) => [p.tmdb_id, p.filename as string]));
  const rows = parse(gunzipSync(readFileSync(join(SHARED, 'tmdb_v11_top3000.csv.gz'))), {
    columns: true,
  }) as Array<Record<string, string>>;
  const chosen = rows.filter((r) => withPoster.has(r.id as string)).slice(0, 14);
  const kinds = [
    'ok',
    'ok',
    'ok',
    'ok',
    'ok',
    'ok',
    'ok',
    'ok',
    'ok',
    '404',
    '404',
    'truncated',
    'html',
    '500',
  ] as const;
  chosen.forEach((r, i) => {
    served.set(r.poster_path as string, withPoster.get(r.id as string) as string);
    behaviour.set(r.poster_path as string, kinds[i] as 'ok');
  });
  const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;
  const columns = Object.keys(chosen[0] ?? {});
  const csv = [
    columns.map(cell).join(','),
    ...chosen.map((r) => columns.map((c) => cell(r[c] ?? '')).join(',')),
  ].join('\n');
  await writeFile(join(root, 'tmdb.csv'), `${csv}\n`);
  server = createServer(async (req, res) => {
    const path = (req.url ?? '').replace(/^\/w\d+/, '');
    const file = served.get(path);
    const kind = behaviour.get(path);
    if (!file || kind === '404') return void res.writeHead(404).end('not found');
    if (kind === '500') return void res.writeHead(500).end('boom');
    if (kind === 'html')
      return void res.writeHead(200, { 'content-type': 'image/jpeg' }).end('<html>login</html>');
    const bytes = await readFile(join(SHARED, 'posters', file));
    res
      .writeHead(200, { 'content-type': 'image/jpeg' })
      .end(kind === 'truncated' ? bytes.subarray(0, 400) : bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await rm(root, { recursive: true, force: true });
});

describe('build with posters from a flaky poster server', () => {
  it('GIVEN good, missing, truncated, HTML and failing posters THEN the index keeps every film and counts each outcome', async () => {
    const out = join(root, 'index');
    const r = await cli([
      'build',
      '--spotify',
      join(SHARED, 'spotify_tracks_hf_sample10k.csv.gz'),
      '--tmdb',
      join(root, 'tmdb.csv'),
      '--posters',
      base,
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.movies).toBe(14);
    expect(summary.posters).toEqual({ embedded: 9, missing: 2, failed: 3 });
    const failedLog = await readFile(join(root, '.poster-cache', 'posters-failed.csv'), 'utf8');
    expect(failedLog.trim().split('\n')).toHaveLength(1 + 5);
    const { catalog, manifest } = await loadIndex(out);
    expect(manifest.posters).toMatchObject({ embedded: 9, missing: 2, failed: 3 });
    expect(catalog.movies).toHaveLength(14);
    expect(catalog.posterVectors).not.toBeNull();
    // A film whose poster failed still gets recommended; its poster-look vector is empty.
    const failedIds = [...behaviour]
      .filter(([, k]) => k !== 'ok')
      .map(([p]) => catalog.movies.all().findIndex((m) => m.posterPath === p));
    for (const i of failedIds)
      expect(
        Array.from(
          catalog.posterVectors?.subarray(i * catalog.posterDims, (i + 1) * catalog.posterDims) ?? [],
        ).every((x) => x === 0),
      ).toBe(true);
  }, 120_000);
});

describe('build inputs a newcomer can get wrong', () => {
  const spotify = () => join(SHARED, 'spotify_tracks_hf_sample10k.csv.gz');

  it('GIVEN --out pointing at a folder of other files THEN exit 1 and the files are still there', async () => {
    const notes = join(root, 'notes');
    await mkdir(notes, { recursive: true });
    await writeFile(join(notes, 'todo.txt'), 'keep me');
    const r = await cli(['build', '--spotify', spotify(), '--tmdb', join(root, 'tmdb.csv'), '--out', notes]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('not an index');
    expect(await readFile(join(notes, 'todo.txt'), 'utf8')).toBe('keep me');
  });

  it('GIVEN a missing data file or poster folder THEN exit 1 naming it, before any work', async () => {
    const missing = await cli([
      'build',
      '--spotify',
      join(root, 'spotify.csv'),
      '--tmdb',
      join(root, 'tmdb.csv'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`Spotify file ${join(root, 'spotify.csv')} does not exist`);
    const posters = await cli([
      'build',
      '--spotify',
      spotify(),
      '--tmdb',
      join(root, 'tmdb.csv'),
      '--posters',
      join(root, 'no-such-posters'),
      '--out',
      join(root, 'index-np'),
    ]);
    expect(posters.code).toBe(1);
    expect(posters.err).toContain('Poster folder');
  });

  it('GIVEN posters added to the folder after a build THEN the next build embeds them instead of reusing the cache', async () => {
    const folder = join(root, 'local-posters');
    await mkdir(folder, { recursive: true });
    const args = ['build', '--spotify', spotify(), '--tmdb', join(root, 'tmdb.csv'), '--posters', folder];
    const first = await cli([...args, '--out', join(root, 'index-a'), '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).posters.embedded).toBe(0);
    for (const file of [...served.values()].slice(0, 3))
      await copyFile(join(SHARED, 'posters', file), join(folder, file));
    const second = await cli([...args, '--out', join(root, 'index-b'), '--json']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.out).posters.embedded).toBe(3);
  }, 120_000);
});
