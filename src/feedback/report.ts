import type { StoredImpression, StoredLoss, StoredVote } from './port.js';

/** What the report needs from the engine: its current ranking and the films' genres. */
export interface EngineView {
  /** The engine's current top-k TMDb ids for a song; undefined when the song is not in the catalogue. */
  topK(trackId: string, k: number): readonly number[] | undefined;
  /** A film's TMDb genres; undefined when the film is not in the catalogue. */
  genresOf(tmdbId: number): readonly string[] | undefined;
}

/** The figures of one slice (everything, one platform, one genre). Ratios are null with no data. */
export interface ReportSlice {
  /** Impressions (lists shown) holding at least one film of the slice in their top 5. */
  impressions: number;
  /** Distinct (song, film) pairs shown in a top 5. */
  shownPairs: number;
  votes: number;
  up: number;
  down: number;
  /** up / (up + down) over votes on pairs shown in a top 5. */
  precisionAt5: number | null;
  /** Votes on shown pairs (the denominator of precision@5). */
  ratedShown: number;
  /** Share of shown pairs that got any vote. */
  coverage: number | null;
  /** Share of relevant pairs (more up than down votes) the engine now ranks in its top k. */
  recall: number | null;
  relevantPairs: number;
  relevantFound: number;
}

export interface FeedbackReport extends ReportSlice {
  since: string | null;
  k: number;
  /** Votes on films no recorded impression showed in a top 5 (a later page, or a lost impression). */
  votesOutsideTop5: number;
  /** Relevant pairs whose song or film is no longer in the catalogue (left out of recall). */
  relevantUnknown: number;
  /** Writes dropped by a full queue while the store was down, as the bots recorded them. */
  lost: number;
  byPlatform: Record<string, ReportSlice>;
  byGenre: Record<string, ReportSlice>;
  definitions: Record<string, string>;
}

export const REPORT_DEFINITIONS = {
  shown: 'A song–film pair is shown when the film is among the first 5 films of an impression for that song.',
  precisionAt5: 'precision@5 = up / (up + down), over votes on films shown in a top 5.',
  recall:
    'recall@k = of the (song, film) pairs users marked relevant (more up than down votes), the share the current engine ranks in its top k for that song.',
  coverage: 'coverage = share of shown song–film pairs that got any vote.',
  noReaction:
    'No reaction is not a "no": films nobody voted on are in no denominator of precision or recall.',
} as const;

const TOP = 5;

