import type { Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../src/logger.js';

/** Slack tokens (bot, user, app, config) and bearer headers, wherever they appear in a message. */
const SECRET = /\b(xox[a-z]-[A-Za-z0-9-]+|xapp-[A-Za-z0-9-]+)|(Bearer\s+)\S+/g;

export function scrub(text: string): string {
  return text.replace(SECRET, (_m, token: string | undefined, bearer: string | undefined) =>
    token ? '[redacted]' : `${bearer ?? ''}[redacted]`,
  );
}

/** One line from Bolt's variadic arguments; errors keep only their message and code, never their payloads. */
function line(args: unknown[]): string {
  return scrub(
    args
      .map((a) => {
        if (a instanceof Error) {
          const code = (a as { code?: unknown }).code;
          return typeof code === 'string' ? `${code}: ${a.message}` : a.message;
        }
        if (typeof a === 'string') return a;
        try {
          return JSON.stringify(a)?.slice(0, 500) ?? String(a);
        } catch {
          return String(a);
        }
      })
      .join(' '),
  );
}

/** Bolt's Logger interface over our pino logger, scrubbing anything that looks like a Slack token. */
export function boltLogger(log: Logger): BoltLogger {
  let level = 'info' as LogLevel;
  return {
    debug: (...a: unknown[]) => {
      if (log.isLevelEnabled('debug')) log.debug(line(a));
    },
    info: (...a: unknown[]) => {
      if (log.isLevelEnabled('info')) log.info(line(a));
    },
    warn: (...a: unknown[]) => log.warn(line(a)),
    error: (...a: unknown[]) => log.error(line(a)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
