import type { EvalReport } from './evaluate.js';

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : 'n/a');

/** The eval printout: every ranker side by side, per pair source, then catalogue health. */
export function formatEvalReport(r: EvalReport): string {
  const lines: string[] = [];
  lines.push(`catalogue: ${r.catalogue.movies} films, ${r.catalogue.songs} songs`);
  lines.push(
    `pairs: ${r.pairs.total} (usable ${r.pairs.usable}; song not in catalogue ${r.pairs.missingSong}; film not in catalogue ${r.pairs.missingFilm})`,
  );
  lines.push('');
  lines.push('ground truth (rank of the true film among all films; credit pairs never use the album name)');
  lines.push(
    `${'ranker'.padEnd(17)}${'source'.padEnd(8)}${'n'.padStart(4)}  R@1    R@5    R@10   R@100  MRR    median  genre@5`,
  );
  for (const x of r.results) {
    const s = x.summary;
    lines.push(
      `${x.ranker.padEnd(17)}${x.source.padEnd(8)}${String(s.n).padStart(4)}  ${f3(s.recallAt1)}  ${f3(s.recallAt5)}  ${f3(s.recallAt10)}  ${f3(s.recallAt100)}  ${f3(s.mrr)}  ${String(s.medianRank).padStart(6)}  ${f3(x.genreAgreement)}`,
    );
  }
  lines.push('');
  lines.push(`catalogue health (top-5 lists of ${r.health[0]?.lists ?? 0} random songs)`);
  lines.push(`${'ranker'.padEnd(17)}distinct  coverage  gini   top-film share  identical lists  top film`);
  for (const h of r.health) {
    lines.push(
      `${h.ranker.padEnd(17)}${String(h.distinctFilms).padStart(8)}  ${f3(h.coverage).padStart(8)}  ${f3(h.gini)}  ${f3(h.topFilmShare).padStart(14)}  ${f3(h.identicalListShare).padStart(15)}  ${h.topFilm}`,
    );
  }
  return lines.join('\n');
}
