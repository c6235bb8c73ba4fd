import type { MovieRecord, SongRecord } from '../engine/catalog.js';
import type { Engine } from '../engine/engine.js';
import { textSignals } from '../features/text-signals.js';
import { mulberry32 } from './metrics.js';

/** One cross-domain relation: a song property against a property of the films it is matched with. */
export interface Insight {
  song: string;
  film: string;
  /** Pearson correlation over the sampled songs (song value vs mean over its top films). */
  r: number;
  /** Mean film value for the lowest and highest fifth of songs on the song property. */
  lowQuintile: number;
  highQuintile: number;
  n: number;
}

function pearson(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

const hasGenre = (gs: string[]) => (m: MovieRecord) => (m.genres.some((g) => gs.includes(g)) ? 1 : 0);

/**
 * What the recommendations say across the two domains, on a random sample of songs: does song
 * energy go with action/thriller matches, valence with upbeat overviews, acousticness with drama...
 */
export function insights(
  engine: Engine,
  options: { songs?: number; k?: number; seed?: number } = {},
): Insight[] {
  const c = engine.catalog;
  const rand = mulberry32(options.seed ?? 5);
  const n = Math.min(options.songs ?? 1000, c.songs.length);
  const k = options.k ?? 5;
  const sentiment = new Map<number, number>();
  const sentimentOf = (i: number, m: MovieRecord) => {
    let v = sentiment.get(i);
    if (v === undefined) {
      v = textSignals(m.overview).sentiment;
      sentiment.set(i, v);
    }
    return v;
  };
  const songProps: Record<string, (s: SongRecord) => number> = {
    energy: (s) => s.energy,
    valence: (s) => s.valence,
    danceability: (s) => s.danceability,
    acousticness: (s) => s.acousticness,
    instrumentalness: (s) => s.instrumentalness,
    tempo: (s) => s.tempo,
  };
  const filmProps: Record<string, (m: MovieRecord, i: number) => number> = {
    'action/thriller share': hasGenre(['Action', 'Thriller']),
    'overview sentiment': (m, i) => sentimentOf(i, m),
    'comedy/family/music share': hasGenre(['Comedy', 'Family', 'Music', 'Animation']),
    'drama/romance share': hasGenre(['Drama', 'Romance']),
    'horror share': hasGenre(['Horror']),
    'sci-fi/fantasy share': hasGenre(['Science Fiction', 'Fantasy']),
  };
  const pairs: Array<[string, string]> = [
    ['energy', 'action/thriller share'],
    ['energy', 'horror share'],
    ['valence', 'overview sentiment'],
    ['valence', 'comedy/family/music share'],
    ['danceability', 'comedy/family/music share'],
    ['acousticness', 'drama/romance share'],
    ['instrumentalness', 'sci-fi/fantasy share'],
    ['tempo', 'action/thriller share'],
  ];
  const sample: SongRecord[] = [];
  const films: number[][] = [];
  for (let i = 0; i < n; i++) {
    const s = Math.floor(rand() * c.songs.length);
    sample.push(c.songs[s] as SongRecord);
    films.push(
      engine.recommendForSongs([s], { k }).movies.map((m) => c.movies.indexOfId(m.tmdbId) as number),
    );
  }
  return pairs.map(([sp, fp]) => {
    const x = sample.map(songProps[sp] as (s: SongRecord) => number);
    const y = films.map((list) => {
      const f = filmProps[fp] as (m: MovieRecord, i: number) => number;
      return list.reduce((a, i) => a + f(c.movies.at(i) as MovieRecord, i), 0) / Math.max(1, list.length);
    });
    const order = x.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
    const fifth = Math.max(1, Math.floor(order.length / 5));
    const mean = (idx: readonly (readonly [number, number])[]) =>
      idx.reduce((a, [, i]) => a + (y[i] as number), 0) / idx.length;
    return {
      song: sp,
      film: fp,
      r: pearson(x, y),
      lowQuintile: mean(order.slice(0, fifth)),
      highQuintile: mean(order.slice(-fifth)),
      n,
    };
  });
}

export function formatInsights(rows: Insight[]): string {
  const lines = [
    `${'song property'.padEnd(18)}${'film property (mean over top 5)'.padEnd(34)}     r   low 20%  high 20%`,
  ];
  for (const r of rows) {
    lines.push(
      `${r.song.padEnd(18)}${r.film.padEnd(34)}${r.r.toFixed(2).padStart(6)}${r.lowQuintile.toFixed(2).padStart(9)}${r.highQuintile.toFixed(2).padStart(10)}`,
    );
  }
  return lines.join('\n');
}

function escapeXml(s: string): string {
  return s.replace(
    /[<>&"]/g,
    (ch) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[ch] as string,
  );
}

/** A horizontal bar chart of the correlations, as a standalone SVG. */
export function insightsSvg(rows: Insight[]): string {
  const rowH = 28;
  const left = 380;
  const width = 760;
  const half = (width - left - 20) / 2;
  const zero = left + half;
  const h = rows.length * rowH + 60;
  const bars = rows
    .map((r, i) => {
      const y = 40 + i * rowH;
      const w = Math.abs(r.r) * half;
      const x = r.r >= 0 ? zero : zero - w;
      const color = r.r >= 0 ? '#3c8d5a' : '#b5533c';
      return (
        `<text x="${left - 8}" y="${y + 17}" text-anchor="end" font-size="13">${escapeXml(`${r.song} → ${r.film}`)}</text>` +
        `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${w.toFixed(1)}" height="18" fill="${color}"/>` +
        `<text x="${(r.r >= 0 ? x + w + 4 : x - 4).toFixed(1)}" y="${y + 17}" font-size="12" text-anchor="${r.r >= 0 ? 'start' : 'end'}">${r.r.toFixed(2)}</text>`
      );
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${h}" font-family="sans-serif">
<rect width="100%" height="100%" fill="white"/>
<text x="10" y="22" font-size="15" font-weight="bold">How song features relate to the films music2movie matches (Pearson r, ${rows[0]?.n ?? 0} songs)</text>
<line x1="${zero}" y1="34" x2="${zero}" y2="${h - 10}" stroke="#888"/>
${bars}
</svg>`;
}
