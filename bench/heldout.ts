/**
 * `npm run eval:heldout`: what choosing weights on the dev pairs is worth on films not used to
 * choose them. Builds the catalogue under the shipped weights, uniform weights and one-knob
 * variations, ranks every dev pair under each, then (src/eval/heldout.ts) picks a setting on half
 * the films and reports it on the other half, over 200 splits; and checks the score calibration the
 * same way. Not a speed benchmark: it lives here because it reads the shared data as benches do.
 */
import { resolve } from 'node:path';
import { assemble } from '../index/build/assemble.js';
import { ingestSpotify } from '../src/data/spotify.js';
import { ingestTmdb } from '../src/data/tmdb.js';
import { DEFAULT_RANKING, type RankingWeights } from '../src/engine/catalog.js';
import { Engine } from '../src/engine/engine.js';
import { engineRanker, readPairs } from '../src/eval/evaluate.js';
import { calibrationHeldOut, selectionHeldOut } from '../src/eval/heldout.js';
import { median, rankOf } from '../src/eval/metrics.js';
import { DEFAULT_SPACE_WEIGHTS, type SpaceWeights } from '../src/space/shared-space.js';

const SHARED = resolve(process.env.SHARED_DATA ?? '../shared/data');
const D = DEFAULT_SPACE_WEIGHTS;
const axis = (i: number, v: number) => D.axes.map((x, j) => (j === i ? v : x));
const GRID: Array<{ name: string; space?: Partial<SpaceWeights>; ranking?: Partial<RankingWeights> }> = [
  { name: 'shipped' },
  { name: 'uniform', space: { axes: [1, 1, 1, 1, 1, 1, 1, 1], genre: 1, language: 1 } },
  { name: 'genre 1.0', space: { genre: 1 } },
  { name: 'genre 2.2', space: { genre: 2.2 } },
  { name: 'language 0.8', space: { language: 0.8 } },
  { name: 'language 1.6', space: { language: 1.6 } },
  { name: 'era 0.8', space: { axes: axis(7, 0.8) } },
  { name: 'era 1.6', space: { axes: axis(7, 1.6) } },
  { name: 'mainstream 0.3', space: { axes: axis(6, 0.3) } },
  { name: 'mainstream 1.2', space: { axes: axis(6, 1.2) } },
  { name: 'hubness 0.5', ranking: { hubness: 0.5 } },
  { name: 'hubness 1.1', ranking: { hubness: 1.1 } },
];

const spotify = await ingestSpotify(resolve(SHARED, 'spotify_tracks_hf_sample10k.csv.gz'));
const tmdb = await ingestTmdb(resolve(SHARED, 'tmdb_v11_top3000.csv.gz'));
const pairs = await readPairs(resolve(SHARED, 'eval/soundtrack_pairs_dev.csv'));
const ranks = new Map<string, Array<number | undefined>>();
let shipped: Engine | undefined;
console.log('in-sample, all dev pairs (no posters):');
for (const g of GRID) {
  const { catalog } = assemble(spotify.tracks, tmdb.movies, new Map(), {
    space: { ...D, ...g.space },
    ranking: { ...DEFAULT_RANKING, ...g.ranking },
  });
  const engine = new Engine(catalog);
  if (g.name === 'shipped') shipped = engine;
  const ranker = engineRanker(engine);
  const row = pairs.map((p) => {
    const song = engine.songs.byId(p.trackId);
    const film = catalog.movies.indexOfId(p.tmdbId);
    return song === undefined || film === undefined ? undefined : rankOf(ranker.scores(song, p.source), film);
  });
  ranks.set(g.name, row);
  const of = (source: string) =>
    row.filter((r, i): r is number => r !== undefined && pairs[i]?.source === source);
  const album = of('album');
  console.log(
    `  ${g.name.padEnd(16)} credit median ${String(median(of('credit'))).padStart(6)}   album R@1 ${(album.filter((r) => r === 1).length / album.length).toFixed(2)}`,
  );
}
const s = selectionHeldOut(pairs, ranks);
console.log(
  `\nweights chosen on half the films, credit median on the other half (${s.splits} splits by film):`,
);
console.log(
  `  chosen setting            ${s.selectedMedian.toFixed(0)} (album R@1 held out ${s.selectedAlbumR1.toFixed(2)})`,
);
for (const [name, m] of Object.entries(s.fixedMedian))
  console.log(`  fixed: ${name.padEnd(18)} ${m.toFixed(0)}`);
console.log(
  `  picked: ${Object.entries(s.picks)
    .sort((a, b) => b[1] - a[1])
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ')}`,
);

console.log('\ncalibration fitted on half the films, checked on the other half:');
for (const c of calibrationHeldOut(shipped as Engine, pairs)) {
  console.log(
    `  a=${c.fitted.a.toFixed(2)} b=${c.fitted.b.toFixed(2)}  held-out log-loss ${c.heldOutLoss.toFixed(3)} (fitted in-sample ${c.inSampleLoss.toFixed(3)})  mean score: true film ${c.meanTrue.toFixed(2)}, random film ${c.meanRandom.toFixed(2)}`,
  );
}
