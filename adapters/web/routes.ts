import type { Engine, RecommendOptions } from '../../src/engine/engine.js';
import type { SongFilters } from '../../src/engine/song-lookup.js';

export interface ApiResult {
  status: number;
  body: unknown;
}

function range(v: string | null): [number, number] | undefined {
  if (!v) return undefined;
  const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(v);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

function bad(message: string): ApiResult {
  return { status: 400, body: { code: 'BAD_INPUT', message } };
}

const STATUS: Record<string, number> = {
  SONG_NOT_FOUND: 404,
  MOVIE_NOT_FOUND: 404,
  SONG_AMBIGUOUS: 409,
  MOVIE_AMBIGUOUS: 409,
  INDEX_EMPTY: 503,
};

/** The JSON API: a thin translation from query strings to engine calls and back. */
export function handleApi(engine: Engine, method: string, url: URL): ApiResult {
  if (method !== 'GET') return { status: 405, body: { code: 'METHOD_NOT_ALLOWED', message: 'Use GET.' } };
  const p = url.searchParams;
  switch (url.pathname) {
    case '/api/songs': {
      const filters: SongFilters = {
        genre: p.get('genre') ?? undefined,
        explicit: p.get('explicit') === null ? undefined : p.get('explicit') === 'true',
        popularity: range(p.get('popularity')),
        tempo: range(p.get('tempo')),
      };
      return { status: 200, body: { songs: engine.autocomplete(p.get('q') ?? '', filters, 25) } };
    }
    case '/api/recommend': {
      const k = Number(p.get('k') ?? 5);
      const offset = Number(p.get('offset') ?? 0);
      if (!Number.isInteger(k) || k < 1 || k > 50) return bad('k must be a whole number from 1 to 50');
      if (!Number.isInteger(offset) || offset < 0 || offset > 1000) return bad('offset must be 0–1000');
      const options: RecommendOptions = {
        k,
        offset,
        excludeGenres: p.getAll('exclude_genre'),
        familySafe: p.get('family_safe') === 'true',
      };
      const ref = {
        trackId: p.get('track_id') ?? undefined,
        song: p.get('song') ?? undefined,
        artist: p.get('artist') ?? undefined,
      };
      if (!ref.trackId && !ref.song) return bad('give track_id or song');
      const r = engine.recommend(ref, options);
      return r.ok ? { status: 200, body: r.value } : { status: STATUS[r.error.code] ?? 400, body: r.error };
    }
    case '/api/songs-for': {
      const r = engine.songsFor(p.get('movie') ?? '', { k: Math.min(10, Number(p.get('k') ?? 5) || 5) });
      return r.ok ? { status: 200, body: r.value } : { status: STATUS[r.error.code] ?? 400, body: r.error };
    }
    default:
      return { status: 404, body: { code: 'NOT_FOUND', message: `No route ${url.pathname}` } };
  }
}
