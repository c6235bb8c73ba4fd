import { describe, expect, it } from 'vitest';
import { labelsCsv } from '../../src/feedback/export-csv.js';
import { formatFeedbackReport } from '../../src/feedback/format-report.js';
import type { StoredImpression, StoredVote } from '../../src/feedback/port.js';
import { type EngineView, feedbackReport } from '../../src/feedback/report.js';

const imp = (
  p: Partial<StoredImpression> & Pick<StoredImpression, 'trackId' | 'tmdbIds'>,
): StoredImpression => ({
  id: `${p.trackId}-${p.at ?? 0}`,
  platform: 'discord',
  userHash: 'h1',
  at: 0,
  ...p,
});
const vote = (p: Partial<StoredVote> & Pick<StoredVote, 'trackId' | 'tmdbId' | 'value'>): StoredVote => ({
  platform: 'discord',
  userHash: 'h1',
  at: 10,
  ...p,
});

const GENRES: Record<number, string[]> = {
  1: ['Drama'],
  2: ['Horror'],
  3: ['Comedy'],
  4: ['Drama', 'Romance'],
  5: ['Action'],
  6: ['Drama'],
  7: ['Horror'],
};
/** The engine now ranks films 1, 2, 3 on top for song A and 5, 6, 7 for song B. */
const engine: EngineView = {
  topK: (trackId, k) => ({ A: [1, 2, 3, 4, 5], B: [5, 6, 7, 1, 2] })[trackId]?.slice(0, Math.min(k, 3)),
  genresOf: (id) => GENRES[id],
};

// Song A shown [1..5] on Discord, song B shown [5,6,7,1,2] on Slack.
const impressions = [
  imp({ trackId: 'A', tmdbIds: [1, 2, 3, 4, 5] }),
  imp({ trackId: 'B', tmdbIds: [5, 6, 7, 1, 2], platform: 'slack', userHash: 'h2' }),
];
const votes = [
  vote({ trackId: 'A', tmdbId: 1, value: 'up' }),
  vote({ trackId: 'A', tmdbId: 2, value: 'down' }),
  vote({ trackId: 'A', tmdbId: 4, value: 'up', userHash: 'h2' }),
  vote({ trackId: 'B', tmdbId: 5, value: 'up', platform: 'slack', userHash: 'h2' }),
  vote({ trackId: 'B', tmdbId: 6, value: 'down', platform: 'slack', userHash: 'h2' }),
  // A film shown to nobody in a top 5 for this song (say, page two): outside precision@5.
  vote({ trackId: 'B', tmdbId: 4, value: 'up', platform: 'slack', userHash: 'h2' }),
];

