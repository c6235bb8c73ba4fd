import type { Clock } from '../../src/ports.js';
import type { CooldownPort } from '../../src/safety/cooldown.js';
import type { SeenIdsPort } from '../../src/safety/seen-ids.js';
import type { PostedAnswersPort } from './message-index.js';

/** Seams for tests and shared stores; every one defaults to an in-memory implementation. */
export interface SlackOptions {
  clock?: Clock;
  cooldown?: CooldownPort;
  seenEvents?: SeenIdsPort;
  seenSignatures?: SeenIdsPort;
  answers?: PostedAnswersPort;
  ackTimeoutMs?: number;
}
