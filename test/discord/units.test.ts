import type { APIInteraction } from 'discord.js';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { discordCommandSet } from '../../adapters/discord/commands.js';
import { MAX_CUSTOM_ID, parseCustomId, type View, viewId, voteId } from '../../adapters/discord/custom-id.js';
import { clip, embedLength, fitEmbeds, LIMITS, messageProblems } from '../../adapters/discord/limits.js';
import { reactionValue, reactionVotes } from '../../adapters/discord/reactions.js';
import {
  candidatesMessage,
  movieChoices,
  recommendationMessage,
  songChoices,
} from '../../adapters/discord/render.js';
import type { InteractionIn } from '../../adapters/discord/types.js';
import { ed25519PublicKey, isStale, verifySignature } from '../../adapters/discord/verify.js';
import type { MovieResult, Recommendation } from '../../src/engine/engine.js';
import { TMDB_GENRES } from '../../src/features/tmdb-genres.js';
import { keyPair, signed } from './helpers.js';

const TRACK = '4uLU6hMCjMI75M1A2tKUQC';
const view: View = {
  trackId: TRACK,
  page: 3,
  count: 10,
  excludeGenre: 'Science Fiction',
  familySafe: true,
  details: false,
};

describe('payload shape', () => {
  it('GIVEN any interaction discord-api-types describes THEN the handler accepts it as is', () => {
    expectTypeOf<APIInteraction>().toExtend<InteractionIn>();
  });
});

describe('custom_ids', () => {
  it('GIVEN every action THEN it round-trips and stays within 100 characters', () => {
    for (const kind of ['details', 'more', 'pick'] as const) {
      const id = viewId(kind, view);
      expect(id.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
      expect(parseCustomId(id)).toEqual({ kind, view });
    }
    const bare: View = { trackId: TRACK, page: 0, count: 5, familySafe: false, details: true };
    expect(parseCustomId(viewId('more', bare))).toEqual({ kind: 'more', view: bare });
    expect(parseCustomId(voteId(TRACK, 550, 'up'))).toEqual({
      kind: 'vote',
      trackId: TRACK,
      tmdbId: 550,
      value: 'up',
    });
    expect(parseCustomId(voteId(TRACK, 999_999_999, 'down'))?.kind).toBe('vote');
    const longest = viewId('details', {
      ...view,
      trackId: 'x'.repeat(40),
      page: 99,
      excludeGenre: TMDB_GENRES[18],
    });
    expect(longest.length).toBeLessThanOrEqual(MAX_CUSTOM_ID);
  });

  it('GIVEN foreign, outdated, malformed or out-of-range ids THEN none is accepted', () => {
    const bad: unknown[] = [
      undefined,
      42,
      '',
      'some-other-bot:click',
      `m2m:v0:vote:${TRACK}:550:u`,
      `m2m:v2:vote:${TRACK}:550:u`,
      `m2m:v1:vote:${TRACK}:550:x`,
      `m2m:v1:vote:${TRACK}:-1:u`,
      `m2m:v1:vote:${TRACK}:0550:u`,
      `m2m:v1:vote:${TRACK}:550:u:extra`,
      `m2m:v1:vote:bad/id:550:u`,
      `m2m:v1:nuke:${TRACK}:0:5:-:0:1`,
      `m2m:v1:more:${TRACK}:100:5:-:0:1`,
      `m2m:v1:more:${TRACK}:0:11:-:0:1`,
      `m2m:v1:more:${TRACK}:0:0:-:0:1`,
      `m2m:v1:more:${TRACK}:0:5:19:0:1`,
      `m2m:v1:more:${TRACK}:0:5:-:2:1`,
      `m2m:v1:more:${TRACK}:0:5:-:0`,
      `m2m:v1:more:${TRACK}:1e2:5:-:0:1`,
      `m2m:v1:vote:${TRACK}:550:u${'x'.repeat(100)}`,
    ];
    for (const id of bad) expect(parseCustomId(id), String(id)).toBeUndefined();
  });
});

function movie(i: number, p: Partial<MovieResult> = {}): MovieResult {
  return {
    rank: i + 1,
    tmdbId: 100 + i,
    title: `Film ${i}`,
    year: 2000 + i,
    overview: 'An overview.',
    genres: ['Drama'],
    popularity: 1,
    posterUrl: `https://image.tmdb.org/t/p/w342/p${i}.jpg`,
    score: 0.5,
    reasons: ['similar mood'],
    ...p,
  };
}

function rec(movies: MovieResult[]): Recommendation {
  return {
    songs: [
      {
        trackId: TRACK,
        trackName: 'Days I Will Remember',
        artists: ['Tyrone Wells'],
        albumName: 'Remain',
        genres: ['acoustic'],
        tempo: 100,
        popularity: 50,
        explicit: false,
      },
    ],
    movies,
  };
}

describe('limits', () => {
  it('GIVEN text longer than a limit THEN clip ends it with an ellipsis within the limit and never splits an emoji', () => {
    expect(clip('short', 10)).toBe('short');
    const c = clip('word '.repeat(100), 50);
    expect(c.length).toBeLessThanOrEqual(50);
    expect(c.endsWith('…')).toBe(true);
    const emoji = clip('🎵'.repeat(100), 51);
    expect(emoji.length).toBeLessThanOrEqual(51);
    expect(/[\uD800-\uDBFF]…$/.test(emoji)).toBe(false);
  });

  it('GIVEN ten films with enormous titles, overviews and reasons THEN the reply is cut to every Discord limit', () => {
    const huge = Array.from({ length: 10 }, (_, i) =>
      movie(i, {
        title: `Title ${'long '.repeat(200)}`,
        overview: 'overview '.repeat(2000),
        reasons: Array.from({ length: 30 }, () => 'a reason that goes on and on '.repeat(10)),
        genres: Array.from({ length: 500 }, () => 'Drama'),
      }),
    );
    const msg = recommendationMessage(rec(huge), { ...view, details: true, page: 0 });
    expect(messageProblems(msg)).toEqual([]);
    expect(msg.embeds).toHaveLength(10);
    const total = (msg.embeds ?? []).reduce((n, e) => n + embedLength(e), 0);
    expect(total).toBeLessThanOrEqual(LIMITS.embedTotal);
    for (const e of msg.embeds ?? []) expect(e.title?.endsWith('…')).toBe(true);
    expect(msg.components).toHaveLength(5);
  });

  it('GIVEN more than ten embeds THEN fitEmbeds keeps ten', () => {
    expect(fitEmbeds(Array.from({ length: 14 }, () => ({ title: 'x' })))).toHaveLength(10);
  });

  it('GIVEN a reply with too much of everything THEN messageProblems names each problem', () => {
    const p = messageProblems({
      content: 'x'.repeat(2001),
      embeds: Array.from({ length: 11 }, () => ({ title: 't'.repeat(300), description: 'd'.repeat(5000) })),
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 2, label: 'x', custom_id: 'a' },
            { type: 2, style: 2, label: 'y', custom_id: 'a' },
          ],
        },
      ],
    });
    expect(p.join('\n')).toMatch(/content/);
    expect(p.join('\n')).toMatch(/11 embeds/);
    expect(p.join('\n')).toMatch(/title/);
    expect(p.join('\n')).toMatch(/total/);
    expect(p.join('\n')).toMatch(/duplicate custom_id/);
  });
});

