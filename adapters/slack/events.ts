import type { App } from '@slack/bolt';
import { homeView } from './blocks.js';
import type { SlackContext } from './context.js';

/** Slack's names for the thumbs, with or without a skin tone (`+1::skin-tone-3`). */
const UP = new Set(['+1', 'thumbsup']);
const DOWN = new Set(['-1', 'thumbsdown']);

export function thumbOf(reaction: string): 'up' | 'down' | undefined {
  const name = reaction.split('::')[0] ?? '';
  return UP.has(name) ? 'up' : DOWN.has(name) ? 'down' : undefined;
}

/**
 * Events: retries are dropped by event id (Slack re-sends the same event_id with X-Slack-Retry-Num
 * when an answer is slow); a thumbs reaction on one of our answers is a vote on its top film.
 */
export function registerEvents(app: App, ctx: SlackContext): void {
  app.use(async ({ body, next }) => {
    const id = (body as { event_id?: unknown }).event_id;
    if (typeof id === 'string' && !(await ctx.seenEvents.firstSeen(`slack:event:${id}`))) {
      ctx.logger.debug({ eventId: id }, 'duplicate slack event dropped');
      return;
    }
    await next();
  });

  const onReaction = async (
    added: boolean,
    e: { user: string; reaction: string; item: { type: string } },
  ) => {
    const thumb = thumbOf(e.reaction);
    if (!thumb || e.item.type !== 'message') return;
    const item = e.item as { channel?: unknown; ts?: unknown };
    if (typeof item.channel !== 'string' || typeof item.ts !== 'string') return;
    const answer = await ctx.answers.find(item.channel, item.ts);
    const top = answer?.tmdbIds[0];
    if (!answer || top === undefined) return;
    const value = await ctx.answers.react(item.channel, item.ts, e.user, thumb, added);
    // No thumb left: the port keeps the last vote (it has no "withdraw"); see the README.
    if (!value) return;
    await ctx.feedback.vote({
      platform: 'slack',
      userId: e.user,
      trackId: answer.trackId,
      tmdbId: top,
      value,
    });
  };
  app.event('reaction_added', async ({ event }) => onReaction(true, event));
  app.event('reaction_removed', async ({ event }) => onReaction(false, event));

  app.event('app_home_opened', async ({ event, client }) => {
    if (event.tab !== 'home') return;
    await client.views.publish({ user_id: event.user, view: homeView() });
  });
}
