import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createDownloadProgress } from '../../src/data/fetch/index.js';

/** A stream that records what was written, posing as a terminal or not. */
function fakeStream(isTTY: boolean) {
  let output = '';
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    }),
    { isTTY, columns: 160 },
  );
  return { stream, output: () => output };
}

describe('createDownloadProgress', () => {
  it('GIVEN a stream that is not a terminal THEN writes nothing', () => {
    const { stream, output } = fakeStream(false);
    const progress = createDownloadProgress({ stream });
    progress.onProgress('spotify_tracks.csv', 1024, 2048);
    progress.stop();
    expect(output()).toBe('');
  });

  it('GIVEN disabled on a terminal THEN writes nothing', () => {
    const { stream, output } = fakeStream(true);
    const progress = createDownloadProgress({ stream, enabled: false });
    progress.onProgress('spotify_tracks.csv', 1024, 2048);
    progress.stop();
    expect(output()).toBe('');
  });

  it('GIVEN a terminal THEN shows the file, bytes, speed and ETA', () => {
    const { stream, output } = fakeStream(true);
    let now = 0;
    const progress = createDownloadProgress({ stream, now: () => now });
    const MiB = 1024 * 1024;
    progress.onProgress('spotify_tracks.csv', 0, 20 * MiB);
    now = 1_000;
    progress.onProgress('spotify_tracks.csv', 5 * MiB, 20 * MiB);
    progress.stop();

    const text = output();
    expect(text).toContain('spotify_tracks.csv');
    expect(text).toContain('5.0 MiB / 20.0 MiB');
    expect(text).toContain('5.0 MiB/s');
    expect(text).toContain('ETA 3s');
    expect(text).toContain('25%');
  });

  it('GIVEN an unknown total THEN shows bytes and speed without a bar', () => {
    const { stream, output } = fakeStream(true);
    const progress = createDownloadProgress({ stream, now: () => 0 });
    progress.onProgress('tmdb-movies-dataset.zip', 1536, undefined);
    progress.stop();
    expect(output()).toContain('tmdb-movies-dataset.zip 1.5 KiB');
  });
});
