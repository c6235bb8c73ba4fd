export { DATASET_NAMES, type DatasetName, type DatasetSources, sourcesFrom } from './catalog.js';
export {
  credentialsFrom,
  type DatasetCredentials,
  defaultKaggleJsonPath,
  type Env,
  type KaggleCredentials,
} from './credentials.js';
export type { DownloadTuning, FetchedFile } from './dataset-context.js';
export { type FetchDatasetsOptions, type FetchSummary, fetchDatasets } from './datasets.js';
export {
  type DownloadOptions,
  type DownloadResult,
  downloadFile,
  type ProgressCallback,
} from './download.js';
export { createDownloadProgress, type DownloadProgress, type DownloadProgressOptions } from './progress.js';
