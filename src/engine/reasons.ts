import { bridgeFor } from '../features/genre-bridge.js';
import { bucketOfLanguage, LANGUAGE_NAMES } from '../features/languages.js';
import { THEME_NAMES } from '../features/themes.js';
import { AXES, AXIS_WORDS } from '../space/axes.js';
import { GENRE_OFFSET, LANGUAGE_OFFSET } from '../space/shared-space.js';
import type { MovieRecord, SongRecord } from './catalog.js';

export interface Reason {
  /** Share of the match this reason explains, for ordering. */
  weight: number;
  text: string;
}

/**
 * Turns a song–film match into the two or three strongest reasons in words. Each dimension's product
 * in the cosine is that dimension's contribution; axes, the genre block and the culture block are
 * read separately, and the strongest positive ones are phrased from the axis and bridge tables.
 */
export function explainMatch(
  song: { vector: Float32Array; genres: readonly string[]; themes: number; record?: SongRecord },
  movie: { vector: Float32Array; record: MovieRecord; label: number },
  links: { soundtrack: boolean; echo: boolean },
  max = 3,
): string[] {
  const reasons: Reason[] = [];
  if (links.soundtrack) reasons.push({ weight: 10, text: `on the "${movie.record.title}" soundtrack` });
  if (links.echo && song.record) {
    const sameTitle = song.record.trackName
      .toLowerCase()
      .startsWith(movie.record.title.toLowerCase().slice(0, 4));
    reasons.push({
      weight: 5,
      text: sameTitle
        ? `shares its title with the song`
        : `named after ${song.record.artists[0] ?? 'the artist'}`,
    });
  }
  const sv = song.vector;
  const mv = movie.vector;
  AXES.forEach((axis, i) => {
    const c = (sv[i] as number) * (mv[i] as number);
    if (c <= 0.01 || axis === 'mainstream') return;
    const w = AXIS_WORDS[axis];
    const high = (sv[i] as number) > 0;
    reasons.push({
      weight: c,
      text: high ? `${w.songHigh} → ${w.movieHigh}` : `${w.songLow} → ${w.movieLow}`,
    });
  });
  let genreC = 0;
  for (let i = GENRE_OFFSET; i < LANGUAGE_OFFSET; i++) genreC += (sv[i] as number) * (mv[i] as number);
  if (genreC > 0.02) {
    const text = genreReason(song.genres, movie.record.genres);
    if (text) reasons.push({ weight: genreC, text });
  }
  let langC = 0;
  for (let i = LANGUAGE_OFFSET; i < sv.length; i++) langC += (sv[i] as number) * (mv[i] as number);
  const culture = cultureReason(song.genres, movie.record.language);
  if (langC > 0.02 && culture) reasons.push({ weight: langC * 1.5, text: culture });
  const shared = song.themes & movie.record.themes;
  if (shared) {
    const names = THEME_NAMES.filter((_, i) => shared & (1 << i));
    reasons.push({ weight: 0.05, text: `${names.slice(0, 2).join(' and ')} theme` });
  }
  reasons.sort((a, b) => b.weight - a.weight);
  const out: string[] = [];
  for (const r of reasons) if (!out.includes(r.text) && out.length < max) out.push(r.text);
  if (out.length === 0) out.push('closest overall mood');
  return out;
}

function genreReason(songGenres: readonly string[], movieGenres: readonly string[]): string | undefined {
  let best: { genre: string; tmdb: string[]; w: number } | undefined;
  for (const g of songGenres) {
    const bridge = bridgeFor(g);
    if (!bridge) continue;
    const hits = bridge.genres.filter(([t]) => movieGenres.includes(t)).sort((a, b) => b[1] - a[1]);
    const w = hits.reduce((s, [, x]) => s + x, 0);
    if (hits.length > 0 && (!best || w > best.w))
      best = { genre: g, tmdb: hits.slice(0, 2).map(([t]) => t), w };
  }
  return best ? `${best.genre} → ${best.tmdb.join('/')}` : undefined;
}

function cultureReason(songGenres: readonly string[], movieLanguage: string): string | undefined {
  const bucket = bucketOfLanguage(movieLanguage);
  if (bucket === 'en' || bucket === 'other') return undefined;
  for (const g of songGenres) {
    const langs = bridgeFor(g)?.languages ?? [];
    if (langs.some((l) => bucketOfLanguage(l) === bucket)) return `${g} → ${LANGUAGE_NAMES[bucket]} cinema`;
  }
  return undefined;
}
