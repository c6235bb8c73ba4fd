import { describe, expect, it } from 'vitest';
import { assemble } from '../../index/build/assemble.js';
import { Engine } from '../../src/engine/engine.js';
import { MOVIES, TRACKS, tid } from '../helpers/fixtures.js';

const engine = new Engine(assemble(TRACKS, MOVIES, new Map()).catalog);

function titles(r: ReturnType<Engine['recommend']>): string[] {
  if (!r.ok) throw new Error(r.error.message);
  return r.value.movies.map((m) => m.title);
}

describe('song lookup', () => {
  it('GIVEN case, accents, "feat." and "- Remastered" differences THEN finds the song', () => {
    for (const q of [
      'days i will remember',
      'DAYS I WILL REMEMBER!',
      'Ruby Tuesday',
      'ruby tuesday (remastered)',
      'Cafe del Mar',
    ]) {
      const r = engine.resolveSong({ song: q });
      expect(r.ok, q).toBe(true);
    }
  });

  it('GIVEN a title two artists sang THEN returns both as candidates instead of guessing', () => {
    const r = engine.resolveSong({ song: 'Hello' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('SONG_AMBIGUOUS');
    expect((r.error.candidates as Array<{ artists: string[] }>).map((c) => c.artists[0]).sort()).toEqual([
      'Adele',
      'Lionel Richie',
    ]);
    const byArtist = engine.resolveSong({ song: 'hello', artist: 'adele' });
    expect(byArtist).toEqual({ ok: true, value: 4 });
  });

  it('GIVEN a typo THEN says not found and suggests the closest titles', () => {
    const r = engine.resolveSong({ song: 'Days I Will Remembr' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('SONG_NOT_FOUND');
    expect((r.error.candidates as Array<{ trackName: string }>)[0]?.trackName).toBe('Days I Will Remember');
  });

  it('GIVEN hostile input THEN answers with a clear outcome and never throws', () => {
    const inputs: unknown[] = [
      'x'.repeat(100_000),
      '\u0000\u0007\u001b[31m',
      '🎵🎬🔥',
      '',
      '   ',
      null,
      42,
      { $gt: '' },
      '<script>alert(1)</script>',
    ];
    for (const song of inputs) {
      const r = engine.recommend({ song: song as string });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['SONG_NOT_FOUND', 'BAD_INPUT']).toContain(r.error.code);
      expect(() => engine.autocomplete(song)).not.toThrow();
    }
  });

  it('GIVEN a prefix THEN autocomplete returns at most 25 matching songs, filters applied', () => {
    expect(engine.autocomplete('da').map((s) => s.trackName)).toEqual(
      expect.arrayContaining(['Days I Will Remember', 'Danger Zone']),
    );
    expect(engine.autocomplete('remember').map((s) => s.trackName)).toContain('Days I Will Remember');
    expect(engine.autocomplete('tyrone').map((s) => s.trackName)).toEqual(['Days I Will Remember']);
    expect(engine.autocomplete('', {}, 100).length).toBeLessThanOrEqual(25);
    expect(engine.autocomplete('', { genre: 'k-pop' }).map((s) => s.trackName)).toEqual(['Seoul Nights']);
    expect(engine.autocomplete('', { tempo: [170, 200] }).map((s) => s.trackName)).toEqual([
      'Grind Your Bones',
    ]);
  });
});

describe('recommend', () => {
  it('GIVEN a song THEN returns k films with scores in [0, 1], ranked, each with reasons', () => {
    const r = engine.recommend({ song: 'Days I Will Remember' }, { k: 5 });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.movies).toHaveLength(5);
    expect(r.value.songs[0]?.artists).toEqual(['Tyrone Wells']);
    r.value.movies.forEach((m, i) => {
      expect(m.rank).toBe(i + 1);
      expect(m.score).toBeGreaterThanOrEqual(0);
      expect(m.score).toBeLessThanOrEqual(1);
      expect(m.reasons.length).toBeGreaterThan(0);
      expect(m.reasons.length).toBeLessThanOrEqual(3);
      expect(m.posterUrl).toMatch(/^https:\/\/image\.tmdb\.org\/t\/p\/w342\/p\d+\.jpg$/);
    });
  });

  it('GIVEN different moods THEN different films win: metal → horror, party → comedy, acoustic → romance/drama', () => {
    expect(
      MOVIES.find((m) => m.title === titles(engine.recommend({ song: 'Grind Your Bones' }))[0])?.genres,
    ).toContain('Horror');
    expect(
      MOVIES.find((m) => m.title === titles(engine.recommend({ song: 'Party Rockin' }))[0])?.genres,
    ).toEqual(expect.arrayContaining(['Comedy']));
    const acoustic = MOVIES.find(
      (m) => m.title === titles(engine.recommend({ song: 'Days I Will Remember' }))[0],
    );
    expect(acoustic?.genres.some((g) => g === 'Romance' || g === 'Drama')).toBe(true);
  });

  it('GIVEN a song from a film soundtrack album THEN that film comes first with the soundtrack reason', () => {
    const r = engine.recommend({ song: 'Danger Zone' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.movies[0]?.title).toBe('Top Gun');
    expect(r.value.movies[0]?.reasons[0]).toBe('on the "Top Gun" soundtrack');
  });

  it('GIVEN a k-pop song THEN the Korean film ranks first, explained by the culture bridge', () => {
    const r = engine.recommend({ song: 'Seoul Nights' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.movies[0]?.title).toBe('Seoul Love');
    expect(r.value.movies[0]?.reasons).toContain('k-pop → Korean cinema');
  });

  it('GIVEN exclude-genre, a year range and paging THEN every film respects them and pages do not overlap', () => {
    const r = engine.recommend({ song: 'Grind Your Bones' }, { k: 4, excludeGenres: ['Horror'] });
    if (!r.ok) throw new Error(r.error.message);
    for (const m of r.value.movies) expect(m.genres).not.toContain('Horror');
    const y = engine.recommend({ song: 'Grind Your Bones' }, { k: 10, years: [2010, 2015] });
    if (!y.ok) throw new Error(y.error.message);
    for (const m of y.value.movies) expect(m.year).toBeGreaterThanOrEqual(2010);
    for (const m of y.value.movies) expect(m.year).toBeLessThanOrEqual(2015);
    const p1 = titles(engine.recommend({ song: 'Lullaby' }, { k: 3 }));
    const p2 = titles(engine.recommend({ song: 'Lullaby' }, { k: 3, offset: 3 }));
    expect(p1.filter((t) => p2.includes(t))).toEqual([]);
  });

  it('GIVEN impossible options THEN a BAD_OPTION error says what is wrong, instead of a clamped answer', () => {
    const all = engine.recommend({ trackId: tid(1) }, { k: 1000 });
    if (!all.ok) throw new Error(all.error.message);
    expect(all.value.movies.length).toBe(MOVIES.length);
    const cases: Array<[Parameters<Engine['recommend']>[1], RegExp]> = [
      [{ k: 1e9 }, /from 1 to 1000/],
      [{ k: 0 }, /from 1 to 1000/],
      [{ k: -5 }, /from 1 to 1000/],
      [{ k: Number.NaN }, /from 1 to 1000/],
      [{ k: 2.5 }, /whole number/],
      [{ offset: 5000 }, /page start/],
      [{ years: [Number.NaN, Number.NaN] }, /two years/],
      [{ years: [2005, 1990] }, /backwards/],
      [{ excludeGenres: ['Dramaa'] }, /No film genre called "Dramaa"; genres are .*Drama/],
      [{ diversity: 7 }, /between 0 and 1/],
    ];
    for (const [options, message] of cases) {
      const r = engine.recommend({ trackId: tid(1) }, options);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('BAD_OPTION');
        expect(r.error.message).toMatch(message);
      }
    }
    // A real TMDb genre the catalogue lacks is a fair (empty) exclusion, not an error; case is ignored.
    expect(engine.recommend({ trackId: tid(1) }, { excludeGenres: ['tv movie', 'western'] }).ok).toBe(true);
    const blended = engine.blend([{ trackId: tid(1) }], { k: 0 });
    expect(blended.ok ? '' : blended.error.code).toBe('BAD_OPTION');
    const none = engine.recommend({ trackId: 'nope' });
    expect(none.ok ? '' : none.error.code).toBe('SONG_NOT_FOUND');
  });

  it('GIVEN several songs THEN blends them into one query', () => {
    const r = engine.blend([{ song: 'Grind Your Bones' }, { song: 'Party Rockin' }], { k: 3 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.songs.map((s) => s.trackName)).toEqual(['Grind Your Bones', 'Party Rockin']);
    expect(r.value.movies).toHaveLength(3);
    expect(engine.blend([]).ok).toBe(false);
  });

  it('GIVEN songs as people type them THEN a track id, a title or "title by artist" each resolve', () => {
    expect(engine.resolveSongText('hello by adele')).toEqual({ ok: true, value: 4 });
    expect(engine.resolveSongText('“Hello” by Adele')).toEqual({ ok: true, value: 4 });
    expect(engine.resolveSongText(tid(4))).toEqual(engine.resolveSong({ trackId: tid(4) }));
    expect(engine.resolveSongText(tid(4)).ok).toBe(true);
    const ambiguous = engine.resolveSongText('Hello');
    expect(ambiguous.ok ? '' : ambiguous.error.code).toBe('SONG_AMBIGUOUS');
    // An artist who never sang it: not found, rather than some other "Lullaby".
    const lullaby = engine.resolveSongText('Lullaby by Nobody Known');
    expect(lullaby.ok ? '' : lullaby.error.code).toBe('SONG_NOT_FOUND');
  });

  it('GIVEN a blend of typed songs THEN blended; an ambiguous one named with how to fix it; too many refused', () => {
    const r = engine.blendTexts(['Hello by Adele', 'Grind Your Bones'], { k: 2 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.songs.map((s) => s.artists[0])).toEqual(['Adele', expect.any(String)]);
    const bad = engine.blendTexts(['Grind Your Bones', 'Hello']);
    expect(bad.ok ? '' : bad.error.message).toBe(
      'In the blend, "Hello": Several songs are called "Hello"; add the artist to choose one. Write it as "Hello by <artist>".',
    );
    const many = engine.blend(Array.from({ length: 51 }, () => ({ trackId: tid(1) })));
    expect(many.ok ? '' : many.error.message).toBe('A blend takes at most 50 songs; 51 were given.');
  });

  it('GIVEN a misspelled film THEN not found, with the film it was probably meant to be', () => {
    const r = engine.songsFor('Top Gnu');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({
      code: 'MOVIE_NOT_FOUND',
      message: 'No film called "Top Gnu". Did you mean one of these?',
    });
    expect((r.error.candidates as Array<{ title: string }>).map((c) => c.title)).toContain('Top Gun');
  });

  it('GIVEN a typo in a long title and a short title it happens to start with THEN the long title is suggested', () => {
    const tiny = { ...MOVIES[0], id: 9001, title: 'To', imdbId: 'tt9001' } as (typeof MOVIES)[number];
    const e = new Engine(assemble(TRACKS, [...MOVIES, tiny], new Map()).catalog);
    const r = e.songsFor('Top Gnu');
    const titles = r.ok ? [] : (r.error.candidates as Array<{ title: string }>).map((c) => c.title);
    expect(titles[0]).toBe('Top Gun');
    expect(titles).not.toContain('To');
  });

  it('GIVEN a film THEN songs-for returns songs, and an unknown film a clear error', () => {
    const r = engine.songsFor('blood harvest', { k: 3 });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.songs[0]?.song.trackName).toBe('Grind Your Bones');
    const top = engine.songsFor('Top Gun');
    if (!top.ok) throw new Error(top.error.message);
    expect(top.value.songs[0]?.song.trackName).toBe('Danger Zone');
    const missing = engine.songsFor('No Such Film');
    expect(missing.ok ? '' : missing.error.code).toBe('MOVIE_NOT_FOUND');
  });

  it('GIVEN an empty catalogue THEN says the index is empty', () => {
    const empty = new Engine(assemble([], MOVIES.slice(0, 1), new Map()).catalog);
    const r = empty.recommend({ song: 'anything' });
    expect(r.ok ? '' : r.error.code).toBe('INDEX_EMPTY');
  });
});
