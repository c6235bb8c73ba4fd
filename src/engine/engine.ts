import { distance } from 'fastest-levenshtein';
import { TRACK_ID } from '../data/spotify.js';
import { TMDB_GENRES } from '../features/tmdb-genres.js';
import { foldText, sanitizeQuery } from '../text/normalize.js';
import { parseSongText } from '../text/song-text.js';
import type { Catalog, MovieRecord, SongRecord } from './catalog.js';
import { row } from './catalog.js';
import { diversify, type Scored } from './diversify.js';
import { NO_YEAR } from './movie-table.js';
import { explainMatch } from './reasons.js';
import { calibrate, rawScore, type SongQuery, songQuery } from './scoring.js';
import {
  type SongCandidate,
  type SongFilters,
  SongLookup,
  type SongMatch,
  songCandidate,
} from './song-lookup.js';

export interface RecommendOptions {
  /** How many films (default 5, at most 1000). */
  k?: number;
  /** Skip this many, for "more like these" paging. */
  offset?: number;
  excludeGenres?: readonly string[];
  years?: [number, number];
  /** Hide films whose poster the classifier flagged. */
  familySafe?: boolean;
  /** Diversity trade rate of the re-rank (0 turns it off). */
  diversity?: number;
}

export interface SongInfo extends SongCandidate {
  tempo: number;
  explicit: boolean;
}

export interface MovieResult {
  rank: number;
  tmdbId: number;
  title: string;
  year: number | null;
  overview: string;
  genres: string[];
  popularity: number;
  posterUrl: string | null;
  /** Calibrated match score in [0, 1]. */
  score: number;
  reasons: string[];
}

export interface Recommendation {
  songs: SongInfo[];
  movies: MovieResult[];
}

export interface SongForMovie {
  rank: number;
  song: SongInfo;
  score: number;
  reasons: string[];
}

/** Expected outcomes come back as values; adapters render them, nothing is thrown for user input. */
export type Outcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: string; message: string; candidates?: SongCandidate[] | MovieCandidate[] } };

export interface MovieCandidate {
  tmdbId: number;
  title: string;
  year: number | null;
  genres: string[];
}

export interface SongRef {
  song?: string;
  artist?: string;
  trackId?: string;
}

export const MAX_K = 1000;
/** The most songs one blend (playlist) query takes. */
export const MAX_BLEND = 50;
/** The deepest page start; with MAX_K this bounds one request's work. */
export const MAX_OFFSET = 1000;
/** Stretches of ranks, each filled from a candidate pool four times its end (see orderFilms). */
const ORDER_TIERS: ReadonlyArray<{ end: number; pool: number }> = [
  { end: 50, pool: 200 },
  { end: 250, pool: 1000 },
  { end: MAX_OFFSET + MAX_K, pool: 4 * (MAX_OFFSET + MAX_K) },
];
/** The variety re-rank orders the first 50 ranks out of the best 100 by score. */
const DIVERSITY_POOL = 100;
/** The list size chat replies show; scores read best first within each block of this many. */
const PAGE = 5;
/** Reasons considered per film before the list-level pick keeps three. */
const CANDIDATE_REASONS = 6;
const SHOWN_REASONS = 3;

/**
 * Keeps each film's strongest reason, then prefers reasons that not every film in the list shares,
 * so five films for one song do not all read the same. Edits the lists in place.
 */
function pickDistinctReasons(lists: string[][]): void {
  const count = new Map<string, number>();
  for (const l of lists) for (const r of l) count.set(r, (count.get(r) ?? 0) + 1);
  for (const l of lists) {
    const [first, ...rest] = l;
    if (first === undefined) continue;
    // A stable sort: rarer reasons first, ties keep the strength order explainMatch gave.
    const chosen = [
      first,
      ...rest.sort((a, b) => (count.get(a) ?? 0) - (count.get(b) ?? 0)).slice(0, SHOWN_REASONS - 1),
    ];
    l.splice(0, l.length, ...chosen);
  }
}

/** The recommendation engine over a loaded catalogue. Stateless per call; safe to share. */
export class Engine {
  readonly songs: SongLookup;
  private titleIndex: Map<string, number[]> | undefined;
  private readonly soundtrackOf = new Map<number, number[]>();

  constructor(readonly catalog: Catalog) {
    this.songs = new SongLookup(catalog.songs);
    catalog.songs.forEach((s, i) => {
      for (const m of s.soundtrack) {
        const list = this.soundtrackOf.get(m) ?? [];
        list.push(i);
        this.soundtrackOf.set(m, list);
      }
    });
  }

