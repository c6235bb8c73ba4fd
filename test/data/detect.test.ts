import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../../src/data/detect.js';
import {
  appError,
  csv,
  fixtureDir,
  HAVE_SHARED_DATA,
  SHARED_DATA,
  SPOTIFY_HEADER,
  TMDB_HEADER,
} from './helpers.js';

const fx = fixtureDir();

describe('detectKind', () => {
  it('GIVEN Spotify and TMDb headers, plain or gzip THEN the right kind', async () => {
    expect(await detectKind(await fx.file('s.csv', csv([SPOTIFY_HEADER])))).toBe('spotify');
    expect(await detectKind(await fx.file('t.csv.gz', gzipSync(csv([TMDB_HEADER]))))).toBe('tmdb');
  });

  it.skipIf(!HAVE_SHARED_DATA)(
    'GIVEN the real files (one with a mis-encoded BOM) THEN the right kind',
    async () => {
      expect(await detectKind(join(SHARED_DATA, 'spotify_tracks_hf_sample10k.csv.gz'))).toBe('spotify');
      expect(await detectKind(join(SHARED_DATA, 'spotify_high_popularity_2024.csv.gz'))).toBe('spotify');
      expect(await detectKind(join(SHARED_DATA, 'tmdb_v11_top3000.csv.gz'))).toBe('tmdb');
    },
  );

  it('GIVEN an empty file THEN FILE_EMPTY, not "not a CSV"', async () => {
    expect((await appError(async () => detectKind(await fx.file('e.csv', '')))).code).toBe('FILE_EMPTY');
  });

  it('GIVEN a binary file whose first line ends early (PNG) THEN NOT_CSV (binary content)', async () => {
    const png = await fx.file('p.csv', Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    const e = await appError(() => detectKind(png));
    expect(e.code).toBe('NOT_CSV');
    expect(e.message).toBe('p.csv: not a CSV file (binary content)');
  });

  it('GIVEN some other CSV THEN NOT_CSV naming what was looked for', async () => {
    const e = await appError(async () => detectKind(await fx.file('o.csv', 'a,b\n1,2\n')));
    expect(e.code).toBe('NOT_CSV');
    expect(e.message).toContain('neither track_id nor poster_path');
  });

  it('GIVEN a missing file THEN FILE_NOT_FOUND', async () => {
    expect((await appError(() => detectKind(join(fx.path(), 'none.csv')))).code).toBe('FILE_NOT_FOUND');
  });
});
