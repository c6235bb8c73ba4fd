import type { types } from '@slack/bolt';
import type { MovieRecord } from '../../src/engine/catalog.js';
import type { MovieCandidate, MovieResult, Recommendation, SongForMovie } from '../../src/engine/engine.js';
import type { SongCandidate } from '../../src/engine/song-lookup.js';
import { clip, mrkdwnEscape as esc } from './text.js';
import { encodeValue, MAX_PAGE } from './values.js';

export type Block = types.KnownBlock;
type ButtonElement = types.Button;

/** A message body for chat.postMessage or a response_url: fallback text plus blocks. */
export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Block Kit's published limits; every string we build is clipped to them. */
export const LIMITS = {
  blocks: 50,
  header: 150,
  sectionText: 3000,
  contextText: 2000,
  buttonText: 75,
  altText: 2000,
  imageUrl: 3000,
  fallbackText: 3000,
  actionsElements: 25,
  optionText: 75,
} as const;

export const EXPIRED_TEXT = 'This button has expired. Run `/movie-for <song>` again for fresh results.';

const header = (text: string): Block => ({
  type: 'header',
  text: { type: 'plain_text', text: clip(text, LIMITS.header), emoji: true },
});
const context = (text: string): Block => ({
  type: 'context',
  elements: [{ type: 'mrkdwn', text: clip(text, LIMITS.contextText) }],
});
const section = (text: string, image?: { url: string | null; alt: string }): Block => {
  const block: types.SectionBlock = {
    type: 'section',
    text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) },
  };
  if (image?.url && /^https:\/\//.test(image.url) && image.url.length <= LIMITS.imageUrl)
    block.accessory = { type: 'image', image_url: image.url, alt_text: clip(image.alt, LIMITS.altText) };
  return block;
};
const button = (actionId: string, text: string, value: string, style?: 'primary'): ButtonElement => ({
  type: 'button',
  action_id: actionId,
  text: { type: 'plain_text', text: clip(text, LIMITS.buttonText), emoji: true },
  value,
  ...(style ? { style } : {}),
});
/**
 * Slack refuses a whole message (invalid_blocks) when two elements of one block share an action_id,
 * so repeats get a position suffix; the handler matches /^m2m_/ and reads the value, not the id.
 */
const actions = (elements: ButtonElement[]): Block => ({
  type: 'actions',
  elements: elements
    .slice(0, LIMITS.actionsElements)
    .map((e, i, all) =>
      all.findIndex((o) => o.action_id === e.action_id) === i
        ? e
        : { ...e, action_id: `${e.action_id}_${i}` },
    ),
});

function voteButtons(trackId: string, tmdbId: number): ButtonElement[] {
  return [
    button('m2m_vote_up', '👍', encodeValue({ verb: 'vote', trackId, tmdbId, value: 'up' })),
    button('m2m_vote_down', '👎', encodeValue({ verb: 'vote', trackId, tmdbId, value: 'down' })),
  ];
}

function yearOf(year: number | null): string {
  return year ? ` (${year})` : '';
}

function reasonLines(reasons: readonly string[], genres: readonly string[]): string {
  const r = reasons.length > 0 ? `\n${reasons.map(esc).join(' · ')}` : '';
  const g = genres.length > 0 ? `\n_${esc(genres.join(', '))}_` : '';
  return `${r}${g}`;
}

/** Keeps the fixed blocks and as many two-block items as fit in Slack's 50, noting what was left out. */
function fitBlocks(top: Block[], items: Block[][], bottom: Block[]): Block[] {
  const room = LIMITS.blocks - top.length - bottom.length;
  const out = [...top];
  let used = 0;
  let shown = 0;
  for (const item of items) {
    const needsNote = shown < items.length - 1;
    if (used + item.length + (needsNote ? 1 : 0) > room) break;
    out.push(...item);
    used += item.length;
    shown++;
  }
  if (shown < items.length) out.push(context(`…and ${items.length - shown} more not shown.`));
  return [...out, ...bottom];
}

function movieLine(m: MovieResult): string {
  return `*${m.rank}. ${esc(m.title)}*${yearOf(m.year)} · match *${m.score.toFixed(2)}*${reasonLines(m.reasons, m.genres)}`;
}

/** The answer to /movie-for: the song, then per film its card, votes and details, then "More". */
export function recommendationMessage(
  rec: Recommendation,
  o: { userId?: string; page?: number; k?: number } = {},
): SlackMessage {
  const song = rec.songs[0];
  const title = song ? `${song.trackName} — ${song.artists.join(', ')}` : 'Your song';
  const trackId = song?.trackId ?? '';
  const page = o.page ?? 0;
  const top: Block[] = [
    header(`🎵 ${title}`),
    context(
      [
        'Films that share its mood; *match* is a calibrated 0–1 score.',
        song?.genres.length ? `Genres: ${esc(song.genres.join(', '))}` : '',
        o.userId ? `Asked by <@${o.userId}>` : '',
        page > 0 ? `Page ${page + 1}` : '',
      ]
        .filter(Boolean)
        .join(' · '),
    ),
  ];
  const items = rec.movies.map((m) => [
    section(movieLine(m), { url: m.posterUrl, alt: `Poster of ${m.title}` }),
    actions([
      ...voteButtons(trackId, m.tmdbId),
      button('m2m_details', 'Details', encodeValue({ verb: 'details', trackId, tmdbId: m.tmdbId })),
    ]),
  ]);
  if (items.length === 0) items.push([section('No films left to show for this song.')]);
  const more =
    rec.movies.length > 0 && rec.movies.length >= (o.k ?? 5) && page + 1 <= MAX_PAGE
      ? [actions([button('m2m_more', 'More', encodeValue({ verb: 'more', trackId, page: page + 1 }))])]
      : [];
  const names = rec.movies.map((m) => `${m.title}${yearOf(m.year)}`).join(', ');
  return {
    text: clip(`Movies for ${title}: ${names || 'none'}`, LIMITS.fallbackText),
    blocks: fitBlocks(top, items, more),
  };
}

