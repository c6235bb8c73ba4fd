import { AppError } from '../../errors.js';
import { TMDB } from './catalog.js';
import { basicAuthHeader, type DatasetCredentials, type KaggleCredentials } from './credentials.js';

/** Kaggle credentials are needed only for Kaggle itself; a mirror set by URL may not need any. */
export function isKaggleUrl(url: string): boolean {
  try {
    const { hostname } = new URL(url);
    return hostname === 'kaggle.com' || hostname.endsWith('.kaggle.com');
  } catch {
    return false;
  }
}

export function requireKaggleCredentials(
  credentials: DatasetCredentials,
  dataDir: string,
): KaggleCredentials {
  if (credentials.kaggle) return credentials.kaggle;
  throw new AppError(
    'CREDENTIALS_MISSING',
    kaggleCredentialsMissingMessage(dataDir, credentials.kaggleJsonProblem),
  );
}

export function kaggleCredentialsMissingMessage(dataDir: string, kaggleJsonProblem?: string): string {
  return [
    'Kaggle credentials are missing, and the TMDb movies dataset comes from Kaggle. Either:',
    '  1. Create a Kaggle API token: sign in at https://www.kaggle.com, open Settings → API → Create New Token,',
    '     then set KAGGLE_USERNAME and KAGGLE_KEY from the kaggle.json it gives you',
    '     (or save that file as ~/.kaggle/kaggle.json), and run this command again; or',
    `  2. Download the zip by hand from ${TMDB.pageUrl},`,
    `     unzip it and put ${TMDB.fileName} into ${dataDir}.`,
    ...(kaggleJsonProblem ? [`(No usable kaggle.json either: ${kaggleJsonProblem}.)`] : []),
  ].join('\n');
}

/** Added to a 401/403 from Kaggle, where the cause is nearly always the token or the dataset's terms. */
export function kaggleRefusedHint(): string {
  return (
    'Check KAGGLE_USERNAME and KAGGLE_KEY (or ~/.kaggle/kaggle.json); an expired token can be replaced at ' +
    `kaggle.com → Settings → API. You can also download the zip by hand from ${TMDB.pageUrl} ` +
    `and put ${TMDB.fileName} into the data directory.`
  );
}

export function kaggleHeaders(credentials: KaggleCredentials | undefined): Record<string, string> {
  return credentials ? { authorization: basicAuthHeader(credentials) } : {};
}
