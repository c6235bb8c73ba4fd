import type { FeedbackPort, ImpressionEvent, VoteEvent } from './port.js';

/** In-process feedback for tests and for running without a store; keeps everything in arrays. */
export class InMemoryFeedback implements FeedbackPort {
  readonly impressions: ImpressionEvent[] = [];
  readonly votes = new Map<string, VoteEvent>();

  async impression(e: ImpressionEvent): Promise<void> {
    this.impressions.push({ ...e, at: e.at ?? Date.now() });
  }

  async vote(e: VoteEvent): Promise<void> {
    this.votes.set(`${e.platform}|${e.userId}|${e.trackId}|${e.tmdbId}`, { ...e, at: e.at ?? Date.now() });
  }

  async close(): Promise<void> {}
}
