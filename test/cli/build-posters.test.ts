import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