function pairKey(trackId: string, tmdbId: number): string {
  return `${trackId}|${tmdbId}`;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? round(a / b) : null;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

interface SliceInput {
  impressions: readonly StoredImpression[];
  votes: readonly StoredVote[];
  /** Keeps only films of the slice (genre slices); everything by default. */
  film?: (tmdbId: number) => boolean;
}

class Ranker {
  private readonly cache = new Map<string, ReadonlySet<number> | null>();
  constructor(
    private readonly engine: EngineView | undefined,
    private readonly k: number,
  ) {}

  /** True/false when known; undefined when the song is not in the catalogue (or there is no engine). */
  inTopK(trackId: string, tmdbId: number): boolean | undefined {
    if (!this.engine) return undefined;
    let top = this.cache.get(trackId);
    if (top === undefined) {
      const ids = this.engine.topK(trackId, this.k);
      top = ids ? new Set(ids) : null;
      this.cache.set(trackId, top);
    }
    if (top === null || this.engine.genresOf(tmdbId) === undefined) return undefined;
    return top.has(tmdbId);
  }
}

/** The films of an impression shown in a top five; a later page's films had ranks past it. */
function shownInTop(imp: StoredImpression): number[] {
  return imp.tmdbIds.slice(0, Math.max(0, TOP + 1 - (imp.firstRank ?? 1)));
}

function slice(
  input: SliceInput,
  ranker: Ranker,
): ReportSlice & { outside: number; relevantUnknown: number } {
  const keep = input.film ?? (() => true);
  const shown = new Set<string>();
  let impressions = 0;
  for (const imp of input.impressions) {
    let any = false;
    for (const id of shownInTop(imp)) {
      if (!keep(id)) continue;
      shown.add(pairKey(imp.trackId, id));
      any = true;
    }
    if (any) impressions++;
  }
  let up = 0;
  let down = 0;
  let ratedUp = 0;
  let ratedShown = 0;
  let outside = 0;
  const votedPairs = new Set<string>();
  const net = new Map<string, { trackId: string; tmdbId: number; score: number }>();
  let votes = 0;
  for (const v of input.votes) {
    if (!keep(v.tmdbId)) continue;
    votes++;
    if (v.value === 'up') up++;
    else down++;
    const key = pairKey(v.trackId, v.tmdbId);
    const pair = net.get(key) ?? { trackId: v.trackId, tmdbId: v.tmdbId, score: 0 };
    pair.score += v.value === 'up' ? 1 : -1;
    net.set(key, pair);
    if (shown.has(key)) {
      ratedShown++;
      if (v.value === 'up') ratedUp++;
      votedPairs.add(key);
    } else outside++;
  }
  let relevantPairs = 0;
  let relevantFound = 0;
  let relevantUnknown = 0;
  for (const p of net.values()) {
    if (p.score <= 0) continue;
    const hit = ranker.inTopK(p.trackId, p.tmdbId);
    if (hit === undefined) {
      relevantUnknown++;
      continue;
    }
    relevantPairs++;
    if (hit) relevantFound++;
  }
  return {
    impressions,
    shownPairs: shown.size,
    votes,
    up,
    down,
    precisionAt5: ratio(ratedUp, ratedShown),
    ratedShown,
    coverage: ratio(votedPairs.size, shown.size),
    recall: ratio(relevantFound, relevantPairs),
    relevantPairs,
    relevantFound,
    outside,
    relevantUnknown,
  };
}

function strip(s: ReturnType<typeof slice>): ReportSlice {
  const { outside: _o, relevantUnknown: _u, ...rest } = s;
  return rest;
}

/**
 * Precision, recall and coverage of the recorded feedback, overall, per platform and per film
 * genre. Pure: the caller reads the store and gives the engine's view (or none: recall is null).
 */
export function feedbackReport(
  data: {
    impressions: readonly StoredImpression[];
    votes: readonly StoredVote[];
    losses?: readonly StoredLoss[];
  },
  engine: EngineView | undefined,
  options: { k?: number; since?: number } = {},
): FeedbackReport {
  const k = options.k ?? TOP;
  const ranker = new Ranker(engine, k);
  const all = slice(data, ranker);
  const platforms = [...new Set([...data.impressions, ...data.votes].map((e) => e.platform))].sort();
  const byPlatform: Record<string, ReportSlice> = {};
  for (const p of platforms) {
    byPlatform[p] = strip(
      slice(
        {
          impressions: data.impressions.filter((i) => i.platform === p),
          votes: data.votes.filter((v) => v.platform === p),
        },
        ranker,
      ),
    );
  }
  const byGenre: Record<string, ReportSlice> = {};
  if (engine) {
    const genres = new Set<string>();
    for (const v of data.votes) for (const g of engine.genresOf(v.tmdbId) ?? []) genres.add(g);
    for (const i of data.impressions)
      for (const id of shownInTop(i)) for (const g of engine.genresOf(id) ?? []) genres.add(g);
    for (const g of [...genres].sort()) {
      byGenre[g] = strip(slice({ ...data, film: (id) => engine.genresOf(id)?.includes(g) ?? false }, ranker));
    }
  }
  const { outside, relevantUnknown, ...overall } = all;
  return {
    since: options.since === undefined ? null : new Date(options.since).toISOString(),
    k,
    ...overall,
    votesOutsideTop5: outside,
    relevantUnknown,
    lost: (data.losses ?? []).reduce((s, l) => s + l.dropped, 0),
    byPlatform,
    byGenre,
    definitions: { ...REPORT_DEFINITIONS },
  };
}
