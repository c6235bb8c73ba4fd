import type { App, BlockAction } from '@slack/bolt';
import { movieForCommand } from '../../commands/movie-for.js';
import { detailsMessage, EXPIRED_TEXT, LIMITS, notice } from './blocks.js';
import { deliverSongsFor } from './commands.js';
import type { Respond, SlackContext } from './context.js';
import { deliverRecommendation, ephemeral, type Where } from './deliver.js';
import { clip, mrkdwnEscape } from './text.js';
import { type ActionValue, decodeValue, encodeValue } from './values.js';

const PAGE_SIZE = 5;

function rawValue(action: BlockAction['actions'][number]): unknown {
  if ('value' in action) return action.value;
  if ('selected_option' in action) return action.selected_option?.value;
  return undefined;
}

/** True when the song and film a button names are still in the index (an index rebuild expires buttons). */
function stillKnown(ctx: SlackContext, v: ActionValue): boolean {
  if ('trackId' in v && !ctx.engine.resolveSong({ trackId: v.trackId }).ok) return false;
  if ('tmdbId' in v && !ctx.movie(v.tmdbId)) return false;
  return true;
}

export function registerInteractions(app: App, ctx: SlackContext): void {
  // Every button and the home-tab picker: one handler; the value, not the action_id, says what to do.
  app.action<BlockAction>(/^m2m_/, async ({ action, body, ack, respond, client }) => {
    await ack();
    const userId = body.user.id;
    const channel = body.channel?.id ?? (body.view?.type === 'home' ? userId : undefined);
    const w: Where = {
      client,
      channel,
      respond: body.response_url ? (respond as Respond) : undefined,
      userId,
      teamId: body.team?.id,
    };
    const v = decodeValue(rawValue(action));
    if (!v || !stillKnown(ctx, v)) {
      if (w.respond) return ephemeral(w, notice(EXPIRED_TEXT));
      return;
    }
    switch (v.verb) {
      case 'vote': {
        await ctx.feedback.vote({
          platform: 'slack',
          userId,
          trackId: v.trackId,
          tmdbId: v.tmdbId,
          value: v.value,
        });
        const title = ctx.movie(v.tmdbId)?.title ?? 'that film';
        return ephemeral(
          w,
          notice(
            `${v.value === 'up' ? '👍' : '👎'} noted for *${mrkdwnEscape(title)}*. Thanks, it helps the next pick.`,
          ),
        );
      }
      case 'details': {
        const m = ctx.movie(v.tmdbId);
        return m ? ephemeral(w, detailsMessage(m, ctx.posterUrl(m))) : undefined;
      }
      case 'more': {
        const outcome = movieForCommand(ctx.engine).run({
          trackId: v.trackId,
          page: v.page,
          count: PAGE_SIZE,
        });
        return deliverRecommendation(ctx, w, outcome, { page: v.page, k: PAGE_SIZE, privately: true });
      }
      case 'pick': {
        const outcome = movieForCommand(ctx.engine).run({ trackId: v.trackId, count: PAGE_SIZE });
        await deliverRecommendation(ctx, w, outcome, { k: PAGE_SIZE });
        // A pick from the ephemeral candidate list replaces that list.
        if (w.respond && body.container?.is_ephemeral) await w.respond({ delete_original: true });
        return;
      }
      case 'movie': {
        const m = ctx.movie(v.tmdbId);
        if (!m) return;
        await deliverSongsFor(
          ctx,
          w,
          ctx.engine.songsFor(m.title, { k: PAGE_SIZE, year: m.year ?? undefined }),
        );
        if (w.respond && body.container?.is_ephemeral) await w.respond({ delete_original: true });
        return;
      }
    }
  });

  // The song picker's options: the engine's autocomplete, as pick values.
  app.options('m2m_song_search', async ({ options, ack }) => {
    const query = typeof options.value === 'string' ? options.value.slice(0, 100) : '';
    const songs = ctx.engine.autocomplete(query, undefined, 25);
    await ack({
      options: songs.map((s) => ({
        text: {
          type: 'plain_text' as const,
          text: clip(`${s.trackName} — ${s.artists.join(', ')}`, LIMITS.optionText),
        },
        value: encodeValue({ verb: 'pick', trackId: s.trackId }),
      })),
    });
  });

  // The picker modal: answer in the channel it was opened from, else in the app's DM.
  app.view('m2m_picker', async ({ ack, view, body, client }) => {
    const v = decodeValue(view.state.values.song?.m2m_song_search?.selected_option?.value);
    if (v?.verb !== 'pick') {
      await ack({ response_action: 'errors', errors: { song: 'Pick a song from the list.' } });
      return;
    }
    await ack();
    const userId = body.user.id;
    const channel = /^[A-Z0-9]{5,24}$/.test(view.private_metadata) ? view.private_metadata : userId;
    const outcome = movieForCommand(ctx.engine).run({ trackId: v.trackId, count: PAGE_SIZE });
    await deliverRecommendation(
      ctx,
      { client, channel, userId, teamId: body.team?.id ?? undefined },
      outcome,
      {
        k: PAGE_SIZE,
      },
    );
  });
}
