import type { Outcome, Recommendation } from '../../src/engine/engine.js';
import type { SongCandidate } from '../../src/engine/song-lookup.js';
import { notice, recommendationMessage, type SlackMessage, songCandidatesMessage } from './blocks.js';
import type { Respond, SlackContext, WebClient } from './context.js';
import { mrkdwnEscape } from './text.js';

export const METADATA_EVENT_TYPE = 'm2m_recommendation';

const EXPECTED_POST_ERRORS = new Set([
  'not_in_channel',
  'channel_not_found',
  'is_archived',
  'restricted_action',
]);

export interface Where {
  client: WebClient;
  /** Post here with chat.postMessage (tracked for reactions); falls back to `respond`. */
  channel?: string;
  respond?: Respond;
  userId: string;
  teamId?: string;
}

/**
 * Posts an answer in the channel as the bot, so reactions on it can be counted; where the bot may
 * not post (a private channel it is not in, a group DM) it answers through the response_url instead.
 */
export async function postAnswer(
  ctx: SlackContext,
  w: Where,
  message: SlackMessage,
  shown?: { trackId: string; tmdbIds: number[]; firstRank?: number },
): Promise<void> {
  let where: string | undefined;
  // Without a response_url to fall back on (modal, home tab), try the user's DM with the app next.
  const channels = [w.channel, w.respond ? undefined : w.userId].filter((c): c is string => Boolean(c));
  for (const target of new Set(channels)) {
    try {
      const r = await w.client.chat.postMessage({
        channel: target,
        text: message.text,
        blocks: message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        ...(shown
          ? {
              metadata: {
                event_type: METADATA_EVENT_TYPE,
                event_payload: { track_id: shown.trackId, tmdb_ids: shown.tmdbIds.join(',') },
              },
            }
          : {}),
      });
      if (r.ok && typeof r.ts === 'string') {
        const channel = typeof r.channel === 'string' ? r.channel : target;
        if (shown) await ctx.answers.remember(channel, r.ts, shown.trackId, shown.tmdbIds);
        where = `${channel}/${r.ts}`;
        break;
      }
    } catch (e) {
      const code = (e as { data?: { error?: unknown } }).data?.error;
      const err = typeof code === 'string' ? code : e instanceof Error ? e.message : String(e);
      // Expected where the bot is not a member; anything else (auth, rate limit, network) is worth a warning.
      if (typeof code === 'string' && EXPECTED_POST_ERRORS.has(code))
        ctx.logger.debug({ err, channel: target }, 'chat.postMessage refused; falling back');
      else ctx.logger.warn({ err, channel: target }, 'chat.postMessage failed; falling back');
    }
  }
  if (!where) {
    if (!w.respond) {
      ctx.logger.warn('no way to deliver a Slack answer (no channel access, no response_url)');
      return;
    }
    await w.respond({ response_type: 'in_channel', replace_original: false, ...message });
    where = `${w.channel ?? '-'}/response_url`;
  }
  if (shown && shown.tmdbIds.length > 0)
    await ctx.feedback.impression({
      platform: 'slack',
      userId: w.userId,
      trackId: shown.trackId,
      tmdbIds: shown.tmdbIds,
      firstRank: shown.firstRank,
      context: `${w.teamId ?? '-'}/${where}`,
    });
}

export async function ephemeral(w: Where, message: SlackMessage): Promise<void> {
  await w.respond?.({ response_type: 'ephemeral', replace_original: false, ...message });
}

/** Renders a /movie-for outcome: the answer in the channel, or an ephemeral with candidates or the reason. */
export async function deliverRecommendation(
  ctx: SlackContext,
  w: Where,
  outcome: Outcome<Recommendation>,
  o: { page?: number; k?: number; privately?: boolean } = {},
): Promise<void> {
  if (!outcome.ok) {
    const { code, message, candidates } = outcome.error;
    const pickable = code === 'SONG_AMBIGUOUS' || code === 'SONG_NOT_FOUND';
    return ephemeral(
      w,
      pickable
        ? songCandidatesMessage(message, (candidates ?? []) as SongCandidate[])
        : notice(mrkdwnEscape(message)),
    );
  }
  const rec = outcome.value;
  const message = recommendationMessage(rec, { userId: w.userId, page: o.page, k: o.k });
  const shown = {
    trackId: rec.songs[0]?.trackId ?? '',
    tmdbIds: rec.movies.map((m) => m.tmdbId),
    firstRank: rec.movies[0]?.rank,
  };
  if (o.privately) {
    await ephemeral(w, message);
    if (shown.tmdbIds.length > 0)
      await ctx.feedback.impression({
        platform: 'slack',
        userId: w.userId,
        trackId: shown.trackId,
        tmdbIds: shown.tmdbIds,
        firstRank: shown.firstRank,
        context: `${w.teamId ?? '-'}/${w.channel ?? '-'}/ephemeral`,
      });
    return;
  }
  await postAnswer(ctx, w, message, shown);
}
