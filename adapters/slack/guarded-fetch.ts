import { AppError } from '../../src/errors.js';

type Fetch = (url: string | URL, init?: RequestInit) => Promise<Response>;

/**
 * The only fetch the Slack client and `respond` get: it calls Slack (https://slack.com and its
 * subdomains, where response_urls live) or the origin SLACK_API_URL names (a local fake, staging),
 * and refuses anything else, so a forged response_url cannot make the bot call an arbitrary host.
 */
export function guardedFetch(apiUrl: string | undefined, inner: Fetch = fetch): Fetch {
  const extra = apiUrl ? new URL(apiUrl).origin : undefined;
  return (url, init) => {
    const u = new URL(String(url));
    const slack =
      u.protocol === 'https:' && (u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com'));
    if (!slack && u.origin !== extra)
      return Promise.reject(new AppError('BAD_INPUT', `Refusing to call ${u.origin}: not a Slack address.`));
    return inner(url, init);
  };
}
