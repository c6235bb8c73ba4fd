import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** File names the datasets go by: the fetched names first, then the names of the shared samples. */
const SPOTIFY_NAMES = [
  /^spotify_tracks\.csv(\.gz)?$/,
  /^dataset\.csv(\.gz)?$/,
  /^spotify_tracks.*\.csv(\.gz)?$/,
];
const TMDB_NAMES = [/^TMDB_movie_dataset_v11\.csv(\.gz)?$/, /^tmdb_v11.*\.csv(\.gz)?$/i];

async function find(dir: string, patterns: RegExp[]): Promise<string | undefined> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch {
    return undefined;
  }
  for (const p of patterns) {
    const hit = names.find((n) => p.test(n));
    if (hit) return join(dir, hit);
  }
  return undefined;
}

export async function findDatasets(
  dataDir: string,
): Promise<{ spotify?: string; tmdb?: string; posters?: string }> {
  const posters = join(dataDir, 'posters');
  let hasPosters = false;
  try {
    hasPosters = (await readdir(posters)).some((n) => /\.(jpe?g|png|webp)$/i.test(n));
  } catch {
    hasPosters = false;
  }
  return {
    spotify: await find(dataDir, SPOTIFY_NAMES),
    tmdb: await find(dataDir, TMDB_NAMES),
    posters: hasPosters ? posters : undefined,
  };
}

export function missingDataMessage(dataDir: string, missing: string[]): string {
  return [
    `No index yet, and the data to build one is missing in ${dataDir}: ${missing.join(', ')}.`,
    'Either run `music2movie data fetch` (needs internet; Kaggle credentials for TMDb), or put the files there by hand:',
    `  ${join(dataDir, 'spotify_tracks.csv')}  from https://huggingface.co/datasets/maharshalpandya/spotify-tracks-dataset (dataset.csv)`,
    `  ${join(dataDir, 'TMDB_movie_dataset_v11.csv')}  from https://www.kaggle.com/datasets/asaniczka/tmdb-movies-dataset-2023-930k-movies`,
    'Gzipped copies (.csv.gz) work too. Then run `npm start` again.',
  ].join('\n');
}
