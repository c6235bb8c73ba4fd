/** Where a recommendation was shown or voted on. */
export type Platform = 'discord' | 'slack' | 'web' | 'cli';

/** Films shown for a song to a user: the denominator of precision and the base of coverage. */
export interface ImpressionEvent {
  platform: Platform;
  /** The platform's raw user id; stores keep only a salted hash of it. */
  userId: string;
  trackId: string;
  tmdbIds: number[];
  /** The rank of tmdbIds[0] in the song's list: 1, or later for a "more like these" page. */
  firstRank?: number;
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

/** An impression as a store keeps it: the user id is a salted hash, the time is set. */
export interface StoredImpression {
  /** Unique per impression, fixed when it is recorded, so a retried write is harmless. */
  id: string;
  platform: Platform;
  userHash: string;
  trackId: string;
  /** In the order shown: index 0 has rank `firstRank` (1 when absent). */
  tmdbIds: number[];
  firstRank?: number;
  context?: string;
  at: number;
}

/** A vote as a store keeps it; one per (user, song, film): the latest replaces earlier ones. */
export interface StoredVote {
  platform: Platform;
  userHash: string;
  trackId: string;
  tmdbId: number;
  value: 'up' | 'down';
  at: number;
}

/** Writes lost because the queue overflowed while the store was down, recorded once it came back. */
export interface StoredLoss {
  id: string;
  dropped: number;
  at: number;
}

/** The read side of a feedback store, for reports, export and learning. `since` is epoch ms. */
export interface FeedbackReader {
  listImpressions(since?: number): Promise<StoredImpression[]>;
  listVotes(since?: number): Promise<StoredVote[]>;
  listLosses(since?: number): Promise<StoredLoss[]>;
}

/** What a store has done since it started; bots log it and health checks can show it. */
export interface FeedbackStats {
  /** Writes waiting for the store. */
  queued: number;
  written: number;
  /** Writes dropped because the queue was full (the oldest impressions go first, then votes). */
  dropped: number;
  failedAttempts: number;
  available: boolean;
}

/** A store both adapters (write side) and the CLI (read side) use. */
export interface FeedbackStore extends FeedbackPort, FeedbackReader {
  /** Waits until the queue is written or `timeoutMs` passes; resolves true when nothing is left. */
  flush(timeoutMs?: number): Promise<boolean>;
  stats(): FeedbackStats;
}