  /** Folded film titles → films; built on the first title lookup, so loading stays fast. */
  private get movieTitles(): Map<string, number[]> {
    if (this.titleIndex) return this.titleIndex;
    const index = new Map<string, number[]>();
    this.catalog.movies.titles().forEach(([title, original], i) => {
      for (const t of new Set([foldText(title), foldText(original)])) {
        if (!t) continue;
        const list = index.get(t);
        if (list) list.push(i);
        else index.set(t, [i]);
      }
    });
    this.titleIndex = index;
    return index;
  }

  /** The catalogue position of a TMDb film id, if the film is in it. */
  movieByTmdbId(tmdbId: number): number | undefined {
    return this.catalog.movies.indexOfId(tmdbId);
  }

  get isEmpty(): boolean {
    return this.catalog.movies.length === 0 || this.catalog.songs.length === 0;
  }

  resolveSong(ref: SongRef): Outcome<number> {
    if (this.isEmpty) return emptyIndex();
    if (ref.trackId !== undefined) {
      const id = sanitizeQuery(ref.trackId, 64);
      const i = this.songs.byId(id);
      if (i === undefined) return fail('SONG_NOT_FOUND', `No song with track id "${id}" in the catalogue.`);
      return { ok: true, value: i };
    }
    const title = sanitizeQuery(ref.song);
    if (!title) return fail('BAD_INPUT', 'Give a song title (and optionally an artist).');
    const match: SongMatch = this.songs.find(title, ref.artist);
    switch (match.kind) {
      case 'found':
        return { ok: true, value: match.song };
      case 'ambiguous':
        return {
          ok: false,
          error: {
            code: 'SONG_AMBIGUOUS',
            message: `Several songs are called "${title}"; add the artist to choose one.`,
            candidates: match.candidates,
          },
        };
      case 'not_found':
        return {
          ok: false,
          error: {
            code: 'SONG_NOT_FOUND',
            message:
              match.suggestions.length > 0
                ? `No song called "${title}"${ref.artist ? ` by ${sanitizeQuery(ref.artist)}` : ''}. Did you mean one of these?`
                : `No song called "${title}" in the catalogue.`,
            candidates: match.suggestions,
          },
        };
    }
  }

  /**
   * A song as a person types it: a Spotify track id, "Title", or "Title by Artist" (split at the
   * last " by "; a title that itself holds " by ", like "Stand by Me", still resolves whole).
   */
  resolveSongText(text: unknown): Outcome<number> {
    const raw = sanitizeQuery(text);
    if (TRACK_ID.test(raw) && this.songs.byId(raw) !== undefined) return this.resolveSong({ trackId: raw });
    const p = parseSongText(raw);
    const first = this.resolveSong({ song: p.song, artist: p.artist });
    if (first.ok || !p.artist || first.error.code !== 'SONG_NOT_FOUND') return first;
    const whole = this.resolveSong({ song: p.whole });
    return whole.ok || whole.error.code === 'SONG_AMBIGUOUS' ? whole : first;
  }

  autocomplete(prefix: unknown, filters?: SongFilters, limit?: number): SongCandidate[] {
    return this.songs.autocomplete(prefix, filters, limit);
  }

  recommend(ref: SongRef, options: RecommendOptions = {}): Outcome<Recommendation> {
    const bad = this.optionProblem(options);
    if (bad) return fail('BAD_OPTION', bad);
    const song = this.resolveSong(ref);
    if (!song.ok) return song;
    return { ok: true, value: this.recommendForSongs([song.value], options) };
  }

  /** A playlist: the songs' vectors are averaged into one query; direct links of any song count. */
  blend(refs: readonly SongRef[], options: RecommendOptions = {}): Outcome<Recommendation> {
    if (refs.length === 0) return fail('BAD_INPUT', 'Give at least one song to blend.');
    if (refs.length > MAX_BLEND)
      return fail('BAD_INPUT', `A blend takes at most ${MAX_BLEND} songs; ${refs.length} were given.`);
    const bad = this.optionProblem(options);
    if (bad) return fail('BAD_OPTION', bad);
    const ids: number[] = [];
    for (const r of refs) {
      const s = this.resolveSong(r);
      if (!s.ok) return s;
      ids.push(s.value);
    }
    return { ok: true, value: this.recommendForSongs(ids, options) };
  }

