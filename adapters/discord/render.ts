import {
  type APIActionRowComponent,
  type APIApplicationCommandOptionChoice,
  type APIButtonComponent,
  type APIEmbed,
  ButtonStyle,
  ComponentType,
  escapeMarkdown,
} from 'discord.js';
import type {
  MovieCandidate,
  MovieResult,
  Recommendation,
  SongForMovie,
  SongInfo,
} from '../../src/engine/engine.js';
import type { SongCandidate } from '../../src/engine/song-lookup.js';
import { MAX_PAGE, type View, viewId, voteId } from './custom-id.js';
import { clip, fitEmbeds, LIMITS } from './limits.js';
import type { MessageData } from './types.js';

/** Replies never ping anyone, whatever a song or film title contains. */
const NO_MENTIONS = { parse: [] };
const OVERVIEW_CHARS = 300;
const FOOTER_CHARS = 200;
const CANDIDATE_LINES = 10;

type Row = APIActionRowComponent<APIButtonComponent>;

/** Prefix of an autocomplete value that carries an exact id instead of typed text. */
export const TRACK_VALUE = 'track:';
export const MOVIE_VALUE = 'movie:';

export function text(content: string): MessageData {
  return { content: clip(content, LIMITS.content), allowed_mentions: NO_MENTIONS };
}

function scoreBar(score: number): string {
  const full = Math.max(0, Math.min(10, Math.round(score * 10)));
  return `${'█'.repeat(full)}${'░'.repeat(10 - full)}`;
}

function scoreColor(score: number): number {
  // Grey-blue for weak matches through to green for strong ones.
  const s = Math.max(0, Math.min(1, score));
  const r = Math.round(0x5b + (0x2e - 0x5b) * s);
  const g = Math.round(0x6b + (0xcc - 0x6b) * s);
  const b = Math.round(0x8a + (0x71 - 0x8a) * s);
  return (r << 16) | (g << 8) | b;
}

function scoreLine(score: number): string {
  return `\`${scoreBar(score)}\` **${score.toFixed(2)}** match`;
}

function titleWithYear(title: string, year: number | null): string {
  return year ? `${title} (${year})` : title;
}

function songLine(s: Pick<SongInfo, 'trackName' | 'artists' | 'albumName'>): string {
  const artists = s.artists.length > 0 ? ` — ${escapeMarkdown(s.artists.join(', '))}` : '';
  const album = s.albumName ? ` · *${escapeMarkdown(s.albumName)}*` : '';
  return `**${escapeMarkdown(s.trackName)}**${artists}${album}`;
}

function movieEmbed(m: MovieResult, details: boolean): APIEmbed {
  const lines = [scoreLine(m.score), ...m.reasons.map((r) => `• ${r}`)];
  if (details && m.overview) lines.push('', clip(m.overview, OVERVIEW_CHARS));
  const e: APIEmbed = {
    title: clip(`${m.rank}. ${titleWithYear(m.title, m.year)}`, LIMITS.title),
    url: `https://www.themoviedb.org/movie/${m.tmdbId}`,
    description: lines.join('\n'),
    color: scoreColor(m.score),
    footer: { text: clip(m.genres.length > 0 ? m.genres.join(' · ') : 'No genre listed', FOOTER_CHARS) },
  };
  if (m.posterUrl) e.image = { url: m.posterUrl };
  return e;
}

function voteRows(items: ReadonlyArray<{ rank: number; trackId: string; tmdbId: number }>): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < items.length && rows.length < 4; i += LIMITS.buttonsPerRow) {
    const chunk = items.slice(i, i + LIMITS.buttonsPerRow);
    for (const value of ['up', 'down'] as const)
      rows.push({
        type: ComponentType.ActionRow,
        components: chunk.map((it) => ({
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: String(it.rank),
          emoji: { name: value === 'up' ? '👍' : '👎' },
          custom_id: voteId(it.trackId, it.tmdbId, value),
        })),
      });
  }
  return rows;
}

/**
 * The reply to /movie-for: a header naming the song, one embed per film, a column of 👍/👎 per film
 * (labelled with its rank), then "Show/Hide details" and "More".
 */
export function recommendationMessage(rec: Recommendation, view: View): MessageData {
  const song = rec.songs[0];
  const movies = rec.movies;
  const first = movies[0]?.rank ?? view.page * view.count + 1;
  const last = movies[movies.length - 1]?.rank ?? first;
  const header = song ? `🎵 ${songLine(song)}` : '🎵';
  if (movies.length === 0)
    return text(`${header}\nNo more films match${view.excludeGenre ? ' with that genre left out' : ''}.`);
  const content = clip(`${header}\nFilms ${first}–${last} that share its mood:`, LIMITS.content);
  const votes = voteRows(movies.map((m) => ({ rank: m.rank, trackId: view.trackId, tmdbId: m.tmdbId })));
  const controls: APIButtonComponent[] = [
    {
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: view.details ? 'Hide details' : 'Show details',
      custom_id: viewId('details', { ...view, details: !view.details }),
    },
  ];
  if (movies.length >= view.count && view.page < MAX_PAGE && (view.page + 2) * view.count <= 1000)
    controls.push({
      type: ComponentType.Button,
      style: ButtonStyle.Primary,
      label: `More (next ${view.count})`,
      custom_id: viewId('more', { ...view, page: view.page + 1 }),
    });
  return {
    content,
    embeds: fitEmbeds(movies.map((m) => movieEmbed(m, view.details))),
    components: [...votes, { type: ComponentType.ActionRow, components: controls }],
    allowed_mentions: NO_MENTIONS,
  };
}

