import { SkipLog } from './csv-reader.js';
import { bool, FieldError, int, list, num, text } from './fields.js';
import type { IngestReport } from './report.js';
import { type TypedRowsCounts, type TypedRowsOptions, typedRows } from './typed-rows.js';

/** One Spotify track with its audio features, as in the Hugging Face dataset. */
export interface Track {
  trackId: string;
  artists: string[];
  albumName: string;
  trackName: string;
  popularity: number;
  durationMs: number;
  explicit: boolean;
  danceability: number;
  energy: number;
  key: number;
  loudness: number;
  mode: number;
  speechiness: number;
  acousticness: number;
  instrumentalness: number;
  liveness: number;
  valence: number;
  tempo: number;
  timeSignature: number;
  /** Every genre the track is listed under (the dataset repeats a track once per genre). */
  genres: string[];
}

export const SPOTIFY_COLUMNS = [
  'track_id',
  'artists',
  'album_name',
  'track_name',
  'popularity',
  'duration_ms',
  'explicit',
  'danceability',
  'energy',
  'key',
  'loudness',
  'mode',
  'speechiness',
  'acousticness',
  'instrumentalness',
  'liveness',
  'valence',
  'tempo',
  'time_signature',
  'track_genre',
] as const;

/** Spotify track ids: 22 base-62 characters. */
export const TRACK_ID = /^[0-9A-Za-z]{22}$/;

function parseTrack(cells: string[], col: (name: string) => number): Track {
  const get = (c: (typeof SPOTIFY_COLUMNS)[number]) => cells[col(c)];
  const trackId = (get('track_id') ?? '').trim();
  if (!TRACK_ID.test(trackId)) throw new FieldError(`bad track_id: ${JSON.stringify(trackId.slice(0, 40))}`);
  const trackName = text(get('track_name'));
  if (!trackName) throw new FieldError('missing track_name');
  const artists = list(get('artists'), ';');
  if (artists.length === 0) throw new FieldError('missing artists');
  const genre = (get('track_genre') ?? '').trim();
  if (!genre) throw new FieldError('missing track_genre');
  return {
    trackId,
    artists,
    albumName: text(get('album_name')),
    trackName,
    popularity: int(get('popularity'), 'popularity', 0, 100),
    durationMs: int(get('duration_ms'), 'duration_ms', 0, 24 * 3600 * 1000),
    explicit: bool(get('explicit'), 'explicit'),
    danceability: num(get('danceability'), 'danceability', 0, 1),
    energy: num(get('energy'), 'energy', 0, 1),
    key: int(get('key'), 'key', -1, 11),
    // Spotify reports loudness in dBFS, in practice between -60 and a little above 0.
    loudness: num(get('loudness'), 'loudness', -60, 10),
    mode: int(get('mode'), 'mode', 0, 1),
    speechiness: num(get('speechiness'), 'speechiness', 0, 1),
    acousticness: num(get('acousticness'), 'acousticness', 0, 1),
    instrumentalness: num(get('instrumentalness'), 'instrumentalness', 0, 1),
    liveness: num(get('liveness'), 'liveness', 0, 1),
    valence: num(get('valence'), 'valence', 0, 1),
    // 0 marks tracks Spotify could not beat-track (silence, sound effects); kept, the features treat it as unknown.
    tempo: num(get('tempo'), 'tempo', 0, 300),
    timeSignature: int(get('time_signature'), 'time_signature', 0, 7),
    genres: [genre],
  };
}

export interface SpotifyIngest {
  tracks: Track[];
  report: IngestReport;
}

/**
 * Reads the Spotify tracks CSV (plain or gzip), range-checks every value, and merges rows that
 * repeat a track_id under another genre into one track carrying all its genres.
 */
export async function ingestSpotify(path: string, options: TypedRowsOptions = {}): Promise<SpotifyIngest> {
  const counts: TypedRowsCounts = { rowsRead: 0, skips: new SkipLog() };
  const byId = new Map<string, Track>();
  let valid = 0;
  for await (const track of typedRows(path, SPOTIFY_COLUMNS, parseTrack, options, counts)) {
    valid++;
    const seen = byId.get(track.trackId);
    if (!seen) byId.set(track.trackId, track);
    else for (const g of track.genres) if (!seen.genres.includes(g)) seen.genres.push(g);
  }
  const tracks = [...byId.values()];
  return {
    tracks,
    report: {
      file: path,
      kind: 'spotify',
      rowsRead: counts.rowsRead,
      rowsSkipped: counts.skips.count,
      skipped: { byReason: Object.fromEntries(counts.skips.byReason), examples: counts.skips.examples },
      kept: tracks.length,
      steps: [
        { name: 'malformed or out-of-range rows', removed: counts.skips.count, remaining: valid },
        {
          name: 'duplicate track_id merged (genres kept)',
          removed: valid - tracks.length,
          remaining: tracks.length,
        },
      ],
    },
  };
}
