import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBuild } from '../../index/build/run-build.js';
import { MIN_CALIBRATION_PAIRS } from '../../src/eval/calibrate.js';
import {
  appError,
  csv,
  fixtureDir,
  SPOTIFY_HEADER,
  spotifyRow,
  TMDB_HEADER,
  tmdbRow,
} from '../data/helpers.js';

const dir = fixtureDir();
const tid = (i: number) => `T${String(i).padStart(21, '0')}`;

async function inputs() {
  const spotify = await dir.file(
    'spotify.csv',
    csv([
      SPOTIFY_HEADER,
      ...Array.from({ length: 8 }, (_, i) =>
        spotifyRow(i, { energy: String(0.1 + i / 10), valence: String(0.9 - i / 10) }),
      ),
    ]),
  );
  const tmdb = await dir.file(
    'tmdb.csv',
    csv([TMDB_HEADER, ...Array.from({ length: 8 }, (_, i) => tmdbRow(100 + i))]),
  );
  return { spotify, tmdb };
}

describe('build --calibrate-with', () => {
  it('GIVEN a pairs file with one usable pair THEN the build stops with BAD_INPUT naming the file, and writes no index', async () => {
    const { spotify, tmdb } = await inputs();
    const pairs = await dir.file(
      'pairs.csv',
      csv(['track_id,tmdb_id,source', `${tid(0)},100,album`, 'T_unknown,101,album']),
    );
    const out = join(dir.path(), 'index-one-pair');
    const e = await appError(() => runBuild({ spotify, tmdb, out, cacheDir: null, calibrationPairs: pairs }));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain('1 of 2 song→film pairs');
    expect(e.message).toContain(`at least ${MIN_CALIBRATION_PAIRS}`);
    expect(e.message).toContain(pairs);
    expect(e.message).toContain('without --calibrate-with');
    expect(existsSync(out)).toBe(false);
  });
});
