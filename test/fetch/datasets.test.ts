import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchDatasets } from '../../src/data/fetch/index.js';
import { AppError } from '../../src/errors.js';
import { sha256, useTestBed } from './helpers/fixtures.js';
import { serveBytes, serveThenCut } from './helpers/http-server.js';
import { makeStoredZip } from './helpers/stored-zip.js';

const bed = useTestBed();
const quick = { backoffMs: 5, timeoutMs: 2_000 };

// Shaped like the real files: Spotify's first column is an unnamed index; TMDb has quoted commas.
const SPOTIFY_CSV = Buffer.from(
  ',track_id,artists,track_name,danceability,energy,valence,tempo,track_genre\n' +
    '0,5SuOikwiRyPMVoIQDJUgSV,Gen Hoshino,Comedy,0.676,0.461,0.715,87.917,acoustic\n',
);
const TMDB_CSV = Buffer.from(
  'id,title,vote_average,status,release_date,overview,poster_path,genres\n' +
    '27205,Inception,8.364,Released,2010-07-15,"Cobb, a skilled thief, steals secrets.",/oYuLEt3zVCKq57qu2F8dT7NIa6f.jpg,"Action, Science Fiction"\n',
);
const LOGIN_PAGE = Buffer.from(
  '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in</body></html>',
);
const KAGGLE = { username: 'alice', key: 's3cret' };
const KAGGLE_AUTH = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;

/** Serves `body` only to requests carrying Kaggle's Basic auth, like the Kaggle API. */
function kaggleLike(body: Buffer) {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.headers.authorization !== KAGGLE_AUTH) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"code":401,"message":"Unauthenticated"}');
      return;
    }
    serveBytes(res, req, body, 'application/zip');
  };
}

describe('fetchDatasets: Spotify', () => {
  it('GIVEN the CSV THEN saves spotify_tracks.csv, sends HF_TOKEN as a bearer and reports the file', async () => {
    const server = await bed.server((req, res) => serveBytes(res, req, SPOTIFY_CSV, 'text/csv'));
    const progress: string[] = [];

    const summary = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['spotify'],
      sources: { spotify: `${server.url}/dataset.csv` },
      credentials: { huggingFaceToken: 'hf_abc' },
      onProgress: (file) => progress.push(file),
      download: quick,
    });

    const path = join(bed.dir(), 'spotify_tracks.csv');
    expect(summary.files).toEqual([
      {
        dataset: 'spotify',
        name: 'spotify_tracks.csv',
        path,
        bytes: SPOTIFY_CSV.length,
        sha256: sha256(SPOTIFY_CSV),
        skipped: false,
      },
    ]);
    expect((await readFile(path)).equals(SPOTIFY_CSV)).toBe(true);
    expect(server.requests[0]?.headers.authorization).toBe('Bearer hf_abc');
    expect(new Set(progress)).toEqual(new Set(['spotify_tracks.csv']));
  });

  it('GIVEN an HTML page instead of CSV THEN fails with NOT_CSV and leaves nothing behind', async () => {
    const server = await bed.server((req, res) => serveBytes(res, req, LOGIN_PAGE, 'text/html'));

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['spotify'],
      sources: { spotify: `${server.url}/dataset.csv` },
      download: quick,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('NOT_CSV');
    expect(error.message).toContain('HTML page');
    expect(await readdir(bed.dir())).toEqual([]);
  });

  it('GIVEN a CSV without the expected columns THEN fails with MISSING_COLUMN naming them', async () => {
    const wrong = Buffer.from('name,year\nfoo,1999\n');
    const server = await bed.server((req, res) => serveBytes(res, req, wrong, 'text/csv'));

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['spotify'],
      sources: { spotify: `${server.url}/dataset.csv` },
      download: quick,
    }).catch((e) => e);

    expect(error.code).toBe('MISSING_COLUMN');
    expect(error.message).toContain('track_id, track_genre');
  });

  it('GIVEN a 404 THEN the message names the variable that overrides the URL', async () => {
    const server = await bed.server((_req, res) => {
      res.writeHead(404);
      res.end();
    });

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['spotify'],
      sources: { spotify: `${server.url}/dataset.csv` },
      download: quick,
    }).catch((e) => e);

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('HTTP 404');
    expect(error.message).toContain('SPOTIFY_DATASET_URL');
  });
});