  /** A blend of songs as people type them (see resolveSongText); an unresolved one is named in the error. */
  blendTexts(texts: readonly string[], options: RecommendOptions = {}): Outcome<Recommendation> {
    const refs: SongRef[] = [];
    for (const text of texts) {
      const s = this.resolveSongText(text);
      if (!s.ok) {
        const shown = sanitizeQuery(text, 80);
        const hint = s.error.code === 'SONG_AMBIGUOUS' ? ` Write it as "${shown} by <artist>".` : '';
        return {
          ok: false,
          error: { ...s.error, message: `In the blend, "${shown}": ${s.error.message}${hint}` },
        };
      }
      refs.push({ trackId: (this.catalog.songs[s.value] as SongRecord).trackId });
    }
    return this.blend(refs, options);
  }

  query(songIds: readonly number[]): SongQuery {
    return songQuery(this.catalog, songIds);
  }

  recommendForSongs(songIds: readonly number[], options: RecommendOptions = {}): Recommendation {
    const c = this.catalog;
    const k = clampInt(options.k ?? 5, 1, MAX_K);
    const offset = clampInt(options.offset ?? 0, 0, MAX_OFFSET);
    const q = this.query(songIds);
    const want = offset + k;
    const ordered = this.orderFilms(
      q,
      this.movieFilter(options),
      want,
      options.diversity ?? c.ranking.diversity,
    );
    const firstSong = c.songs[songIds[0] as number] as SongRecord;
    const genres = [...new Set(songIds.flatMap((i) => (c.songs[i] as SongRecord).genres))];
    const movies = ordered.slice(offset, want).map((s, i) => {
      const record = c.movies.at(s.label) as MovieRecord;
      return {
        rank: offset + i + 1,
        ...this.movieFields(record),
        score: round(calibrate(c, s.raw)),
        reasons: explainMatch(
          {
            vector: q.vector,
            genres,
            themes: q.themes,
            record: songIds.length === 1 ? firstSong : undefined,
          },
          { vector: row(c.movieVectors, c.dims, s.label), record, label: s.label },
          { soundtrack: q.soundtrack.has(s.label), echo: q.echoes.has(s.label) },
          CANDIDATE_REASONS,
        ),
      };
    });
    pickDistinctReasons(movies.map((m) => m.reasons));
    return { songs: songIds.map((i) => songInfo(c.songs[i] as SongRecord)), movies };
  }

  /**
   * The first `want` films of the song's one ordering. Pages are cut from it, so it must not depend
   * on where a page starts: each tier fills its own stretch of ranks from a fixed pool, and the
   * variety re-rank (greedy, so stable under "how many") only orders the head. Asking for more
   * ranks extends the list and never reshuffles what an earlier page showed.
   */
  private orderFilms(q: SongQuery, accept: (m: number) => boolean, want: number, penalty: number): Scored[] {
    const order: Scored[] = [];
    const placed = new Set<number>();
    for (const [t, tier] of ORDER_TIERS.entries()) {
      if (order.length >= want) break;
      const ranked = this.rankPool(q, accept, tier.pool).filter((s) => !placed.has(s.label));
      const varied = t === 0 && penalty > 0;
      // Whole blocks of PAGE when blocks get sorted, so a block never depends on where a page ends.
      const upTo = varied ? Math.ceil(want / PAGE) * PAGE : want;
      const take = Math.min(tier.end, upTo) - order.length;
      if (take <= 0) continue;
      const picks = varied
        ? byScoreWithinPages(diversify(this.catalog, ranked.slice(0, DIVERSITY_POOL), take, penalty))
        : ranked.slice(0, take);
      for (const p of picks) {
        order.push(p);
        placed.add(p.label);
      }
    }
    return order;
  }

  /** The `size` films nearest by cosine plus every directly linked one, by ranking score. */
  private rankPool(q: SongQuery, accept: (m: number) => boolean, size: number): Scored[] {
    const c = this.catalog;
    // Widened past the page so hubness correction and links can reorder them; linked films may sit
    // far away in the space.
    const labels = new Set<number>();
    for (const hit of c.movieIndex.search(q.vector, Math.min(c.movies.length, size), accept))
      labels.add(hit.label);
    for (const m of q.soundtrack) if (accept(m)) labels.add(m);
    for (const m of q.echoes) if (accept(m)) labels.add(m);
    return [...labels]
      .map((label) => ({ label, raw: rawScore(c, q, label) }))
      .sort((a, b) => b.raw - a.raw || a.label - b.label);
  }

