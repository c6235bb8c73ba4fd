import { AppError } from '../../errors.js';

/**
 * Rejects what fetch would reject anyway, before a retry loop mistakes it for a network hiccup:
 * unparsable URLs, other protocols, and user:password in the URL (fetch refuses those).
 */
export function checkDownloadUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('BAD_INPUT', `"${url}" is not a valid URL.`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AppError('BAD_INPUT', `Only http and https downloads are supported, not ${parsed.protocol}.`);
  }
  if (parsed.username || parsed.password) {
    throw new AppError(
      'BAD_INPUT',
      `The download URL for ${parsed.host} contains a user name or password; pass credentials separately.`,
    );
  }
}
