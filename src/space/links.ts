import type { Track } from '../data/spotify.js';
import type { Movie } from '../data/tmdb.js';
import { foldText, normalizeSongTitle } from '../text/normalize.js';

/**
 * Direct links between a song and films, found by title rather than mood: the song comes from a
 * film's soundtrack album, or shares a film's title, or a film is named after its artist. These are
 * the matches users expect first ("a song from Top Gun brings Top Gun").
 */
const SOUNDTRACK_MARKER =
  /(soundtrack|motion picture|original score|music from|music inspired by|from the (?:film|movie)|\bost\b|banda sonora|bande originale|colonna sonora|film-?musik|filmmusik)/i;
/** `Top Gun Anthem - From "Top Gun" Original Soundtrack` names its film in quotes. */
const FROM_QUOTED = /from (?:the )?(?:motion picture |film |movie )?["“]([^"”]+)["”]/i;
/** Where the film's title ends inside an album name. */
const TITLE_END = /\s+(?:[-–—]\s|[([])/;

export class TitleIndex {
  private readonly byTitle = new Map<string, number[]>();
  constructor(movies: readonly Pick<Movie, 'title' | 'originalTitle'>[]) {
    movies.forEach((m, i) => {
      for (const t of new Set([foldText(m.title), foldText(m.originalTitle)])) {
        if (t.length < 2) continue;
        const list = this.byTitle.get(t);
        if (list) list.push(i);
        else this.byTitle.set(t, [i]);
      }
    });
  }

  exact(folded: string): number[] {
    return this.byTitle.get(folded) ?? [];
  }

  /** The longest catalogue title that starts the given text at a word boundary ("top gun maverick" → "top gun"). */
  longestPrefix(folded: string): number[] {
    const words = folded.split(' ');
    for (let n = words.length - 1; n >= 1; n--) {
      const hit = this.byTitle.get(words.slice(0, n).join(' '));
      if (hit && words.slice(0, n).join(' ').length >= 4) return hit;
    }
    return [];
  }
}

/** The film title a soundtrack album or track names, if it names one. */
export function soundtrackTitles(track: Pick<Track, 'albumName' | 'trackName'>): string[] {
  const out: string[] = [];
  const quoted = FROM_QUOTED.exec(track.trackName) ?? FROM_QUOTED.exec(track.albumName);
  if (quoted?.[1]) out.push(quoted[1]);
  if (SOUNDTRACK_MARKER.test(track.albumName)) {
    const title = track.albumName.split(TITLE_END)[0]?.trim();
    if (title) out.push(title);
  }
  return out;
}

export function soundtrackLinks(track: Pick<Track, 'albumName' | 'trackName'>, titles: TitleIndex): number[] {
  const found = new Set<number>();
  for (const t of soundtrackTitles(track)) {
    const folded = foldText(t);
    const hits = titles.exact(folded);
    for (const m of hits.length > 0 ? hits : titles.longestPrefix(folded)) found.add(m);
  }
  return [...found];
}

/** Films sharing the song's title (spaces ignored: "Rocket Man" ~ "Rocketman") or named after its artist. */
export function echoLinks(
  track: Pick<Track, 'trackName' | 'artists'>,
  titles: TitleIndex,
  compact: TitleIndex,
): number[] {
  const found = new Set<number>();
  const title = normalizeSongTitle(track.trackName);
  if (title.length >= 4) {
    for (const m of titles.exact(title)) found.add(m);
    for (const m of compact.exact(title.replace(/ /g, ''))) found.add(m);
  }
  for (const artist of track.artists.slice(0, 2)) {
    const a = foldText(artist);
    if (a.length >= 4) for (const m of titles.exact(a)) found.add(m);
  }
  return [...found];
}

/** A title index whose keys have no spaces, for the "Rocket Man" ~ "Rocketman" match. */
export function compactTitleIndex(movies: readonly Pick<Movie, 'title' | 'originalTitle'>[]): TitleIndex {
  return new TitleIndex(
    movies.map((m) => ({
      title: foldText(m.title).replace(/ /g, ''),
      originalTitle: foldText(m.originalTitle).replace(/ /g, ''),
    })),
  );
}
