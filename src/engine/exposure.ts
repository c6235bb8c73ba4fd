import type { Catalog } from './catalog.js';
import { rawScore, type SongQuery } from './scoring.js';

export interface ExposureOptions {
  /** Largest share of songs whose top list a film may sit in before it is damped. */
  cap?: number;
  /** Length of the lists exposure is counted over. */
  listSize?: number;
  rounds?: number;
  /** Penalty added per round, times log(exposure / cap). */
  step?: number;
  /** At most this many songs are used (evenly spaced) to measure exposure. */
  maxSongs?: number;
  /** Nearest films fetched per song before re-scoring: the same candidate pool a query uses. */
  pool?: number;
  onProgress?: (done: number, total: number) => void;
}

export interface ExposureResult {
  penalty: Float32Array;
  /** Highest share of lists any one film was in, before and after balancing. */
  maxShareBefore: number;
  maxShareAfter: number;
  distinctBefore: number;
  distinctAfter: number;
}

/**
 * Hubness correction measured, not assumed: counts how often each film lands in the top lists of
 * the catalogue's own songs and raises a per-film penalty on the over-exposed ones until none
 * exceeds the cap. It complements CSLS, which only sees each film's 10 nearest songs: a film that
 * is the only match for a whole cluster of songs (the few Hindi films for every Bollywood song) is
 * damped here, so those songs spread over more films.
 */
export function balanceExposure(
  c: Catalog,
  query: (song: number) => SongQuery,
  o: ExposureOptions = {},
): ExposureResult {
  const cap = o.cap ?? 0.006;
  const listSize = o.listSize ?? 5;
  const rounds = o.rounds ?? 10;
  const step = o.step ?? 0.04;
  const nSongs = Math.min(c.songs.length, o.maxSongs ?? 20_000);
  const stride = c.songs.length / Math.max(1, nSongs);
  const songs = Array.from({ length: nSongs }, (_, i) => Math.floor(i * stride));
  const pool = Math.min(c.movies.length, o.pool ?? 200);
  const penalty = new Float32Array(c.movies.length);
  const saved = c.movieExposurePenalty;
  c.movieExposurePenalty = penalty;
  const queries = songs.map(query);
  // Links (soundtrack, shared title) add films beyond the nearest ones, as in a real query.
  const candidates = queries.map((q) => [
    ...new Set([...c.movieIndex.search(q.vector, pool).map((h) => h.label), ...q.soundtrack, ...q.echoes]),
  ]);
  const measure = (): Float64Array => {
    const counts = new Float64Array(c.movies.length);
    const top: [number, number][] = [];
    queries.forEach((q, qi) => {
      top.length = 0;
      const consider = (m: number) => {
        const s = rawScore(c, q, m);
        if (top.length < listSize) {
          top.push([m, s]);
          top.sort((a, b) => b[1] - a[1]);
        } else if (s > (top[listSize - 1] as [number, number])[1]) {
          top[listSize - 1] = [m, s];
          top.sort((a, b) => b[1] - a[1]);
        }
      };
      for (const m of candidates[qi] as number[]) consider(m);
      for (const [m] of top) counts[m] = (counts[m] as number) + 1 / queries.length;
    });
    return counts;
  };
  const summarize = (shares: Float64Array) => ({
    max: shares.reduce((a, b) => Math.max(a, b), 0),
    distinct: shares.reduce((a, b) => a + (b > 0 ? 1 : 0), 0),
  });
  let shares = measure();
  const before = summarize(shares);
  for (let r = 0; r < rounds; r++) {
    o.onProgress?.(r + 1, rounds);
    let changed = false;
    shares.forEach((share, m) => {
      if (share > cap) {
        penalty[m] = (penalty[m] as number) + step * Math.log(share / cap);
        changed = true;
      }
    });
    if (!changed) break;
    shares = measure();
  }
  const after = summarize(shares);
  c.movieExposurePenalty = saved;
  return {
    penalty,
    maxShareBefore: before.max,
    maxShareAfter: after.max,
    distinctBefore: before.distinct,
    distinctAfter: after.distinct,
  };
}
