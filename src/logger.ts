import { pino } from 'pino';

export type Logger = pino.Logger;

/** Secrets never reach the logs, whatever object they ride in on. */
const REDACT = [
  '*.token',
  '*.password',
  '*.secret',
  '*.signingSecret',
  '*.apiKey',
  '*.key',
  'headers.authorization',
  'headers["x-signature-ed25519"]',
  'DISCORD_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'KAGGLE_KEY',
];

export function createLogger(level = 'info'): Logger {
  // Logs go to stderr so `--json` output on stdout stays machine-readable.
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' } }, pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
