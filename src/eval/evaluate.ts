import { SkipLog } from '../data/csv-reader.js';
import { FieldError } from '../data/fields.js';
import { type TypedRowsCounts, typedRows } from '../data/typed-rows.js';
import type { Engine } from '../engine/engine.js';
import { scoreAll } from '../engine/scoring.js';
import type { Ranker } from './baselines.js';
import {
  type CatalogueHealth,
  catalogueHealth,
  mulberry32,
  type RankSummary,
  rankOf,
  sampleIndices,
  summarizeRanks,
} from './metrics.js';

export interface EvalPair {
  trackId: string;
  tmdbId: number;
  source: string;
}

export async function readPairs(path: string): Promise<EvalPair[]> {
  const counts: TypedRowsCounts = { rowsRead: 0, skips: new SkipLog() };
  const out: EvalPair[] = [];
  const parse = (cells: string[], col: (n: string) => number): EvalPair => {
    const tmdbId = Number(cells[col('tmdb_id')]);
    if (!Number.isInteger(tmdbId)) throw new FieldError('bad tmdb_id');
    return {
      trackId: (cells[col('track_id')] ?? '').trim(),
      tmdbId,
      source: (cells[col('source')] ?? '').trim(),
    };
  };
  for await (const p of typedRows(path, ['track_id', 'tmdb_id', 'source'], parse, {}, counts)) out.push(p);
  return out;
}

/** The engine's own ranking, exactly (every film scored). Credit pairs never see album-name links. */
export function engineRanker(engine: Engine): Ranker {
  return {
    name: 'music2movie',
    scores: (song, source) => {
      const q = engine.query([song]);
      return scoreAll(engine.catalog, source === 'album' ? q : { ...q, soundtrack: new Set() });
    },
  };
}

export interface PairResults {
  ranker: string;
  source: string;
  summary: RankSummary;
  /** Share of the top 5 that share a genre with the true film. */
  genreAgreement: number;
}

export interface EvalReport {
  catalogue: { movies: number; songs: number };
  pairs: { total: number; usable: number; missingSong: number; missingFilm: number };
  results: PairResults[];
  health: Array<{ ranker: string } & CatalogueHealth>;
}

function top(scores: Float64Array, k: number): number[] {
  const idx = Array.from(scores.keys());
  idx.sort((a, b) => (scores[b] as number) - (scores[a] as number));
  return idx.slice(0, k);
}

export function evaluate(
  engine: Engine,
  pairs: readonly EvalPair[],
  rankers: readonly Ranker[],
  options: { healthSongs?: number; seed?: number } = {},
): EvalReport {
  const c = engine.catalog;
  const usable: Array<{ song: number; film: number; source: string }> = [];
  let missingSong = 0;
  let missingFilm = 0;
  for (const p of pairs) {
    const song = engine.songs.byId(p.trackId);
    const film = c.movies.indexOfId(p.tmdbId);
    if (song === undefined) missingSong++;
    else if (film === undefined) missingFilm++;
    else usable.push({ song, film, source: p.source });
  }
  const sources = [...new Set(usable.map((u) => u.source))].sort();
  const results: PairResults[] = [];
  for (const r of rankers) {
    for (const source of sources) {
      const subset = usable.filter((u) => u.source === source);
      const ranks: number[] = [];
      let agree = 0;
      for (const u of subset) {
        const scores = r.scores(u.song, source);
        ranks.push(rankOf(scores, u.film));
        const truth = new Set(c.movies.at(u.film)?.genres ?? []);
        agree += top(scores, 5).filter((m) => c.movies.at(m)?.genres.some((g) => truth.has(g))).length / 5;
      }
      results.push({
        ranker: r.name,
        source,
        summary: summarizeRanks(ranks, c.movies.length),
        genreAgreement: subset.length ? agree / subset.length : 0,
      });
    }
  }
  // Distinct songs, drawn without replacement: a song drawn twice would add a pair of identical
  // lists and inflate identicalListShare. A catalogue with fewer songs than asked: all of them.
  const sample = sampleIndices(c.songs.length, options.healthSongs ?? 1000, mulberry32(options.seed ?? 42));
  const name = (m: number) => `${c.movies.at(m)?.title ?? '?'} (${c.movies.year(m) ?? '?'})`;
  const health: EvalReport['health'] = [];
  const productLists = sample.map((s) =>
    engine.recommendForSongs([s], { k: 5 }).movies.map((m) => c.movies.indexOfId(m.tmdbId) as number),
  );
  health.push({ ranker: 'music2movie', ...catalogueHealth(productLists, c.movies.length, name) });
  for (const r of rankers) {
    if (r.name === 'music2movie') continue;
    const lists = sample.map((s) => top(r.scores(s, 'health'), 5));
    health.push({ ranker: r.name, ...catalogueHealth(lists, c.movies.length, name) });
  }
  return {
    catalogue: { movies: c.movies.length, songs: c.songs.length },
    pairs: { total: pairs.length, usable: usable.length, missingSong, missingFilm },
    results,
    health,
  };
}
