import { distance } from 'fastest-levenshtein';
import { foldText, normalizeSongTitle, sanitizeQuery } from '../text/normalize.js';
import type { SongRecord } from './catalog.js';

export interface SongFilters {
  genre?: string;
  explicit?: boolean;
  popularity?: [number, number];
  tempo?: [number, number];
}

export type SongCandidate = Pick<
  SongRecord,
  'trackId' | 'trackName' | 'artists' | 'albumName' | 'genres' | 'popularity'
>;

/** What a user needs to tell same-titled songs apart. */
export function songCandidate(s: SongRecord): SongCandidate {
  return {
    trackId: s.trackId,
    trackName: s.trackName,
    artists: s.artists,
    albumName: s.albumName,
    genres: s.genres,
    popularity: s.popularity,
  };
}

export type SongMatch =
  | { kind: 'found'; song: number }
  | { kind: 'ambiguous'; candidates: SongCandidate[] }
  | { kind: 'not_found'; suggestions: SongCandidate[] };

interface Keyed {
  key: string;
  song: number;
}

/**
 * Groups songs by key and lays them out in key order (songs ascending within a key). Sorting the
 * distinct keys natively is several times faster than sorting every (key, song) pair with a
 * comparator, which dominated building the lookup for 114k songs.
 */
class KeyedBuilder {
  private readonly groups = new Map<string, number[]>();

  add(key: string, song: number): void {
    const list = this.groups.get(key);
    if (list) {
      if (list[list.length - 1] !== song) list.push(song);
    } else this.groups.set(key, [song]);
  }

  sorted(): Keyed[] {
    const out: Keyed[] = [];
    // Default sort compares UTF-16 code units, the same order as `<` in lowerBound.
    for (const key of [...this.groups.keys()].sort()) {
      for (const song of this.groups.get(key) as number[]) out.push({ key, song });
    }
    return out;
  }
}

/** First position whose key is >= prefix. */
function lowerBound(list: readonly Keyed[], prefix: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Keyed).key < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const MAX_SUGGESTIONS = 25;
/** How many prefix hits to rank by popularity before giving up on finding better ones. */
const PREFIX_SCAN = 5000;

/**
 * Finds songs by title and artist, forgiving case, accents, punctuation and Spotify's decorations;
 * serves autocomplete from sorted keys held in memory (binary search, no scan of the catalogue).
 */
export class SongLookup {
  private readonly titleKeys: string[];
  private readonly artistKeys: string[][];
  private readonly byTitle = new Map<string, number[]>();
  private readonly titlesSorted: Keyed[];
  private readonly artistsSorted: Keyed[];
  private readonly wordsSorted: Keyed[];
  private readonly byTrackId = new Map<string, number>();

  constructor(private readonly songs: readonly SongRecord[]) {
    this.titleKeys = songs.map((s) => normalizeSongTitle(s.trackName));
    this.artistKeys = songs.map((s) => s.artists.map(foldText));
    const artists = new KeyedBuilder();
    const words = new KeyedBuilder();
    songs.forEach((s, i) => {
      const key = this.titleKeys[i] as string;
      const list = this.byTitle.get(key);
      if (list) list.push(i);
      else this.byTitle.set(key, [i]);
      this.byTrackId.set(s.trackId, i);
      for (const a of this.artistKeys[i] as string[]) artists.add(a, i);
      for (const w of `${key} ${(this.artistKeys[i] as string[]).join(' ')}`.split(' ')) {
        if (w.length > 1) words.add(w, i);
      }
    });
    // byTitle already groups songs by title key, in song order.
    this.titlesSorted = [...this.byTitle.keys()]
      .sort()
      .flatMap((key) => (this.byTitle.get(key) as number[]).map((song) => ({ key, song })));
    this.artistsSorted = artists.sorted();
    this.wordsSorted = words.sorted();
  }

  byId(trackId: string): number | undefined {
    return this.byTrackId.get(trackId);
  }

  candidate(i: number): SongCandidate {
    return songCandidate(this.songs[i] as SongRecord);
  }

  /** Resolves a title (and optional artist) to one song, the candidates to choose from, or the closest titles. */
  find(titleInput: unknown, artistInput?: unknown): SongMatch {
    const title = normalizeSongTitle(sanitizeQuery(titleInput));
    const artist = foldText(sanitizeQuery(artistInput));
    if (title === '') return { kind: 'not_found', suggestions: [] };
    let hits = this.byTitle.get(title) ?? [];
    if (artist) hits = hits.filter((i) => this.artistMatches(i, artist));
    if (hits.length === 0) {
      return { kind: 'not_found', suggestions: this.closest(title, artist).map((i) => this.candidate(i)) };
    }
    // The same song on several albums is one song: take its most popular release. Different artists
    // singing the same title is a real ambiguity the user must settle.
    const byArtist = new Map<string, number>();
    for (const i of hits) {
      const a = (this.artistKeys[i] as string[]).join(';');
      const best = byArtist.get(a);
      if (best === undefined || this.popularity(i) > this.popularity(best)) byArtist.set(a, i);
    }
    const distinct = [...byArtist.values()].sort((x, y) => this.popularity(y) - this.popularity(x));
    if (distinct.length === 1) return { kind: 'found', song: distinct[0] as number };
    return {
      kind: 'ambiguous',
      candidates: distinct.slice(0, MAX_SUGGESTIONS).map((i) => this.candidate(i)),
    };
  }