/** The answer to /songs-for: the film (with its poster), then per song its card, votes and a way back. */
export function songsMessage(v: { movie: MovieResult; songs: SongForMovie[] }): SlackMessage {
  const m = v.movie;
  const top: Block[] = [
    header(`🎬 ${m.title}${yearOf(m.year)}`),
    section(`${esc(clip(m.overview, 600))}${reasonLines([], m.genres)}`, {
      url: m.posterUrl,
      alt: `Poster of ${m.title}`,
    }),
    context('Songs that share its mood; *match* is a calibrated 0–1 score.'),
  ];
  const items = v.songs.map((s) => [
    section(
      `*${s.rank}. ${esc(s.song.trackName)}* — ${esc(s.song.artists.join(', '))} · match *${s.score.toFixed(2)}*${reasonLines(s.reasons, s.song.genres)}`,
    ),
    actions([
      ...voteButtons(s.song.trackId, m.tmdbId),
      button('m2m_pick', 'Movies for this song', encodeValue({ verb: 'pick', trackId: s.song.trackId })),
    ]),
  ]);
  const names = v.songs.map((s) => `${s.song.trackName} (${s.song.artists[0] ?? ''})`).join(', ');
  return {
    text: clip(`Songs for ${m.title}: ${names || 'none'}`, LIMITS.fallbackText),
    blocks: fitBlocks(top, items, []),
  };
}

/** Ambiguous or unknown song: the engine's message and the candidates as buttons to pick from. */
export function songCandidatesMessage(message: string, candidates: readonly SongCandidate[]): SlackMessage {
  const buttons = candidates
    .slice(0, 10)
    .map((c) =>
      button(
        'm2m_pick',
        `${c.trackName} — ${c.artists.join(', ')}`,
        encodeValue({ verb: 'pick', trackId: c.trackId }),
      ),
    );
  const hint =
    buttons.length > 0 ? '' : '\nTry `/movie-for <song> by <artist>`, or `/movie-for` alone to search.';
  return {
    text: clip(message, LIMITS.fallbackText),
    blocks: [section(`${esc(message)}${hint}`), ...(buttons.length > 0 ? [actions(buttons)] : [])],
  };
}

export function movieCandidatesMessage(message: string, candidates: readonly MovieCandidate[]): SlackMessage {
  const buttons = candidates
    .slice(0, 10)
    .map((c) =>
      button('m2m_movie', `${c.title}${yearOf(c.year)}`, encodeValue({ verb: 'movie', tmdbId: c.tmdbId })),
    );
  return {
    text: clip(message, LIMITS.fallbackText),
    blocks: [section(esc(message)), ...(buttons.length > 0 ? [actions(buttons)] : [])],
  };
}

/** "Details": the film's card from the catalogue, with links out. */
export function detailsMessage(m: MovieRecord, posterUrl: string | null): SlackMessage {
  const facts = [
    m.runtime > 0 ? `${m.runtime} min` : '',
    m.voteCount > 0 ? `★ ${m.voteAverage.toFixed(1)} (${m.voteCount} votes)` : '',
    m.genres.join(', '),
  ]
    .filter(Boolean)
    .map(esc)
    .join(' · ');
  const links = [
    `<https://www.themoviedb.org/movie/${m.id}|TMDb>`,
    /^tt\d+$/.test(m.imdbId) ? `<https://www.imdb.com/title/${m.imdbId}/|IMDb>` : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    text: clip(`${m.title}${yearOf(m.year)}`, LIMITS.fallbackText),
    blocks: [
      section(`*${esc(m.title)}*${yearOf(m.year)}\n${facts}\n\n${esc(clip(m.overview, 2500))}`, {
        url: posterUrl,
        alt: `Poster of ${m.title}`,
      }),
      context(links),
    ],
  };
}

/** A short ephemeral notice (cooldown, usage, thanks, expired). */
export function notice(text: string): SlackMessage {
  return { text: clip(text, LIMITS.fallbackText), blocks: [section(text)] };
}

/** An external_select whose options come from the engine's autocomplete (see the options handler). */
export function songSearchSelect(): types.ExternalSelect {
  return {
    type: 'external_select',
    action_id: 'm2m_song_search',
    placeholder: { type: 'plain_text', text: 'Start typing a song or artist…' },
    min_query_length: 2,
  };
}

/** The picker modal `/movie-for` alone opens; the channel to answer in rides in private_metadata. */
export function pickerModal(channelId: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: 'm2m_picker',
    private_metadata: channelId,
    title: { type: 'plain_text', text: 'Movie for a song' },
    submit: { type: 'plain_text', text: 'Find movies' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: 'song',
        label: { type: 'plain_text', text: 'Song' },
        element: songSearchSelect(),
      },
    ],
  };
}

/** The App Home tab: the same search, answered in the app's DM. */
export function homeView(): types.HomeView {
  return {
    type: 'home',
    blocks: [
      header('🎵 → 🎬 music2movie'),
      section(
        'Pick a song and I will send you the films that share its mood, each with a 0–1 match score and the reasons. ' +
          'In any channel: `/movie-for <song> [by <artist>]` or `/songs-for <movie>`.',
      ),
      { type: 'actions', block_id: 'home_search', elements: [songSearchSelect()] },
      context('Vote 👍/👎 on a film, or react 👍/👎 to a whole answer, to teach it what fits.'),
    ],
  };
}
