import type { VoteEvent } from '../../src/feedback/port.js';
import { parseCustomId } from './custom-id.js';

/** 👍/👎 in any skin tone. */
export function reactionValue(emoji: string | null | undefined): 'up' | 'down' | undefined {
  const base = (emoji ?? '').replace(/[\u{1F3FB}-\u{1F3FF}\uFE0F]/gu, '');
  return base === '👍' ? 'up' : base === '👎' ? 'down' : undefined;
}

/** Every custom_id in a message's components (API JSON), however deeply nested. */
export function customIds(components: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) for (const n of node) walk(n);
    else if (typeof node === 'object' && node !== null) {
      const o = node as Record<string, unknown>;
      if (typeof o.custom_id === 'string') out.push(o.custom_id);
      if (o.components !== undefined) walk(o.components);
    }
  };
  walk(components);
  return out;
}

/**
 * A 👍/👎 reaction on a reply votes on every song–film pair that reply shows; the pairs come from
 * its vote buttons, so a reply from before a restart still counts. The buttons vote on one film.
 */
export function reactionVotes(
  ids: readonly string[],
  emoji: string | null | undefined,
  userId: string,
): VoteEvent[] {
  const value = reactionValue(emoji);
  if (!value) return [];
  const seen = new Set<string>();
  const votes: VoteEvent[] = [];
  for (const id of ids) {
    const a = parseCustomId(id);
    if (a?.kind !== 'vote') continue;
    const key = `${a.trackId}|${a.tmdbId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    votes.push({ platform: 'discord', userId, trackId: a.trackId, tmdbId: a.tmdbId, value });
  }
  return votes;
}
