import type { webApi } from '@slack/bolt';
import type { MovieRecord } from '../../src/engine/catalog.js';
import type { Engine } from '../../src/engine/engine.js';
import type { FeedbackPort } from '../../src/feedback/port.js';
import type { Logger } from '../../src/logger.js';
import type { CooldownPort } from '../../src/safety/cooldown.js';
import type { SeenIdsPort } from '../../src/safety/seen-ids.js';
import type { SlackMessage } from './blocks.js';
import type { PostedAnswersPort } from './message-index.js';

/** What every Slack listener works with; built once per app. */
export interface SlackContext {
  engine: Engine;
  feedback: FeedbackPort;
  logger: Logger;
  cooldown: CooldownPort;
  /** Event ids already handled (Slack retries the same event_id). */
  seenEvents: SeenIdsPort;
  answers: PostedAnswersPort;
  /** The film a tmdb id names, or undefined when the index no longer has it. */
  movie(tmdbId: number): MovieRecord | undefined;
  posterUrl(m: MovieRecord): string | null;
}

export type WebClient = webApi.WebClient;

/** A response_url reply (what Bolt's `respond` posts). */
export interface ResponseBody extends Partial<SlackMessage> {
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
  delete_original?: boolean;
}

export type Respond = (body: ResponseBody) => Promise<unknown>;

/** Films by tmdb id, built on first use. */
export function movieLookup(engine: Engine): (tmdbId: number) => MovieRecord | undefined {
  return (id) => {
    const i = engine.movieByTmdbId(id);
    return i === undefined ? undefined : engine.catalog.movies.at(i);
  };
}
