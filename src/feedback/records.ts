import { z } from 'zod';
import type { StoredImpression, StoredLoss, StoredVote } from './port.js';

/**
 * Key layout. A vote's key is its (user, song, film) triple, so a later vote on the same pair
 * overwrites the earlier one in any process; impressions and losses are keyed by time and a unique
 * id, so a retried write lands on the same key.
 */
export const KEY_PREFIX = { vote: 'v:', impression: 'i:', loss: 'l:' } as const;

export function voteKey(v: Pick<StoredVote, 'userHash' | 'trackId' | 'tmdbId'>): string {
  return `${KEY_PREFIX.vote}${v.userHash}|${encodeURIComponent(v.trackId)}|${v.tmdbId}`;
}

export function impressionKey(i: Pick<StoredImpression, 'at' | 'id'>): string {
  return `${KEY_PREFIX.impression}${String(i.at).padStart(14, '0')}|${i.id}`;
}

export function lossKey(l: Pick<StoredLoss, 'at' | 'id'>): string {
  return `${KEY_PREFIX.loss}${String(l.at).padStart(14, '0')}|${l.id}`;
}

const platform = z.enum(['discord', 'slack', 'web', 'cli']);
const at = z.number().finite().nonnegative();

export const storedVoteSchema = z.object({
  platform,
  userHash: z.string().min(1),
  trackId: z.string().min(1),
  tmdbId: z.number().int(),
  value: z.enum(['up', 'down']),
  at,
});

export const storedImpressionSchema = z.object({
  id: z.string().min(1),
  platform,
  userHash: z.string().min(1),
  trackId: z.string().min(1),
  tmdbIds: z.array(z.number().int()),
  firstRank: z.number().int().positive().optional(),
  context: z.string().optional(),
  at,
});

export const storedLossSchema = z.object({ id: z.string().min(1), dropped: z.number().int().positive(), at });