  /** Up to `limit` (≤ 25) songs for a partly typed title or artist, most popular first within each tier. */
  autocomplete(input: unknown, filters: SongFilters = {}, limit = MAX_SUGGESTIONS): SongCandidate[] {
    const n = Number.isFinite(limit)
      ? Math.max(0, Math.min(MAX_SUGGESTIONS, Math.floor(limit)))
      : MAX_SUGGESTIONS;
    const q = foldText(sanitizeQuery(input, 100));
    const accept = (i: number) => this.passes(i, filters);
    if (q === '') return this.top(this.popularOverall(accept), n);
    const seen = new Set<string>();
    const out: number[] = [];
    const take = (list: number[]) => {
      for (const i of list.sort((a, b) => this.popularity(b) - this.popularity(a))) {
        if (out.length >= n) return;
        const dedupe = `${this.titleKeys[i]}|${(this.artistKeys[i] as string[])[0]}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        out.push(i);
      }
    };
    take(this.prefixHits(this.titlesSorted, q, accept));
    if (out.length < n) take(this.prefixHits(this.artistsSorted, q, accept));
    if (out.length < n) take(this.wordHits(q, accept));
    if (out.length < n && q.length >= 3) take(this.closest(q, '', accept));
    return out.map((i) => this.candidate(i));
  }

  private top(list: number[], n: number): SongCandidate[] {
    return list.slice(0, n).map((i) => this.candidate(i));
  }

  private popularOverall(accept: (i: number) => boolean): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.songs.length && out.length < 2000; i++) if (accept(i)) out.push(i);
    return out.sort((a, b) => this.popularity(b) - this.popularity(a));
  }

  private prefixHits(list: readonly Keyed[], prefix: string, accept: (i: number) => boolean): number[] {
    const out: number[] = [];
    for (let p = lowerBound(list, prefix); p < list.length && out.length < PREFIX_SCAN; p++) {
      const e = list[p] as Keyed;
      if (!e.key.startsWith(prefix)) break;
      if (accept(e.song)) out.push(e.song);
    }
    return out;
  }

  /** Every word of the query starts a word of the title or artist ("remember days" finds "Days I Will Remember"). */
  private wordHits(q: string, accept: (i: number) => boolean): number[] {
    const words = q.split(' ').filter((w) => w.length > 0);
    const longest = [...words].sort((a, b) => b.length - a.length)[0];
    if (!longest) return [];
    return this.prefixHits(this.wordsSorted, longest, accept).filter((i) => {
      const text = ` ${this.titleKeys[i]} ${(this.artistKeys[i] as string[]).join(' ')}`;
      return words.every((w) => text.includes(` ${w}`));
    });
  }

  /** Titles within a small edit distance; the scan is bounded by length so it stays fast. */
  private closest(title: string, artist: string, accept: (i: number) => boolean = () => true): number[] {
    const maxEdits = Math.max(1, Math.min(4, Math.floor(title.length / 4)));
    const scored: Array<[number, number]> = [];
    const seen = new Set<string>();
    for (const [key, songs] of this.byTitle) {
      if (Math.abs(key.length - title.length) > maxEdits) continue;
      const d = distance(key, title);
      if (d > maxEdits || seen.has(key)) continue;
      seen.add(key);
      for (const i of songs) {
        if (!accept(i)) continue;
        if (artist && !this.artistMatches(i, artist)) continue;
        scored.push([i, d]);
      }
    }
    scored.sort((a, b) => a[1] - b[1] || this.popularity(b[0]) - this.popularity(a[0]));
    return scored.slice(0, 10).map(([i]) => i);
  }

  private artistMatches(i: number, artist: string): boolean {
    return (this.artistKeys[i] as string[]).some(
      (a) => a === artist || a.includes(artist) || artist.includes(a),
    );
  }

  private popularity(i: number): number {
    return (this.songs[i] as SongRecord).popularity;
  }

  private passes(i: number, f: SongFilters): boolean {
    const s = this.songs[i] as SongRecord;
    if (f.genre && !s.genres.includes(f.genre)) return false;
    if (f.explicit !== undefined && s.explicit !== f.explicit) return false;
    if (f.popularity && (s.popularity < f.popularity[0] || s.popularity > f.popularity[1])) return false;
    if (f.tempo && (s.tempo < f.tempo[0] || s.tempo > f.tempo[1])) return false;
    return true;
  }
}