describe('fetchDatasets: TMDb from a Kaggle-style zip', () => {
  it('GIVEN a zip behind Basic auth THEN extracts the CSV byte-for-byte and deletes the zip', async () => {
    const zip = makeStoredZip([{ name: 'TMDB_movie_dataset_v11.csv', data: TMDB_CSV }]);
    const server = await bed.server(kaggleLike(zip));
    const progress: string[] = [];

    const summary = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/api/v1/datasets/download/asaniczka/tmdb` },
      credentials: { kaggle: KAGGLE },
      onProgress: (file) => progress.push(file),
      download: quick,
    });

    const path = join(bed.dir(), 'TMDB_movie_dataset_v11.csv');
    expect(server.requests[0]?.headers.authorization).toBe(KAGGLE_AUTH);
    expect(summary.files).toEqual([
      {
        dataset: 'tmdb',
        name: 'TMDB_movie_dataset_v11.csv',
        path,
        bytes: TMDB_CSV.length,
        sha256: sha256(TMDB_CSV),
        skipped: false,
      },
    ]);
    expect((await readFile(path)).equals(TMDB_CSV)).toBe(true);
    expect(await readdir(bed.dir())).toEqual(['TMDB_movie_dataset_v11.csv']);
    expect(new Set(progress)).toEqual(new Set(['tmdb-movies-dataset.zip', 'TMDB_movie_dataset_v11.csv']));
  });

  it('GIVEN a deflated zip whose first transfer is cut THEN resumes with auth and a Range, then extracts', async () => {
    const rows = Array.from(
      { length: 20_000 },
      (_, i) => `${i},Movie ${i},${(i % 100) / 10},"Plot, part ${i}",/p${i}.jpg`,
    );
    const csv = Buffer.from(`id,title,vote_average,overview,poster_path\n${rows.join('\n')}\n`);
    const zip = makeStoredZip([{ name: 'TMDB_movie_dataset_v11.csv', data: csv, deflate: true }]);
    const serveZip = kaggleLike(zip);
    const server = await bed.server((req, res, { n }) => {
      if (n === 1) serveThenCut(res, zip, Math.floor(zip.length / 2));
      else serveZip(req, res);
    });

    const summary = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/zip` },
      credentials: { kaggle: KAGGLE },
      download: quick,
    });

    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]?.headers.range).toMatch(/^bytes=\d+-$/);
    expect(server.requests[1]?.headers.authorization).toBe(KAGGLE_AUTH);
    expect(summary.files[0]?.sha256).toBe(sha256(csv));
    expect((await readFile(join(bed.dir(), 'TMDB_movie_dataset_v11.csv'))).equals(csv)).toBe(true);
  });

  it('GIVEN the CSV in a folder of the zip, beside other files THEN still finds it', async () => {
    const zip = makeStoredZip([
      { name: 'README.txt', data: Buffer.from('hello') },
      { name: 'v11/TMDB_movie_dataset_v11.csv', data: TMDB_CSV },
    ]);
    const server = await bed.server(kaggleLike(zip));

    await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/zip` },
      credentials: { kaggle: KAGGLE },
      download: quick,
    });

    expect((await readFile(join(bed.dir(), 'TMDB_movie_dataset_v11.csv'))).equals(TMDB_CSV)).toBe(true);
  });

  it('GIVEN wrong Kaggle credentials THEN the 401 message explains how to fix the token', async () => {
    const zip = makeStoredZip([{ name: 'TMDB_movie_dataset_v11.csv', data: TMDB_CSV }]);
    const server = await bed.server(kaggleLike(zip));

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/zip` },
      credentials: { kaggle: { username: 'alice', key: 'wrong' } },
      download: quick,
    }).catch((e) => e);

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('HTTP 401');
    expect(error.message).toContain('KAGGLE_KEY');
    expect(error.message).not.toContain('wrong');
  });

  it('GIVEN no Kaggle credentials THEN fails with the manual steps before downloading anything', async () => {
    const server = await bed.server((req, res) => serveBytes(res, req, SPOTIFY_CSV));

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      sources: { spotify: `${server.url}/dataset.csv` }, // TMDb keeps its default Kaggle URL
      credentials: { kaggleJsonProblem: '/home/x/.kaggle/kaggle.json does not exist' },
      download: quick,
    }).catch((e) => e);

    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe('CREDENTIALS_MISSING');
    for (const step of [
      'Settings → API',
      'KAGGLE_USERNAME',
      'KAGGLE_KEY',
      'https://www.kaggle.com/datasets/asaniczka/tmdb-movies-dataset-2023-930k-movies',
      'TMDB_movie_dataset_v11.csv',
      bed.dir(),
      'kaggle.json does not exist',
    ]) {
      expect(error.message).toContain(step);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('GIVEN a zip without the CSV THEN names what it does contain and deletes the zip', async () => {
    const zip = makeStoredZip([
      { name: 'movies_2024.csv', data: TMDB_CSV },
      { name: 'notes.md', data: Buffer.from('#') },
    ]);
    const server = await bed.server(kaggleLike(zip));

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/zip` },
      credentials: { kaggle: KAGGLE },
      download: quick,
    }).catch((e) => e);

    expect(error.code).toBe('DOWNLOAD_FAILED');
    expect(error.message).toContain('does not contain TMDB_movie_dataset_v11.csv');
    expect(error.message).toContain('movies_2024.csv, notes.md');
    expect(await readdir(bed.dir())).toEqual([]);
  });

  it('GIVEN a login page instead of the zip THEN fails with NOT_CSV and keeps no bad zip to reuse', async () => {
    const server = await bed.server((req, res) => serveBytes(res, req, LOGIN_PAGE, 'text/html'));

    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/zip` },
      credentials: { kaggle: KAGGLE },
      download: quick,
    }).catch((e) => e);

    expect(error.code).toBe('NOT_CSV');
    expect(await readdir(bed.dir())).toEqual([]);
  });

  it('GIVEN a mirror that serves the CSV itself THEN accepts it', async () => {
    const server = await bed.server((req, res) => serveBytes(res, req, TMDB_CSV, 'text/csv'));

    const summary = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/TMDB_movie_dataset_v11.csv` },
      download: quick,
    });

    expect(summary.files[0]?.sha256).toBe(sha256(TMDB_CSV));
    expect(await readdir(bed.dir())).toEqual(['TMDB_movie_dataset_v11.csv']);
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('GIVEN a complete zip left by an interrupted run THEN extracts it without downloading', async () => {
    await writeFile(
      join(bed.dir(), 'tmdb-movies-dataset.zip'),
      makeStoredZip([{ name: 'TMDB_movie_dataset_v11.csv', data: TMDB_CSV }]),
    );
    const server = await bed.server((_req, res) => res.end());

    await fetchDatasets({
      dataDir: bed.dir(),
      which: ['tmdb'],
      sources: { tmdb: `${server.url}/zip` },
      download: quick,
    });

    expect(server.requests).toHaveLength(0);
    expect(await readdir(bed.dir())).toEqual(['TMDB_movie_dataset_v11.csv']);
  });
});

describe('fetchDatasets: files already present', () => {
  it('GIVEN both CSVs in place THEN skips both, without credentials or requests, and still reports them', async () => {
    await writeFile(join(bed.dir(), 'spotify_tracks.csv'), SPOTIFY_CSV);
    await writeFile(join(bed.dir(), 'TMDB_movie_dataset_v11.csv'), TMDB_CSV);
    const server = await bed.server((_req, res) => res.end());

    const summary = await fetchDatasets({
      dataDir: bed.dir(),
      sources: { spotify: `${server.url}/s`, tmdb: `${server.url}/t` },
      download: quick,
    });

    expect(server.requests).toHaveLength(0);
    expect(summary.files.map((f) => [f.name, f.skipped, f.sha256])).toEqual([
      ['spotify_tracks.csv', true, sha256(SPOTIFY_CSV)],
      ['TMDB_movie_dataset_v11.csv', true, sha256(TMDB_CSV)],
    ]);
  });

  it('GIVEN force THEN downloads again and replaces the file', async () => {
    const path = join(bed.dir(), 'spotify_tracks.csv');
    await writeFile(path, 'track_id,track_genre\nold,old\n');
    const server = await bed.server((req, res) => serveBytes(res, req, SPOTIFY_CSV));

    const summary = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['spotify'],
      sources: { spotify: `${server.url}/s` },
      force: true,
      download: quick,
    });

    expect(summary.files[0]?.skipped).toBe(false);
    expect((await readFile(path)).equals(SPOTIFY_CSV)).toBe(true);
  });

  it('GIVEN a present file that is not the dataset THEN says so and how to replace it', async () => {
    await writeFile(join(bed.dir(), 'spotify_tracks.csv'), LOGIN_PAGE);

    const error = await fetchDatasets({ dataDir: bed.dir(), which: ['spotify'], download: quick }).catch(
      (e) => e,
    );

    expect(error.code).toBe('NOT_CSV');
    expect(error.message).toContain('force');
    expect(existsSync(join(bed.dir(), 'spotify_tracks.csv'))).toBe(true);
  });

  it('GIVEN an unknown dataset name THEN fails with BAD_INPUT listing the known ones', async () => {
    const error = await fetchDatasets({
      dataDir: bed.dir(),
      which: ['imdb' as 'tmdb'],
    }).catch((e) => e);

    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toContain('spotify, tmdb');
  });
});
