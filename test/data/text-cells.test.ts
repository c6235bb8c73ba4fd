/** Catalogue text reaches chat replies: control characters and bidi overrides are cleaned at ingest. */
import { describe, expect, it } from 'vitest';
import { text } from '../../src/data/fields.js';
import { ingestSpotify } from '../../src/data/spotify.js';
import { ingestTmdb } from '../../src/data/tmdb.js';
import { cell, csv, fixtureDir, SPOTIFY_HEADER, spotifyRow, TMDB_HEADER, tmdbRow } from './helpers.js';

const fx = fixtureDir();

describe('text cells', () => {
  it('GIVEN controls and direction controls THEN spaces and nothing; newlines kept only where text may span lines', () => {
    expect(text(' \u0007bell\u202eRTL\u2066x\u2069 ')).toBe('bellRTLx');
    // Hebrew with an isolated English name reads the same without the isolates, and gains no spaces.
    expect(text('שלום \u2068Tom\u2069 עולם')).toBe('שלום Tom עולם');
    expect(text('a\r\nb\tc\u0085d')).toBe('a b c d');
    expect(text('a\r\nb\tc\u0007\u0008d', true)).toBe('a\nb\tc d');
    expect(text('Café \u200eLRM stays 🎵')).toBe('Café \u200eLRM stays 🎵');
    expect(text(undefined)).toBe('');
  });

  it('GIVEN a Spotify row with a bell, an override and a line break in its names THEN the track is kept, cleaned', async () => {
    const path = await fx.file(
      'spotify-text.csv',
      csv([
        SPOTIFY_HEADER,
        spotifyRow(1, {
          track_name: cell('\u0007bell\u202eRTL\nnext'),
          artists: cell('A\u001b[31m;B'),
          album_name: 'Al\u0001bum',
        }),
      ]),
    );
    const { tracks } = await ingestSpotify(path);
    expect(tracks).toHaveLength(1);
    expect(tracks[0]).toMatchObject({
      trackName: 'bellRTL next',
      artists: ['A [31m', 'B'],
      albumName: 'Al bum',
    });
  });

  it('GIVEN a TMDb row with overrides in its title and controls in its overview THEN kept, cleaned, paragraphs intact', async () => {
    const path = await fx.file(
      'tmdb-text.csv',
      csv([
        TMDB_HEADER,
        tmdbRow(1, {
          title: 'Evil\u202eEdoc',
          overview: 'One.\nTwo\u0008.',
          tagline: 'tag\u009bline',
          keywords: 'a\u2067b, c',
        }),
      ]),
    );
    const { movies } = await ingestTmdb(path);
    expect(movies[0]).toMatchObject({
      title: 'EvilEdoc',
      overview: 'One.\nTwo .',
      tagline: 'tag line',
      keywords: ['ab', 'c'],
    });
  });
});
