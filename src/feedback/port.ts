/** Where a recommendation was shown or voted on. */
export type Platform = 'discord' | 'slack' | 'web' | 'cli';

/** Films shown for a song to a user: the denominator of precision and the base of coverage. */
export interface ImpressionEvent {
  platform: Platform;
  /** The platform's raw user id; stores keep only a salted hash of it. */
  userId: string;
  trackId: string;
  tmdbIds: number[];
  /** Guild/channel/workspace, message id: free-form context for reports. */
  context?: string;
  at?: number;
}

/** A thumbs-up or thumbs-down on one film for one song. A later vote on the same pair replaces it. */
export interface VoteEvent {
  platform: Platform;
  userId: string;
  trackId: string;
  tmdbId: number;
  value: 'up' | 'down';
  at?: number;
}

/**
 * The feedback port every adapter writes to. Implementations must not lose a vote: when their
 * backing store is down they queue and retry, and `close` flushes.
 */
export interface FeedbackPort {
  impression(e: ImpressionEvent): Promise<void>;
  vote(e: VoteEvent): Promise<void>;
  close(): Promise<void>;
}
