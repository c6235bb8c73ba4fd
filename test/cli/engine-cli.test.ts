import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSystemUserError } from '../../adapters/cli/output.js';
import { cli, SHARED } from '../helpers/cli.js';

let root: string;
let index: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'm2m-cli-'));
  index = join(root, 'index');
  const r = await cli([
    'build',
    '--spotify',
    join(SHARED, 'spotify_tracks_hf_sample10k.csv.gz'),
    '--tmdb',
    join(SHARED, 'tmdb_v11_top3000.csv.gz'),
    '--out',
    index,
    '--json',
  ]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const summary = JSON.parse(r.out);
  expect(summary).toMatchObject({
    movies: 3000,
    songs: 9748,
    dims: 43,
    posters: { embedded: 0, missing: 3000, failed: 0 },
    unsafePosters: 0,
  });
}, 120_000);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('music2movie CLI on the real shared data', () => {
  it('GIVEN a known song THEN recommend --json prints five films with scores and reasons', async () => {
    const r = await cli(['recommend', '--index', index, '--song', 'Days I Will Remember', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.songs[0].artists).toEqual(['Tyrone Wells']);
    expect(body.movies).toHaveLength(5);
    for (const m of body.movies) {
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(1);
      expect(m.reasons.length).toBeGreaterThan(0);
    }
    // Five films for one song should not all read the same: reasons that set a film apart win.
    expect(new Set(body.movies.map((m: { reasons: string[] }) => m.reasons.join('; '))).size).toBeGreaterThan(
      2,
    );
  });

  it('GIVEN an unknown song THEN exit code 1 and suggestions, no stack trace', async () => {
    const r = await cli(['recommend', '--index', index, '--song', 'Days I Will Remembr']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Did you mean');
    expect(r.err).toContain('Days I Will Remember');
    expect(r.err).not.toContain('    at ');
  });

  it('GIVEN a batch file with good and bad lines THEN one JSON line per query, in order, errors per line', async () => {
    const file = join(root, 'batch.jsonl');
    await writeFile(
      file,
      [
        '{"song":"Days I Will Remember"}',
        'not json',
        '{"track_id":"4ChVFOiAIPwnKLgWGUcErS"}',
        '{"song":"zzzz qqqq no such song"}',
        '[1,2]',
        '{"title":"Creep"}',
      ].join('\n'),
    );
    const r = await cli(['recommend', '--index', index, '--batch', file, '--k', '3']);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(6);
    expect(lines[0].song.track_name).toBe('Days I Will Remember');
    expect(lines[0].movies).toHaveLength(3);
    expect(Object.keys(lines[0].song)).toEqual([
      'track_id',
      'track_name',
      'artists',
      'album_name',
      'genres',
      'popularity',
      'tempo',
      'explicit',
    ]);
    expect(Object.keys(lines[0].movies[0])).toEqual([
      'rank',
      'tmdb_id',
      'title',
      'year',
      'overview',
      'genres',
      'popularity',
      'poster_url',
      'score',
      'reasons',
    ]);
    expect(lines[1].error.code).toBe('BAD_INPUT');
    expect(lines[2].song.track_id).toBe('4ChVFOiAIPwnKLgWGUcErS');
    expect(lines[3].error.code).toBe('SONG_NOT_FOUND');
    expect(lines[4].error.code).toBe('BAD_INPUT');
    expect(lines[5].error.message).toBe(
      'line 6: expected "song" (and optionally "artist") or "track_id" as strings; got keys: title',
    );
  });

  it('GIVEN a BOM, a blank line and a trailing newline THEN still one line out per line in', async () => {
    const file = join(root, 'bom.jsonl');
    await writeFile(file, '\uFEFF{"song":"Days I Will Remember"}\n\n{"track_id":"4ChVFOiAIPwnKLgWGUcErS"}\n');
    const r = await cli(['recommend', '--index', index, '--batch', file, '--k', '2']);
    expect(r.code).toBe(0);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    expect(lines[0].song.track_name).toBe('Days I Will Remember');
    expect(lines[1].error).toEqual({ code: 'BAD_INPUT', message: 'line 2: an empty line' });
    expect(lines[2].song.track_id).toBe('4ChVFOiAIPwnKLgWGUcErS');
  });

  it('GIVEN a directory or a missing file as --batch THEN exit 1 with a plain message', async () => {
    const dir = await cli(['recommend', '--index', index, '--batch', root]);
    expect(dir.code).toBe(1);
    expect(dir.err).toContain('is a directory');
    const missing = await cli(['recommend', '--index', index, '--batch', join(root, 'nope.jsonl')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('file not found');
  });

  it('GIVEN a backwards year range or an unknown genre THEN exit 1 saying so, not an empty list', async () => {
    const recommend = (...extra: string[]) =>
      cli(['recommend', '--index', index, '--song', 'Days I Will Remember', ...extra]);
    const years = await recommend('--years', '2005-1990');
    expect(years.code).toBe(1);
    expect(years.err).toContain('runs backwards');
    const genre = await recommend('--exclude-genre', 'Dramaa');
    expect(genre.code).toBe(1);
    expect(genre.err).toContain('No film genre called "Dramaa"');
    const empty = await recommend('--years', '1800-1801');
    expect(empty.code).toBe(0);
    expect(empty.out).toContain('No films match these filters');
  });

  it('GIVEN a chart path in a folder that does not exist THEN exit 1 naming that path, not an internal error', async () => {
    const r = await cli([
      'insights',
      '--index',
      index,
      '--songs',
      '50',
      '--chart',
      join(root, 'nope', 'x.svg'),
    ]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`Cannot write ${join(root, 'nope', 'x.svg')}: its folder does not exist`);
    expect(r.err).not.toContain('internal error');
    const folder = await cli(['insights', '--index', index, '--songs', '50', '--chart', root]);
    expect(folder.code).toBe(1);
    expect(folder.err).toContain(`Cannot write ${root}: it is a folder`);
    expect((await readdir(root)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('GIVEN a film THEN songs-for lists five distinct songs', async () => {
    const r = await cli(['songs-for', '--index', index, '--movie', 'Inception', '--json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.movie.title).toBe('Inception');
    expect(body.songs).toHaveLength(5);
  });

  it('GIVEN the dev pairs THEN eval reports every ranker side by side', async () => {
    const r = await cli([
      'eval',
      '--index',
      index,
      '--pairs',
      join(SHARED, 'eval/soundtrack_pairs_dev.csv'),
      '--songs',
      '200',
      '--json',
    ]);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.pairs).toMatchObject({ total: 68, usable: 68 });
    expect(new Set(body.results.map((x: { ranker: string }) => x.ranker))).toEqual(
      new Set(['music2movie', 'random', 'popularity', 'original method']),
    );
    const health = Object.fromEntries(body.health.map((h: { ranker: string }) => [h.ranker, h]));
    // The point of the project: far more distinct films than the hub-ridden original method.
    expect(health.music2movie.distinctFilms).toBeGreaterThan(3 * health['original method'].distinctFilms);
  });

  it('GIVEN insights THEN a table of cross-domain correlations and an SVG chart', async () => {
    const chart = join(root, 'insights.svg');
    const r = await cli(['insights', '--index', index, '--songs', '200', '--chart', chart, '--json']);
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.out) as Array<{ song: string; film: string; r: number }>;
    expect(rows.length).toBeGreaterThanOrEqual(6);
    const energy = rows.find((x) => x.song === 'energy' && x.film === 'action/thriller share');
    // The space pairs energetic songs with action films: the correlation must be clearly positive.
    expect(energy?.r).toBeGreaterThan(0.2);
    const svg = await readFile(chart, 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('energy → action/thriller share');
  });

  it('GIVEN a missing index THEN exit code 1 with a build hint', async () => {
    const r = await cli(['recommend', '--index', join(root, 'none'), '--song', 'x']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/INDEX_MISSING.*music2movie build/);
  });
});

describe('file-system errors about user paths', () => {
  it('GIVEN an errno error carrying a path THEN a user error naming it; without a path THEN none', () => {
    const enoent = Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT', path: '/x/y.csv' });
    expect(fileSystemUserError(enoent)).toMatchObject({
      code: 'FILE_NOT_FOUND',
      message: '/x/y.csv: no such file or folder.',
    });
    const eacces = Object.assign(new Error('EACCES'), { code: 'EACCES', path: '/root/z' });
    expect(fileSystemUserError(eacces)).toMatchObject({
      code: 'FILE_UNREADABLE',
      message: '/root/z: permission denied.',
    });
    expect(fileSystemUserError(Object.assign(new Error('boom'), { code: 'ENOENT' }))).toBeUndefined();
    expect(fileSystemUserError(new TypeError('x is undefined'))).toBeUndefined();
  });
});
