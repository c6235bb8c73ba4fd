/**
 * The incremental tokenizer under readCsv: same records as csv-parse on the real files, whatever the
 * chunking, and recovery from broken quoting.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type CsvToken, CsvTokenizer } from '../../src/data/csv-reader.js';
import { HAVE_SHARED_DATA, SHARED_DATA } from './helpers.js';

/** Feeds `text` in pieces of the sizes `sizes()` gives, then ends it. */
function tokenize(text: string, sizes: () => number = () => text.length || 1, max?: number): CsvToken[] {
  const tokenizer = new CsvTokenizer(max);
  const out: CsvToken[] = [];
  for (let i = 0; i < text.length; ) {
    const k = Math.max(1, sizes());
    tokenizer.push(text.slice(i, i + k), false, out);
    i += k;
  }
  tokenizer.push('', true, out);
  return out;
}

function seeded(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const TRICKY = [
  '\uFEFFa,b,c\r\n',
  '1,"x, ""quoted""\r\nsecond line",3\r\n',
  '\r\n',
  '2,,\r\n',
  '"",plain,"end"\n',
  '3,trailing,\r',
  '4,"a\nb\nc",lone cr\r',
  '5,last,no newline',
].join('');

describe('CsvTokenizer', () => {
  it('GIVEN quoting, escapes, CRLF/LF/CR, empty lines and cells THEN the expected records and start lines', () => {
    expect(tokenize(TRICKY)).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', 'x, "quoted"\r\nsecond line', '3'] },
      { line: 5, cells: ['2', '', ''] },
      { line: 6, cells: ['', 'plain', 'end'] },
      { line: 7, cells: ['3', 'trailing', ''] },
      { line: 8, cells: ['4', 'a\nb\nc', 'lone cr'] },
      { line: 11, cells: ['5', 'last', 'no newline'] },
    ]);
  });

  it('GIVEN the same text cut into any pieces (down to one character) THEN the same records', () => {
    const whole = tokenize(TRICKY);
    expect(tokenize(TRICKY, () => 1)).toEqual(whole);
    for (let seed = 1; seed <= 50; seed++) {
      const rnd = seeded(seed);
      expect(tokenize(TRICKY, () => 1 + Math.floor(rnd() * 12))).toEqual(whole);
    }
  });

  it('GIVEN bad quoting anywhere THEN one error per bad record at its start line, and the rest survives any cut', () => {
    const text = 'a,b\n1,"x"y\n2,ok\n3,"open\n4,ok\n5,"q"\n6,"never\n7,end\n';
    const expected = [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, error: 'bad quoting: text after a closing quote' },
      { line: 3, cells: ['2', 'ok'] },
      // Line 4's quote runs on to line 6's first quote and hits text after it: line 4 is dropped.
      { line: 4, error: 'bad quoting: text after a closing quote' },
      { line: 5, cells: ['4', 'ok'] },
      { line: 6, cells: ['5', 'q'] },
      { line: 7, error: 'bad quoting: a quoted cell is never closed' },
      { line: 8, cells: ['7', 'end'] },
    ];
    const whole = tokenize(text);
    expect(whole.map((t) => t.line)).toEqual(expected.map((t) => t.line));
    expect(whole.filter((t) => t.cells)).toEqual(expected.filter((t) => t.cells));
    expect(whole.filter((t) => t.error).map((t) => t.error?.split(' (')[0])).toEqual(
      expected.filter((t) => t.error).map((t) => t.error?.split(' (')[0]),
    );
    for (let seed = 1; seed <= 30; seed++) {
      const rnd = seeded(seed);
      const cut = tokenize(text, () => 1 + Math.floor(rnd() * 7));
      expect(cut.filter((t) => t.cells)).toEqual(whole.filter((t) => t.cells));
      expect(cut.map((t) => t.line)).toEqual(whole.map((t) => t.line));
    }
  });

  it('GIVEN an unclosed quote and a small record limit THEN memory stays bounded and later rows come back', () => {
    const rows = Array.from({ length: 100 }, (_, i) => `${i},row`);
    const text = `a,b\n0,"open\n${rows.join('\n')}\n`;
    const out = tokenize(text, () => 16, 64);
    expect(out[1]).toEqual({
      line: 2,
      error: 'bad quoting: a quoted cell is not closed within 64 characters',
    });
    expect(out.slice(2)).toEqual(rows.map((r, i) => ({ line: i + 3, cells: r.split(',') })));
  });

  it('GIVEN an invalid-UTF-8 replacement character THEN only that record is flagged, cells kept', () => {
    expect(tokenize('a,b\n1,caf\uFFFD\n2,ok\n', () => 3)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'caf\uFFFD'], error: 'bad encoding: invalid UTF-8 bytes' },
      { line: 3, cells: ['2', 'ok'] },
    ]);
  });
});

describe.skipIf(!HAVE_SHARED_DATA)('CsvTokenizer against csv-parse on every shared CSV', () => {
  const files = [
    'spotify_tracks_hf_sample10k.csv.gz',
    'spotify_high_popularity_2024.csv.gz',
    'spotifyfeatures_derived_sample20k.csv.gz',
    'tmdb_v11_top3000.csv.gz',
    'tmdb_5000_movies.csv.gz',
    'tmdb_top10k_movies.csv.gz',
    'soundtracks_imdb_movielens_small.csv.gz',
    'soundtrack_songs_long.csv.gz',
  ];
  it.each(files)('GIVEN %s THEN the same records, fed in random pieces', (name) => {
    const text = gunzipSync(readFileSync(join(SHARED_DATA, name))).toString('utf8');
    const reference = (
      parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][]
    ).map((cells) => JSON.stringify(cells));
    const rnd = seeded(7);
    for (const sizes of [() => 1 + Math.floor(rnd() * 20_000)]) {
      const tokens = tokenize(text, sizes);
      expect(tokens.every((t) => t.error === undefined)).toBe(true);
      const mine = tokens.map((t) => JSON.stringify(t.cells));
      const first = mine.findIndex((m, i) => m !== reference[i]);
      expect(first === -1 ? 'same' : `record ${first}: ${mine[first]} vs ${reference[first]}`).toBe('same');
      expect(mine).toHaveLength(reference.length);
      // Start lines rise by at least the line breaks inside the previous record.
      for (let i = 1; i < tokens.length; i++) {
        const prev = tokens[i - 1] as CsvToken;
        const inside = (prev.cells ?? []).join('').split('\n').length - 1;
        expect((tokens[i] as CsvToken).line).toBeGreaterThanOrEqual(prev.line + inside + 1);
      }
    }
  });
});
