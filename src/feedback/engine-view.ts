import type { Engine } from '../engine/engine.js';
import type { EngineView } from './report.js';

/** The report's view of an engine: its current top k per song (cached by the report) and film genres. */
export function engineView(engine: Engine): EngineView {
  return {
    topK(trackId, k) {
      const song = engine.songs.byId(trackId);
      if (song === undefined) return undefined;
      return engine.recommendForSongs([song], { k }).movies.map((m) => m.tmdbId);
    },
    genresOf: (tmdbId) => engine.catalog.movies.at(engine.movieByTmdbId(tmdbId) ?? -1)?.genres,
  };
}