/** The reply to /songs-for: the film in the header, one embed per song, 👍/👎 per song. */
export function songsForMessage(r: { movie: MovieResult; songs: SongForMovie[] }): MessageData {
  const m = r.movie;
  const genres = m.genres.length > 0 ? ` · ${m.genres.join(', ')}` : '';
  const content = clip(
    `🎬 **${escapeMarkdown(titleWithYear(m.title, m.year))}**${genres}\nSongs that share its mood:`,
    LIMITS.content,
  );
  const embeds = r.songs.map(
    (s): APIEmbed => ({
      title: clip(`${s.rank}. ${s.song.trackName} — ${s.song.artists.join(', ')}`, LIMITS.title),
      url: `https://open.spotify.com/track/${s.song.trackId}`,
      description: [scoreLine(s.score), ...s.reasons.map((x) => `• ${x}`)].join('\n'),
      color: scoreColor(s.score),
      footer: {
        text: clip([s.song.albumName, ...s.song.genres].filter(Boolean).join(' · ') || 'Song', FOOTER_CHARS),
      },
    }),
  );
  return {
    content,
    embeds: fitEmbeds(embeds),
    components: voteRows(r.songs.map((s) => ({ rank: s.rank, trackId: s.song.trackId, tmdbId: m.tmdbId }))),
    allowed_mentions: NO_MENTIONS,
  };
}

function isSong(c: SongCandidate | MovieCandidate): c is SongCandidate {
  return 'trackId' in c;
}

/**
 * An ambiguous or unknown song or film: the engine's message and the candidates; for songs, a
 * button per candidate (up to five) that runs /movie-for on it with the same options.
 */
export function candidatesMessage(
  message: string,
  candidates: ReadonlyArray<SongCandidate | MovieCandidate>,
  view?: Omit<View, 'trackId'>,
): MessageData {
  const shown = candidates.slice(0, CANDIDATE_LINES);
  const lines = shown.map((c) =>
    isSong(c) ? `• ${songLine(c)}` : `• **${escapeMarkdown(titleWithYear(c.title, c.year))}**`,
  );
  const more = candidates.length > shown.length ? `\n…and ${candidates.length - shown.length} more.` : '';
  const data = text(`${message}${lines.length > 0 ? `\n${lines.join('\n')}` : ''}${more}`);
  const songs = shown.filter(isSong).slice(0, LIMITS.buttonsPerRow);
  if (view && songs.length > 0) {
    const seen = new Set<string>();
    const buttons: APIButtonComponent[] = [];
    for (const s of songs) {
      const id = viewId('pick', { ...view, trackId: s.trackId });
      if (seen.has(id)) continue;
      seen.add(id);
      buttons.push({
        type: ComponentType.Button,
        style: ButtonStyle.Secondary,
        label: clip(`${s.trackName} — ${s.artists.join(', ')}`, LIMITS.buttonLabel),
        custom_id: id,
      });
    }
    data.components = [{ type: ComponentType.ActionRow, components: buttons }];
  }
  return data;
}

/** The ephemeral answer to a 👍/👎 button. */
export function voteAck(value: 'up' | 'down', title: string, year: number | null): MessageData {
  const film = escapeMarkdown(titleWithYear(title, year));
  return text(
    `${value === 'up' ? '👍' : '👎'} Noted for **${film}**. Thanks — votes teach music2movie what fits.`,
  );
}

/** Autocomplete choices for songs: "Title — Artists", valued by track id so the pick is exact. */
export function songChoices(cands: readonly SongCandidate[]): APIApplicationCommandOptionChoice<string>[] {
  return cands.slice(0, LIMITS.choices).map((c) => ({
    name: clip(`${c.trackName} — ${c.artists.join(', ')}`, LIMITS.choiceName),
    value: `${TRACK_VALUE}${c.trackId}`,
  }));
}

export function movieChoices(cands: readonly MovieCandidate[]): APIApplicationCommandOptionChoice<string>[] {
  return cands.slice(0, LIMITS.choices).map((c) => ({
    name: clip(titleWithYear(c.title, c.year), LIMITS.choiceName),
    value: `${MOVIE_VALUE}${c.tmdbId}`,
  }));
}