  findMovie(title: unknown, year?: number): Outcome<number> {
    if (this.isEmpty) return emptyIndex();
    const t = foldText(sanitizeQuery(title));
    if (!t) return fail('BAD_INPUT', 'Give a movie title.');
    const sameTitle = this.movieTitles.get(t) ?? [];
    const hits =
      year === undefined ? sameTitle : sameTitle.filter((m) => this.catalog.movies.year(m) === year);
    if (hits.length === 1) return { ok: true, value: hits[0] as number };
    const shown = hits.length > 0 ? hits : sameTitle.length > 0 ? sameTitle : this.closestMovies(t);
    const candidates = shown.slice(0, 25).map((m) => {
      const r = this.catalog.movies.at(m) as MovieRecord;
      return { tmdbId: r.id, title: r.title, year: r.year, genres: r.genres };
    });
    if (hits.length > 1) {
      return {
        ok: false,
        error: {
          code: 'MOVIE_AMBIGUOUS',
          message: `Several films are called "${sanitizeQuery(title)}"; pick one by year.`,
          candidates,
        },
      };
    }
    return {
      ok: false,
      error: {
        code: 'MOVIE_NOT_FOUND',
        message:
          sameTitle.length > 0
            ? `No film called "${sanitizeQuery(title)}" from ${year}; these have that title.`
            : candidates.length > 0
              ? `No film called "${sanitizeQuery(title)}". Did you mean one of these?`
              : `No film called "${sanitizeQuery(title)}" in the catalogue.`,
        candidates,
      },
    };
  }

  /** The songs whose mood best fits a film (the reverse direction, five by default). */
  songsFor(
    title: unknown,
    options: { k?: number; year?: number } = {},
  ): Outcome<{ movie: MovieResult; songs: SongForMovie[] }> {
    const found = this.findMovie(title, options.year);
    if (!found.ok) return found;
    return { ok: true, value: this.songsForMovie(found.value, options.k) };
  }

