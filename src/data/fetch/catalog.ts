/** The two public datasets the product is built from, and what a good download looks like. */
export type DatasetName = 'spotify' | 'tmdb';

export const DATASET_NAMES: readonly DatasetName[] = ['spotify', 'tmdb'];

export interface DatasetSpec {
  name: DatasetName;
  /** File name under the data directory. */
  fileName: string;
  defaultUrl: string;
  /** Where a person can look at (and download by hand) the dataset. */
  pageUrl: string;
  /** Columns the header must have; a page of HTML or the wrong file will not. */
  requiredColumns: readonly string[];
  /** Environment variable the CLI maps onto `sources[name]`, named in error messages. */
  urlEnvVar: string;
}

export const SPOTIFY: DatasetSpec = {
  name: 'spotify',
  fileName: 'spotify_tracks.csv',
  defaultUrl:
    'https://huggingface.co/datasets/maharshalpandya/spotify-tracks-dataset/resolve/main/dataset.csv',
  pageUrl: 'https://huggingface.co/datasets/maharshalpandya/spotify-tracks-dataset',
  requiredColumns: ['track_id', 'track_genre'],
  urlEnvVar: 'SPOTIFY_DATASET_URL',
};

export const TMDB: DatasetSpec = {
  name: 'tmdb',
  fileName: 'TMDB_movie_dataset_v11.csv',
  defaultUrl:
    'https://www.kaggle.com/api/v1/datasets/download/asaniczka/tmdb-movies-dataset-2023-930k-movies',
  pageUrl: 'https://www.kaggle.com/datasets/asaniczka/tmdb-movies-dataset-2023-930k-movies',
  requiredColumns: ['id', 'title', 'poster_path', 'overview'],
  urlEnvVar: 'TMDB_DATASET_URL',
};

/** The Kaggle download is a zip, kept beside the CSV until the CSV is out of it. */
export const TMDB_ZIP_FILE_NAME = 'tmdb-movies-dataset.zip';

export const DATASETS: Readonly<Record<DatasetName, DatasetSpec>> = { spotify: SPOTIFY, tmdb: TMDB };

/** URL overrides, e.g. a mirror or a local test server. */
export type DatasetSources = Partial<Record<DatasetName, string>>;

/** The overrides from SPOTIFY_DATASET_URL and TMDB_DATASET_URL, for the CLI. */
export function sourcesFrom(env: Readonly<Record<string, string | undefined>>): DatasetSources {
  const sources: DatasetSources = {};
  for (const spec of Object.values(DATASETS)) {
    const url = env[spec.urlEnvVar]?.trim();
    if (url) sources[spec.name] = url;
  }
  return sources;
}
