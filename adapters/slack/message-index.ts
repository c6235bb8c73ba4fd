/** What a reaction on one of our answers needs: the song and the films it showed, best first. */
export interface PostedAnswer {
  trackId: string;
  tmdbIds: number[];
}

/**
 * The answers this app posted, by (channel, ts), so a thumbs reaction becomes a vote on the top
 * film. In memory for one process; in Redis (issue 9) when REDIS_URL is set, so every replica sees
 * every answer and every user's thumbs.
 */
export interface PostedAnswersPort {
  remember(channel: string, ts: string, trackId: string, tmdbIds: readonly number[]): Promise<void>;
  find(channel: string, ts: string): Promise<PostedAnswer | undefined>;
  /**
   * Applies a thumb added or removed by a user on the answer at (channel, ts) and returns the label
   * it leaves: the thumb just added, the one still held after a removal, or undefined when none is
   * left (or the answer is unknown).
   */
  react(
    channel: string,
    ts: string,
    userId: string,
    thumb: 'up' | 'down',
    added: boolean,
  ): Promise<'up' | 'down' | undefined>;
}

interface Held extends PostedAnswer {
  /** Each user's current thumbs on this message, so a removal can fall back to the other thumb. */
  thumbs: Map<string, Set<'up' | 'down'>>;
}

/**
 * The answers this process posted, least recently used first out. Bounded: a reaction on an answer
 * older than the last `max` is ignored.
 */
export class PostedAnswers implements PostedAnswersPort {
  private readonly byKey = new Map<string, Held>();
  constructor(
    private readonly max = 10_000,
    private readonly maxUsersPerAnswer = 500,
  ) {}

  get size(): number {
    return this.byKey.size;
  }

  async remember(channel: string, ts: string, trackId: string, tmdbIds: readonly number[]): Promise<void> {
    const key = `${channel}|${ts}`;
    this.byKey.delete(key);
    this.byKey.set(key, { trackId, tmdbIds: [...tmdbIds], thumbs: new Map() });
    while (this.byKey.size > this.max) {
      const oldest = this.byKey.keys().next().value;
      if (oldest === undefined) break;
      this.byKey.delete(oldest);
    }
  }

  private touch(channel: string, ts: string): Held | undefined {
    const key = `${channel}|${ts}`;
    const hit = this.byKey.get(key);
    if (hit) {
      this.byKey.delete(key);
      this.byKey.set(key, hit);
    }
    return hit;
  }

  async find(channel: string, ts: string): Promise<PostedAnswer | undefined> {
    const hit = this.touch(channel, ts);
    return hit ? { trackId: hit.trackId, tmdbIds: [...hit.tmdbIds] } : undefined;
  }

  async react(
    channel: string,
    ts: string,
    userId: string,
    thumb: 'up' | 'down',
    added: boolean,
  ): Promise<'up' | 'down' | undefined> {
    const answer = this.touch(channel, ts);
    if (!answer) return undefined;
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