  songsForMovie(m: number, kInput = 5): { movie: MovieResult; songs: SongForMovie[] } {
    const c = this.catalog;
    const k = clampInt(kInput, 1, 100);
    const mv = row(c.movieVectors, c.dims, m);
    const record = c.movies.at(m) as MovieRecord;
    const labels = new Set(c.songIndex.search(mv, Math.max(200, k * 8)).map((h) => h.label));
    for (const s of this.soundtrackOf.get(m) ?? []) labels.add(s);
    const scored = [...labels]
      .map((s) => {
        const sv = row(c.songVectors, c.dims, s);
        let raw = 0;
        for (let d = 0; d < c.dims; d++) raw += (sv[d] as number) * (mv[d] as number);
        raw -= c.ranking.hubness * (c.songHubness[s] as number);
        if ((c.songs[s] as SongRecord).soundtrack.includes(m)) raw += c.ranking.soundtrack;
        return { s, raw };
      })
      .sort((a, b) => b.raw - a.raw);
    // One version of each song: the catalogue lists many releases of the same recording.
    const seen = new Set<string>();
    const songs: SongForMovie[] = [];
    for (const { s, raw } of scored) {
      const rec = c.songs[s] as SongRecord;
      const key = `${foldText(rec.trackName)}|${rec.artists[0] ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      songs.push({
        rank: songs.length + 1,
        song: songInfo(rec),
        score: round(calibrate(c, raw)),
        reasons: explainMatch(
          { vector: row(c.songVectors, c.dims, s), genres: rec.genres, themes: rec.themes, record: rec },
          { vector: mv, record, label: m },
          { soundtrack: rec.soundtrack.includes(m), echo: rec.echoes.includes(m) },
        ),
      });
      if (songs.length >= k) break;
    }
    return { movie: { rank: 0, ...this.movieFields(record), score: 1, reasons: [] }, songs };
  }

  /**
   * Titles the typed one may have meant, closest first: titles it begins (typing "Incep"), then
   * titles within a typo or two. A short title the typed text merely starts with ("Pi" for
   * "Pirates of the Carribean") counts only when it is about as long as what was typed.
   */
  private closestMovies(t: string): number[] {
    // A typo costs one or two edits (two for swapped letters), a few more in long titles; comparing
    // only titles of about the same length and first letter keeps this cheap on 440k titles.
    const most = t.length <= 4 ? 1 : Math.max(2, Math.floor(t.length / 4));
    const hits: Array<{ cost: number; ids: number[] }> = [];
    let begun = 0;
    for (const [title, ids] of this.movieTitles) {
      if (title.startsWith(t)) {
        hits.push({ cost: 0, ids });
        if (++begun >= 25) break;
        continue;
      }
      if (title[0] !== t[0] || Math.abs(title.length - t.length) > most) continue;
      const d = distance(title, t);
      if (d <= most) hits.push({ cost: d, ids });
    }
    return hits.sort((a, b) => a.cost - b.cost).flatMap((h) => h.ids);
  }

  /** Why these options can't be honoured, or undefined; an ignored option would be a wrong answer. */
  optionProblem(o: RecommendOptions): string | undefined {
    const bad = invalidOptions(o);
    if (bad) return bad;
    const { genreNames, genreOverflow } = this.catalog.movies.columns;
    if (genreOverflow) return undefined;
    // Any TMDb genre is a fair thing to exclude, even one this catalogue happens not to hold.
    const names = [...new Set([...TMDB_GENRES, ...genreNames])].sort();
    const known = new Set(names.map((g) => g.toLowerCase()));
    const unknown = (o.excludeGenres ?? []).filter((g) => !known.has(g.toLowerCase()));
    if (unknown.length === 0) return undefined;
    const quoted = unknown.map((g) => `"${sanitizeQuery(g).slice(0, 40)}"`).join(', ');
    return `No film genre called ${quoted}; genres are ${names.join(', ')}.`;
  }

  private movieFilter(o: RecommendOptions): (m: number) => boolean {
    const [from, to] = o.years ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
    const movies = this.catalog.movies;
    const { years, unsafe } = movies.columns;
    if ((o.excludeGenres ?? []).length === 0 && !o.years && !o.familySafe) return () => true;
    const lacksGenres = movies.lacksGenres(o.excludeGenres ?? []);
    // Columns only: a filter runs on every candidate the graph visits.
    return (m) => {
      if (m < 0 || m >= movies.length) return false;
      if (o.familySafe && unsafe[m] === 1) return false;
      if (o.years) {
        const y = years[m] as number;
        if (y === NO_YEAR || y < from || y > to) return false;
      }
      return lacksGenres(m);
    };
  }

  private movieFields(r: MovieRecord): Omit<MovieResult, 'rank' | 'score' | 'reasons'> {
    return {
      tmdbId: r.id,
      title: r.title,
      year: r.year,
      overview: r.overview,
      genres: r.genres,
      popularity: r.popularity,
      posterUrl: r.posterPath ? `${this.catalog.posterBaseUrl}${r.posterPath}` : null,
    };
  }
}

export function songInfo(s: SongRecord): SongInfo {
  return { ...songCandidate(s), tempo: s.tempo, explicit: s.explicit };
}

/**
 * The variety re-rank chooses which films fill each page of five; within a page they are shown best
 * score first, so a list never reads "4. score 0.67, 5. score 0.68". Blocks sit at fixed ranks
 * (1–5, 6–10, …), so the ordering stays the same however it is paged.
 */
function byScoreWithinPages(picks: Scored[]): Scored[] {
  const out: Scored[] = [];
  for (let i = 0; i < picks.length; i += PAGE) {
    out.push(...picks.slice(i, i + PAGE).sort((a, b) => b.raw - a.raw || a.label - b.label));
  }
  return out;
}

/** What is wrong with the numbers in these options, or undefined; a silently clamped option is a wrong answer. */
export function invalidOptions(o: RecommendOptions): string | undefined {
  const whole = (v: number | undefined, lo: number, hi: number) =>
    v === undefined || (Number.isInteger(v) && v >= lo && v <= hi);
  if (!whole(o.k, 1, MAX_K)) return `The number of films must be a whole number from 1 to ${MAX_K}.`;
  if (!whole(o.offset, 0, MAX_OFFSET))
    return `The page start must be a whole number from 0 to ${MAX_OFFSET}.`;
  if (o.years) {
    const [from, to] = o.years;
    if (!Number.isFinite(from) || !Number.isFinite(to)) return 'The year range needs two years.';
    if (from > to) return `The year range ${from}–${to} runs backwards; give the earlier year first.`;
  }
  if (o.diversity !== undefined && !(o.diversity >= 0 && o.diversity <= 1)) {
    return 'The diversity setting must be between 0 and 1.';
  }
  return undefined;
}

function fail(code: string, message: string): { ok: false; error: { code: string; message: string } } {
  return { ok: false, error: { code, message } };
}

function emptyIndex(): { ok: false; error: { code: string; message: string } } {
  return fail('INDEX_EMPTY', 'The index holds no songs or films; rebuild it with `music2movie build`.');
}

function clampInt(v: number, lo: number, hi: number): number {
  if (!Number.isFinite(v)) return lo;
  return Math.max(lo, Math.min(hi, Math.floor(v)));
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
