import { describe, expect, it } from 'vitest';
import { parseContentLength, parseContentRange } from '../../src/data/fetch/content-range.js';
import { parseHeaderLine } from '../../src/data/fetch/csv-header.js';
import { formatBytes, formatDuration } from '../../src/data/fetch/format-bytes.js';
import { backoffDelay, parseRetryAfter } from '../../src/data/fetch/retry.js';

describe('parseContentRange', () => {
  it('GIVEN the three shapes servers send THEN reads start and total', () => {
    expect(parseContentRange('bytes 100-199/1000')).toEqual({ start: 100, total: 1000 });
    expect(parseContentRange('bytes 100-199/*')).toEqual({ start: 100, total: undefined });
    expect(parseContentRange('bytes */1000')).toEqual({ start: undefined, total: 1000 });
  });

  it('GIVEN nothing or nonsense THEN undefined', () => {
    expect(parseContentRange(null)).toBeUndefined();
    expect(parseContentRange('items 1-2/3')).toBeUndefined();
    expect(parseContentLength('12a')).toBeUndefined();
    expect(parseContentLength('42')).toBe(42);
  });
});

describe('parseHeaderLine', () => {
  it('GIVEN quoted cells with commas and an unnamed first column THEN splits like CSV', () => {
    expect(parseHeaderLine(',track_id,"name, full", track_genre')).toEqual([
      '',
      'track_id',
      'name, full',
      'track_genre',
    ]);
  });
});

describe('retry timing', () => {
  it('GIVEN consecutive failures THEN doubles up to 30 s, but waits at least Retry-After', () => {
    expect([1, 2, 3].map((n) => backoffDelay(100, n))).toEqual([100, 200, 400]);
    expect(backoffDelay(1_000, 20)).toBe(30_000);
    expect(backoffDelay(100, 1, 5_000)).toBe(5_000);
  });

  it('GIVEN Retry-After as seconds or a date THEN milliseconds to wait', () => {
    expect(parseRetryAfter('3')).toBe(3_000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('GIVEN sizes and durations THEN short human text', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(20 * 1024 * 1024)).toBe('20.0 MiB');
    expect(formatDuration(7)).toBe('7s');
    expect(formatDuration(65)).toBe('1m05s');
    expect(formatDuration(3725)).toBe('1h02m05s');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('--');
  });
});