describe('render', () => {
  it('GIVEN five films THEN one embed each with rank, year, score bar, reasons, genres and poster, and a 👍/👎 column per film', () => {
    const msg = recommendationMessage(rec([0, 1, 2, 3, 4].map((i) => movie(i, { score: 0.82 }))), {
      ...view,
      page: 0,
      count: 5,
      details: true,
    });
    expect(msg.content).toContain('**Days I Will Remember** — Tyrone Wells · *Remain*');
    const e = msg.embeds?.[0];
    expect(e?.title).toBe('1. Film 0 (2000)');
    expect(e?.description).toContain('`████████░░` **0.82** match');
    expect(e?.description).toContain('• similar mood');
    expect(e?.description).toContain('An overview.');
    expect(e?.image?.url).toBe('https://image.tmdb.org/t/p/w342/p0.jpg');
    expect(e?.footer?.text).toBe('Drama');
    const rows = msg.components as Array<{ components: Array<{ custom_id: string; label: string }> }>;
    expect(rows).toHaveLength(3);
    expect(rows[0]?.components.map((b) => b.label)).toEqual(['1', '2', '3', '4', '5']);
    expect(rows[0]?.components[2]?.custom_id).toBe(voteId(TRACK, 102, 'up'));
    expect(rows[1]?.components[2]?.custom_id).toBe(voteId(TRACK, 102, 'down'));
    expect(rows[2]?.components.map((b) => b.label)).toEqual(['Hide details', 'More (next 5)']);
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(messageProblems(msg)).toEqual([]);
  });

  it('GIVEN details off THEN overviews are hidden and the toggle offers to show them', () => {
    const msg = recommendationMessage(rec([movie(0)]), { ...view, page: 0, count: 1, details: false });
    expect(msg.embeds?.[0]?.description).not.toContain('An overview.');
    const controls = (
      msg.components as Array<{ components: Array<{ label: string; custom_id: string }> }>
    ).at(-1);
    expect(controls?.components[0]?.label).toBe('Show details');
    expect(parseCustomId(controls?.components[0]?.custom_id)).toMatchObject({
      kind: 'details',
      view: { details: true },
    });
  });

  it('GIVEN fewer films than asked for THEN there is no More button', () => {
    const msg = recommendationMessage(rec([movie(0), movie(1)]), { ...view, page: 0, count: 5 });
    const labels = (msg.components as Array<{ components: Array<{ label: string }> }>).flatMap((r) =>
      r.components.map((b) => b.label),
    );
    expect(labels).not.toContain('More (next 5)');
  });

  it('GIVEN a title with @everyone and markdown THEN it is escaped and mentions are off', () => {
    const msg = candidatesMessage(
      'Several songs',
      [
        {
          trackId: TRACK,
          trackName: '@everyone *bold*',
          artists: ['A_B'],
          albumName: 'X',
          genres: [],
          popularity: 1,
        },
      ],
      { page: 0, count: 5, familySafe: false, details: true },
    );
    expect(msg.content).toContain('\\*bold\\*');
    expect(msg.allowed_mentions).toEqual({ parse: [] });
    expect(messageProblems(msg)).toEqual([]);
  });

  it('GIVEN autocomplete candidates THEN choices carry exact ids and names within 100 characters', () => {
    const long = 'L'.repeat(300);
    const s = songChoices(
      Array.from({ length: 30 }, (_, i) => ({
        trackId: `T${i}`,
        trackName: long,
        artists: ['A'],
        albumName: '',
        genres: [],
        popularity: 1,
      })),
    );
    expect(s).toHaveLength(25);
    expect(s[0]).toEqual({ name: expect.stringMatching(/…$/), value: 'track:T0' });
    expect(s[0]?.name.length).toBeLessThanOrEqual(100);
    expect(movieChoices([{ tmdbId: 550, title: 'Fight Club', year: 1999, genres: [] }])).toEqual([
      { name: 'Fight Club (1999)', value: 'movie:550' },
    ]);
  });
});