describe('feedback report', () => {
  const r = feedbackReport({ impressions, votes, losses: [{ id: 'x', dropped: 3, at: 5 }] }, engine, {
    k: 5,
  });

  it('GIVEN votes on shown films THEN precision@5 = up / (up + down) over them; no reaction counts nowhere', () => {
    expect(r).toMatchObject({ impressions: 2, votes: 6, up: 4, down: 2, ratedShown: 5, votesOutsideTop5: 1 });
    expect(r.precisionAt5).toBe(0.6); // 3 up of 5 rated shown films; the 5 films nobody rated do not count
  });

  it('GIVEN relevant pairs THEN recall is the share the engine now ranks in its top k', () => {
    // Relevant: A/1 (in top), A/4 (not), B/5 (in top), B/4 (not) → 2 of 4.
    expect(r).toMatchObject({ relevantPairs: 4, relevantFound: 2, recall: 0.5 });
  });

  it('GIVEN 10 shown pairs of which 5 got a vote THEN coverage is 0.5; losses are reported', () => {
    expect(r).toMatchObject({ shownPairs: 10, coverage: 0.5, lost: 3 });
  });

  it('GIVEN two platforms and several genres THEN each slice has its own figures', () => {
    expect(r.byPlatform.discord).toMatchObject({
      impressions: 1,
      votes: 3,
      up: 2,
      down: 1,
      precisionAt5: 0.6667,
    });
    expect(r.byPlatform.slack).toMatchObject({ impressions: 1, votes: 3, up: 2, down: 1, precisionAt5: 0.5 });
    expect(r.byGenre.Drama).toMatchObject({ votes: 4, up: 3, down: 1, precisionAt5: 0.6667 });
    expect(r.byGenre.Horror).toMatchObject({ votes: 1, up: 0, down: 1, precisionAt5: 0 });
    expect(Object.keys(r.byGenre).sort()).toEqual(['Action', 'Comedy', 'Drama', 'Horror', 'Romance']);
  });

  it('GIVEN the same pair voted up by one and down by another THEN it is not relevant (net ≤ 0)', () => {
    const tie = feedbackReport(
      {
        impressions,
        votes: [
          vote({ trackId: 'A', tmdbId: 1, value: 'up' }),
          vote({ trackId: 'A', tmdbId: 1, value: 'down', userHash: 'h9' }),
        ],
      },
      engine,
    );
    expect(tie).toMatchObject({ relevantPairs: 0, recall: null, precisionAt5: 0.5 });
  });

  it('GIVEN no engine THEN recall and genres are left out, the rest still computed; no data gives nulls', () => {
    const noEngine = feedbackReport({ impressions, votes }, undefined);
    expect(noEngine).toMatchObject({ recall: null, precisionAt5: 0.6, byGenre: {} });
    expect(feedbackReport({ impressions: [], votes: [] }, engine)).toMatchObject({
      impressions: 0,
      votes: 0,
      precisionAt5: null,
      recall: null,
      coverage: null,
    });
  });

  it('GIVEN a report THEN the text prints the figures and the definitions', () => {
    const text = formatFeedbackReport(r);
    expect(text).toContain('precision@5');
    expect(text).toContain('60.0%');
    expect(text).toContain('No reaction is not a "no"');
    expect(text).toContain('recall@k = of the (song, film) pairs');
    expect(text).toMatch(/discord\s+1\s+3\s+2\s+1/);
  });

  it('GIVEN votes and impressions THEN the CSV has one row per vote with its label and shown rank', () => {
    const csv = labelsCsv(votes, impressions).trim().split('\n');
    expect(csv[0]).toBe('at,platform,user_hash,track_id,tmdb_id,value,label,shown_rank');
    expect(csv).toHaveLength(7);
    expect(csv).toContain('1970-01-01T00:00:00.010Z,discord,h1,A,2,down,0,2');
    expect(csv).toContain('1970-01-01T00:00:00.010Z,slack,h2,B,4,up,1,');
    const hostile = labelsCsv([vote({ trackId: '=HYPERLINK("x"),1', tmdbId: 1, value: 'up' })], []);
    expect(hostile).toContain(`"'=HYPERLINK(""x""),1"`);
  });

  it('GIVEN a "more like these" page THEN its films count at their real ranks, not as a top 5', () => {
    // Song B's second page (ranks 6–10) showed film 4; the vote on it stays outside precision@5.
    const paged = [...impressions, imp({ trackId: 'B', tmdbIds: [4, 3], firstRank: 6, at: 1 })];
    const p = feedbackReport({ impressions: paged, votes, losses: [] }, engine, { k: 5 });
    expect(p).toMatchObject({ impressions: 2, ratedShown: 5, votesOutsideTop5: 1, shownPairs: 10 });
    // A page that straddles rank 5 counts only its first film.
    const straddle = [imp({ trackId: 'B', tmdbIds: [4, 3], firstRank: 5 })];
    const s = feedbackReport({ impressions: straddle, votes, losses: [] }, engine, { k: 5 });
    expect(s).toMatchObject({ shownPairs: 1, ratedShown: 1 });
    // Film 3 (Comedy) was shown only at rank 6 and got no vote: no Comedy slice.
    expect(Object.keys(s.byGenre)).not.toContain('Comedy');
    const csv = labelsCsv(votes, paged);
    expect(csv).toContain('1970-01-01T00:00:00.010Z,slack,h2,B,4,up,1,6');
  });
});
