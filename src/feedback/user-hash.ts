import { createHmac } from 'node:crypto';
import type { Platform } from './port.js';

/**
 * The id a store keeps for a user: HMAC-SHA256 of "platform:userId" under the configured salt,
 * 128 bits in hex. Stable across processes sharing a salt; not reversible without it. The platform
 * is part of the input so a Discord and a Slack id that happen to match stay two users.
 */
export function hashUserId(salt: string, platform: Platform, userId: string): string {
  return createHmac('sha256', salt).update(`${platform}:${userId}`).digest('hex').slice(0, 32);
}