describe('command JSON', () => {
  it('GIVEN the neutral definitions THEN Discord gets /movie-for, /songs-for and /movie-help with typed options', () => {
    const [movieFor, songsFor, help] = discordCommandSet();
    expect(movieFor?.name).toBe('movie-for');
    expect(movieFor?.options).toEqual([
      expect.objectContaining({ name: 'song', type: 3, required: true, autocomplete: true }),
      expect.objectContaining({ name: 'artist', type: 3, required: false }),
      expect.objectContaining({ name: 'count', type: 4, min_value: 1, max_value: 10 }),
      expect.objectContaining({
        name: 'exclude-genre',
        type: 3,
        choices: expect.arrayContaining([{ name: 'Horror', value: 'Horror' }]),
      }),
      expect.objectContaining({ name: 'family-safe', type: 5 }),
    ]);
    expect(songsFor?.options?.[0]).toEqual(
      expect.objectContaining({ name: 'movie', autocomplete: true, required: true }),
    );
    expect(help).toEqual(expect.objectContaining({ name: 'movie-help', options: [] }));
  });
});

describe('signature and reactions', () => {
  it('GIVEN a body signed with the key THEN it verifies; another key, another body or a malformed header do not', () => {
    const k = keyPair();
    const other = keyPair();
    const key = ed25519PublicKey(k.publicHex);
    const body = '{"type":1}';
    const h = signed(k.privateKey, body, '1700000000');
    const sig = h['x-signature-ed25519'];
    expect(verifySignature(key, sig, '1700000000', Buffer.from(body))).toBe(true);
    expect(
      verifySignature(
        key,
        signed(other.privateKey, body, '1700000000')['x-signature-ed25519'],
        '1700000000',
        Buffer.from(body),
      ),
    ).toBe(false);
    expect(verifySignature(key, sig, '1700000000', Buffer.from('{"type":2}'))).toBe(false);
    expect(verifySignature(key, sig, '1700000001', Buffer.from(body))).toBe(false);
    expect(verifySignature(key, 'zz', '1700000000', Buffer.from(body))).toBe(false);
    expect(verifySignature(key, sig, undefined, Buffer.from(body))).toBe(false);
    expect(isStale('1700000000', 1_700_000_299_000)).toBe(false);
    expect(isStale('1700000000', 1_700_000_301_000)).toBe(true);
    expect(isStale('1700000400', 1_700_000_000_000)).toBe(true);
  });

  it('GIVEN a 👍 or 👎 (any skin tone) on a reply THEN it votes on each pair of its vote buttons once; other emoji do nothing', () => {
    expect(reactionValue('👍🏽')).toBe('up');
    expect(reactionValue('👎')).toBe('down');
    expect(reactionValue('🎉')).toBeUndefined();
    const ids = [
      voteId(TRACK, 1, 'up'),
      voteId(TRACK, 1, 'down'),
      voteId(TRACK, 2, 'up'),
      'm2m:v1:junk',
      viewId('more', view),
    ];
    expect(reactionVotes(ids, '👎', 'u1')).toEqual([
      { platform: 'discord', userId: 'u1', trackId: TRACK, tmdbId: 1, value: 'down' },
      { platform: 'discord', userId: 'u1', trackId: TRACK, tmdbId: 2, value: 'down' },
    ]);
    expect(reactionVotes(ids, '❤️', 'u1')).toEqual([]);
  });
});
