import { describe, expect, it } from 'vitest';
import {
  LIMITS,
  movieCandidatesMessage,
  recommendationMessage,
  songCandidatesMessage,
} from '../../adapters/slack/blocks.js';
import { scrub } from '../../adapters/slack/bolt-logger.js';
import { thumbOf } from '../../adapters/slack/events.js';
import { guardedFetch } from '../../adapters/slack/guarded-fetch.js';
import { PostedAnswers } from '../../adapters/slack/message-index.js';
import { parseSlackBody } from '../../adapters/slack/parse-body.js';
import { signSlackRequest, verifySlackSignature } from '../../adapters/slack/signature.js';
import { clip, parseMovieText, parseSlackSongText as parseSongText } from '../../adapters/slack/text.js';
import { decodeValue, encodeValue } from '../../adapters/slack/values.js';
import type { MovieResult, Recommendation } from '../../src/engine/engine.js';

describe('v0 signatures', () => {
  const secret = 's3cret';
  const body = Buffer.from('token=x&command=%2Fmovie-for&text=hello');
  const now = 1_767_225_600_000;
  const ts = String(now / 1000);
  const check = (o: Partial<Parameters<typeof verifySlackSignature>[0]>) =>
    verifySlackSignature({
      secret,
      body,
      timestamp: ts,
      signature: signSlackRequest(secret, ts, body),
      nowMs: now,
      ...o,
    });

  it('GIVEN the right secret and a fresh timestamp THEN ok', () => {
    expect(check({})).toEqual({ ok: true });
  });
  it('GIVEN a wrong secret, a changed body or a bad header THEN refused with the reason', () => {
    expect(check({ signature: signSlackRequest('other', ts, body) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(check({ body: Buffer.from('token=x&text=bye') })).toEqual({ ok: false, reason: 'mismatch' });
    expect(check({ signature: 'v1=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ timestamp: '12e3' })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing' });
  });
  it('GIVEN the injected clock 5 min ± 1 s away THEN inside passes, outside is stale (both directions)', () => {
    expect(check({ nowMs: now + 300_000 })).toEqual({ ok: true });
    expect(check({ nowMs: now + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ nowMs: now - 301_000 })).toEqual({ ok: false, reason: 'stale' });
  });
});

describe('command text and button values', () => {
  it('GIVEN "<song> by <artist>" THEN the last " by " splits; quotes and Slack escapes are undone', () => {
    expect(parseSongText('Stand By Me by Ben E. King')).toEqual({
      song: 'Stand By Me',
      artist: 'Ben E. King',
      whole: 'Stand By Me by Ben E. King',
    });
    expect(parseSongText('  “Hello”   by  Adele ')).toMatchObject({ song: 'Hello', artist: 'Adele' });
    expect(parseSongText('Rock &amp; Roll')).toEqual({ song: 'Rock & Roll', whole: 'Rock & Roll' });
    expect(parseSongText('by')).toEqual({ song: 'by', whole: 'by' });
  });
  it('GIVEN "/songs-for <movie> (year)" THEN the bracketed year narrows; a year in the title stays', () => {
    expect(parseMovieText('Top Gun (1986)')).toEqual({ movie: 'Top Gun', year: 1986 });
    expect(parseMovieText('Blade Runner 2049')).toEqual({ movie: 'Blade Runner 2049' });
  });
  it('GIVEN every value kind THEN encode/decode round-trips; anything else is undefined', () => {
    const values = [
      { verb: 'vote', trackId: 'T1', tmdbId: 42, value: 'up' },
      { verb: 'vote', trackId: 'T1', tmdbId: 42, value: 'down' },
      { verb: 'details', trackId: 'T1', tmdbId: 7 },
      { verb: 'more', trackId: 'T1', page: 3 },
      { verb: 'pick', trackId: 'abcDEF123' },
      { verb: 'movie', tmdbId: 603 },
    ] as const;
    for (const v of values) expect(decodeValue(encodeValue(v))).toEqual(v);
    for (const bad of [
      undefined,
      42,
      '',
      'v1|vote|T1|42|x',
      'v1|vote|T1|042|u',
      'v1|vote|T-1|42|u',
      'v1|more|T1|0',
      'v1|more|T1|99',
      'v1|pick|T1|extra',
      'v2|pick|T1',
      `v1|pick|${'a'.repeat(300)}`,
    ])
      expect(decodeValue(bad), String(bad)).toBeUndefined();
  });
  it('GIVEN text over a limit THEN clipped with an ellipsis, never splitting an emoji', () => {
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('ab😀cd', 4)).toBe('ab…');
    expect(clip('short', 10)).toBe('short');
  });
});

function film(i: number, long = false): MovieResult {
  return {
    rank: i + 1,
    tmdbId: i + 1,
    title: long ? `A Very Long Title ${'x'.repeat(400)}` : `Film ${i}`,
    year: 2000 + (i % 20),
    overview: 'o',
    genres: ['Drama', 'Romance'],
    popularity: 1,
    posterUrl: `https://image.tmdb.org/t/p/w342/p${i}.jpg`,
    score: 0.5,
    reasons: long
      ? Array.from({ length: 50 }, () => 'a reason that goes on '.repeat(5))
      : ['calm and acoustic'],
  };
}

function rec(n: number, long = false): Recommendation {
  return {
    songs: [
      {
        trackId: 'T1',
        trackName: long ? 'S'.repeat(500) : 'Song <b> & co',
        artists: ['Artist'],
        albumName: 'A',
        genres: ['pop'],
        tempo: 120,
        popularity: 50,
        explicit: false,
      },
    ],
    movies: Array.from({ length: n }, (_, i) => film(i, long)),
  };
}

interface LooseBlock {
  type: string;
  text?: { text: string };
  elements?: Array<{ text: string | { text: string }; action_id?: string }>;
}

/** Every string in a Block Kit payload checked against the limit for where it sits. */
function overLimits(blocks: readonly unknown[]): string[] {
  const out: string[] = [];
  const len = (t: string | { text: string } | undefined) =>
    (typeof t === 'string' ? t : (t?.text ?? '')).length;
  for (const b of blocks as LooseBlock[]) {
    const elements = b.elements ?? [];
    if (b.type === 'header' && len(b.text) > LIMITS.header) out.push('header');
    if (b.type === 'section' && len(b.text) > LIMITS.sectionText) out.push('section');
    if (b.type === 'context' && elements.some((e) => len(e.text) > LIMITS.contextText)) out.push('context');
    if (b.type === 'actions') {
      if (elements.length > LIMITS.actionsElements) out.push('actions');
      for (const e of elements) if (len(e.text) > LIMITS.buttonText) out.push('button');
      // Slack answers invalid_blocks when two elements of one block share an action_id.
      const ids = elements.map((e) => e.action_id);
      if (new Set(ids).size !== ids.length) out.push('duplicate action_id');
    }
  }
  return out;
}

describe('Block Kit rendering', () => {
  it('GIVEN five films THEN header, context, a section with poster and an actions row per film, and More', () => {
    const r = rec(5);
    (r.movies[0] as MovieResult).title = 'Film <@U999> & co';
    const m = recommendationMessage(r, { userId: 'U1', k: 5 });
    expect(m.blocks.map((b) => b.type)).toEqual([
      'header',
      'context',
      ...Array.from({ length: 5 }, () => ['section', 'actions']).flat(),
      'actions',
    ]);
    // mrkdwn escapes user-visible data (no injected mentions); the plain_text header needs none.
    expect(JSON.stringify(m.blocks[2])).toContain('Film &lt;@U999&gt; &amp; co');
    expect((m.blocks[2] as { text: { text: string } }).text.text).not.toContain('<@U999>');
    expect(JSON.stringify(m.blocks[0])).toContain('Song <b> & co');
  });
  it('GIVEN 40 films with huge titles and reasons THEN at most 50 blocks, every text within its limit, a note of what was cut', () => {
    const m = recommendationMessage(rec(40, true), { k: 40 });
    expect(m.blocks.length).toBeLessThanOrEqual(LIMITS.blocks);
    expect(overLimits(m.blocks)).toEqual([]);
    expect(JSON.stringify(m.blocks)).toMatch(/…and \d+ more not shown/);
    expect(m.text.length).toBeLessThanOrEqual(LIMITS.fallbackText);
  });
  it('GIVEN 30 candidates THEN at most ten pick buttons with clipped labels', () => {
    const c = Array.from({ length: 30 }, (_, i) => ({
      trackId: `T${i}`,
      trackName: `Hello ${'y'.repeat(100)}`,
      artists: ['A'],
      albumName: '',
      genres: [],
      popularity: 1,
    }));
    const m = songCandidatesMessage('Several songs are called "Hello".', c);
    expect(overLimits(m.blocks)).toEqual([]);
    const buttons = (m.blocks[1] as { elements: Array<{ action_id: string }> }).elements;
    expect(buttons.length).toBe(10);
    for (const b of buttons) expect(b.action_id).toMatch(/^m2m_pick/);
  });

  it('GIVEN several same-titled films THEN each pick button has its own action_id', () => {
    const films = Array.from({ length: 4 }, (_, i) => ({
      tmdbId: i + 1,
      title: 'Barbie',
      year: 2000 + i,
      genres: [],
    }));
    const m = movieCandidatesMessage('Several films are called "Barbie".', films);
    expect(overLimits(m.blocks)).toEqual([]);
    const ids = (m.blocks[1] as { elements: Array<{ action_id: string }> }).elements.map((e) => e.action_id);
    expect(ids).toEqual(['m2m_movie', 'm2m_movie_1', 'm2m_movie_2', 'm2m_movie_3']);
  });
});

describe('small parts', () => {
  it('GIVEN form, payload-form and JSON bodies THEN parsed; other types refused', () => {
    expect(parseSlackBody('application/x-www-form-urlencoded', Buffer.from('a=1&b=2'))).toEqual({
      ok: true,
      body: { a: '1', b: '2' },
    });
    expect(
      parseSlackBody(
        'application/x-www-form-urlencoded; charset=utf-8',
        Buffer.from(`payload=${encodeURIComponent('{"type":"x"}')}`),
      ),
    ).toEqual({ ok: true, body: { type: 'x' } });
    expect(parseSlackBody('application/json', Buffer.from('[1]')).ok).toBe(false);
    expect(parseSlackBody('text/plain', Buffer.from('a')).ok).toBe(false);
  });
  it('GIVEN Slack reaction names THEN thumbs up/down with or without skin tone, nothing else', () => {
    expect(['+1', 'thumbsup', '+1::skin-tone-4'].map(thumbOf)).toEqual(['up', 'up', 'up']);
    expect(['-1', 'thumbsdown', 'thumbsdown::skin-tone-2'].map(thumbOf)).toEqual(['down', 'down', 'down']);
    expect(['heart', 'plus1', ''].map(thumbOf)).toEqual([undefined, undefined, undefined]);
  });
  it('GIVEN more answers than the bound THEN the least recently used is forgotten', async () => {
    const a = new PostedAnswers(2);
    await a.remember('C', '1', 'T1', [1]);
    await a.remember('C', '2', 'T2', [2]);
    await a.find('C', '1');
    await a.remember('C', '3', 'T3', [3]);
    expect(a.size).toBe(2);
    expect(await a.find('C', '2')).toBeUndefined();
    expect((await a.find('C', '1'))?.trackId).toBe('T1');
  });
  it('GIVEN thumbs added and removed THEN the label is the last added, else the one still held, else none', async () => {
    const a = new PostedAnswers();
    await a.remember('C', '1', 'T1', [1]);
    expect(await a.react('C', '1', 'U', 'up', true)).toBe('up');
    expect(await a.react('C', '1', 'U', 'down', true)).toBe('down');
    expect(await a.react('C', '1', 'U', 'down', false)).toBe('up');
    expect(await a.react('C', '1', 'U', 'up', false)).toBeUndefined();
    expect(await a.react('C', '1', 'V', 'up', false)).toBeUndefined();
    expect(await a.react('C', '9', 'U', 'up', true)).toBeUndefined();
  });
  it('GIVEN Slack tokens in a log message THEN they are redacted', () => {
    expect(scrub('failed with xoxb-123-456-abc and xapp-1-A1-xyz, Bearer xoxp-9')).toBe(
      'failed with [redacted] and [redacted], Bearer [redacted]',
    );
  });
  it('GIVEN the guarded fetch THEN Slack and the configured origin pass, anything else is refused', async () => {
    const seen: string[] = [];
    const f = guardedFetch('http://127.0.0.1:9/api/', async (u) => {
      seen.push(String(u));
      return new Response('ok');
    });
    await f('https://hooks.slack.com/commands/T/1/abc');
    await f('https://slack.com/api/chat.postMessage');
    await f('http://127.0.0.1:9/response/1');
    await expect(f('http://169.254.169.254/latest')).rejects.toThrow(/not a Slack address/);
    await expect(f('http://hooks.slack.com/x')).rejects.toThrow();
    await expect(f('https://slack.com.evil.example/x')).rejects.toThrow();
    expect(seen.length).toBe(3);
  });
});
