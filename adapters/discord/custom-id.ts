import { TMDB_GENRES } from '../../src/features/tmdb-genres.js';

/**
 * Stateless button ids. Everything a button needs to act rides in its custom_id, so buttons keep
 * working after a restart and on any replica. Versioned: a future layout gets `v2`, and ids of an
 * unknown version are answered with "expired" rather than misread. At most 100 characters.
 *
 *   m2m:v1:vote:<trackId>:<tmdbId>:<u|d>
 *   m2m:v1:<details|more|pick>:<trackId>:<page>:<count>:<genre index or ->:<family 0|1>:<details 0|1>
 */
export const ID_PREFIX = 'm2m:v1';
export const MAX_CUSTOM_ID = 100;
/** The engine pages up to offset 1,000. */
export const MAX_PAGE = 99;

/** How a list of films is shown: which song, which page, and the options it was asked with. */
export interface View {
  trackId: string;
  page: number;
  count: number;
  excludeGenre?: string;
  familySafe: boolean;
  details: boolean;
}

export type ButtonAction =
  | { kind: 'vote'; trackId: string; tmdbId: number; value: 'up' | 'down' }
  | { kind: 'details' | 'more' | 'pick'; view: View };

const TRACK_ID = /^[A-Za-z0-9]{1,40}$/;
const UINT = /^(0|[1-9]\d{0,8})$/;

export function isTrackId(s: string): boolean {
  return TRACK_ID.test(s);
}

export function voteId(trackId: string, tmdbId: number, value: 'up' | 'down'): string {
  return `${ID_PREFIX}:vote:${trackId}:${tmdbId}:${value === 'up' ? 'u' : 'd'}`;
}

export function viewId(kind: 'details' | 'more' | 'pick', v: View): string {
  const genre = v.excludeGenre === undefined ? '-' : String(TMDB_GENRES.indexOf(v.excludeGenre as never));
  return `${ID_PREFIX}:${kind}:${v.trackId}:${v.page}:${v.count}:${genre}:${v.familySafe ? 1 : 0}:${v.details ? 1 : 0}`;
}

function int(s: string | undefined, min: number, max: number): number | undefined {
  if (s === undefined || !UINT.test(s)) return undefined;
  const n = Number(s);
  return n >= min && n <= max ? n : undefined;
}

function bit(s: string | undefined): boolean | undefined {
  return s === '1' ? true : s === '0' ? false : undefined;
}

/** The action a custom_id stands for, or undefined for anything foreign, malformed or outdated. */
export function parseCustomId(id: unknown): ButtonAction | undefined {
  if (typeof id !== 'string' || id.length > MAX_CUSTOM_ID || !id.startsWith(`${ID_PREFIX}:`))
    return undefined;
  const [, , kind, trackId, ...rest] = id.split(':');
  if (trackId === undefined || !TRACK_ID.test(trackId)) return undefined;
  if (kind === 'vote') {
    const tmdbId = int(rest[0], 1, 999_999_999);
    const value = rest[1] === 'u' ? 'up' : rest[1] === 'd' ? 'down' : undefined;
    if (rest.length !== 2 || tmdbId === undefined || value === undefined) return undefined;
    return { kind, trackId, tmdbId, value };
  }
  if (kind !== 'details' && kind !== 'more' && kind !== 'pick') return undefined;
  if (rest.length !== 5) return undefined;
  const page = int(rest[0], 0, MAX_PAGE);
  const count = int(rest[1], 1, 10);
  const genre = rest[2] === '-' ? null : int(rest[2], 0, TMDB_GENRES.length - 1);
  const familySafe = bit(rest[3]);
  const details = bit(rest[4]);
  if (page === undefined || count === undefined || genre === undefined) return undefined;
  if (familySafe === undefined || details === undefined) return undefined;
  const view: View = { trackId, page, count, familySafe, details };
  if (genre !== null) view.excludeGenre = TMDB_GENRES[genre];
  return { kind, view };
}
