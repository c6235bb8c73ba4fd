/** What a reaction on one of our answers needs: the song and the films it showed, best first. */
export interface PostedAnswer {
  trackId: string;
  tmdbIds: number[];
  /** Each user's current thumbs on this message, so a removal can fall back to the other thumb. */
  thumbs: Map<string, Set<'up' | 'down'>>;
}

/**
 * The answers this process posted, by (channel, ts), least recently used first out. Bounded: a
 * reaction on an answer older than the last `max` is ignored. A shared store (Redis, issue 9)
 * replaces this so every replica sees every answer.
 */
export class PostedAnswers {
  private readonly byKey = new Map<string, PostedAnswer>();
  constructor(
    private readonly max = 10_000,
    private readonly maxUsersPerAnswer = 500,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  remember(channel: string, ts: string, trackId: string, tmdbIds: readonly number[]): void {
    const key = `${channel}|${ts}`;
    this.byKey.delete(key);
    this.byKey.set(key, { trackId, tmdbIds: [...tmdbIds], thumbs: new Map() });
    while (this.byKey.size > this.max) {
      const oldest = this.byKey.keys().next().value;
      if (oldest === undefined) break;
      this.byKey.delete(oldest);
    }
  }

  find(channel: string, ts: string): PostedAnswer | undefined {
    const key = `${channel}|${ts}`;
    const hit = this.byKey.get(key);
    if (hit) {
      this.byKey.delete(key);
      this.byKey.set(key, hit);
    }
    return hit;
  }

  /**
   * Applies a thumb added or removed by a user and returns the label it leaves: the thumb just
   * added, the one still held after a removal, or undefined when none is left.
   */
  react(
    answer: PostedAnswer,
    userId: string,
    thumb: 'up' | 'down',
    added: boolean,
  ): 'up' | 'down' | undefined {
    let held = answer.thumbs.get(userId);
    if (!held) {
      if (!added) return undefined;
      if (answer.thumbs.size >= this.maxUsersPerAnswer) {
        const first = answer.thumbs.keys().next().value;
        if (first !== undefined) answer.thumbs.delete(first);
      }
      held = new Set();
      answer.thumbs.set(userId, held);
    }
    if (added) {
      held.add(thumb);
      return thumb;
    }
    held.delete(thumb);
    const left = [...held][0];
    if (left === undefined) answer.thumbs.delete(userId);
    return left;
  }
}
