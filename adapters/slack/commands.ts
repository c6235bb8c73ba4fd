import type { App } from '@slack/bolt';
import { HELP_TEXT } from '../../commands/help.js';
import { MOVIE_FOR, movieForCommand } from '../../commands/movie-for.js';
import { SONGS_FOR, songsForCommand } from '../../commands/songs-for.js';
import type { MovieCandidate, Outcome, Recommendation } from '../../src/engine/engine.js';
import { movieCandidatesMessage, notice, pickerModal, songsMessage } from './blocks.js';
import type { Respond, SlackContext } from './context.js';
import { deliverRecommendation, ephemeral, postAnswer, type Where } from './deliver.js';
import { mrkdwnEscape, parseMovieText, parseSongText } from './text.js';

/** Longest command text we look at; Slack allows 4,000 but no title is that long. */
export const MAX_COMMAND_TEXT = 300;

/** The shared help text, with Markdown bold turned into Slack's. */
const SLACK_HELP = HELP_TEXT.replace(/\*\*(.+?)\*\*/g, '*$1*')
  .replace(
    '`/movie-for song:<title> [artist] [count] [exclude-genre] [family-safe]`',
    '`/movie-for <song> [by <artist>]`',
  )
  .replace('`/songs-for movie:<title>`', '`/songs-for <movie> [(year)]`');

/**
 * Lets the event loop read and acknowledge requests already waiting before this one's answer is
 * computed and posted: under load, acks (Slack's 3-second deadline) go first.
 */
const afterAcks = () => new Promise<void>((resolve) => setImmediate(resolve));

const privately = (text: string) => ({ response_type: 'ephemeral' as const, text });

/** /movie-for <song> [by <artist>]: "by" splits on its last occurrence; a title containing " by " still resolves. */
export function runMovieFor(ctx: SlackContext, text: string): Outcome<Recommendation> {
  const run = movieForCommand(ctx.engine).run;
  const p = parseSongText(text);
  const first = run({ song: p.song, artist: p.artist });
  if (first.ok || !p.artist || first.error.code !== 'SONG_NOT_FOUND') return first;
  const whole = run({ song: p.whole });
  return whole.ok || whole.error.code === 'SONG_AMBIGUOUS' ? whole : first;
}

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(`/${MOVIE_FOR.name}`, async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    if (/^(help|\?)$/i.test(text)) return ack(privately(SLACK_HELP));
    if (text.length > MAX_COMMAND_TEXT)
      return ack(
        privately(`That is too long for a song title: keep it under ${MAX_COMMAND_TEXT} characters.`),
      );
    const wait = await ctx.cooldown.take(`slack:${command.team_id}:${command.user_id}`);
    if (wait > 0) return ack(privately(`One at a time: try again in ${wait} s.`));
    await ack();
    await afterAcks();
    if (!text) {
      await client.views.open({ trigger_id: command.trigger_id, view: pickerModal(command.channel_id) });
      return;
    }
    const w: Where = {
      client,
      channel: command.channel_id,
      respond: respond as Respond,
      userId: command.user_id,
      teamId: command.team_id,
    };
    await deliverRecommendation(ctx, w, runMovieFor(ctx, text), { k: 5 });
  });

  app.command(`/${SONGS_FOR.name}`, async ({ command, ack, respond, client }) => {
    const text = command.text.trim();
    if (!text || /^(help|\?)$/i.test(text)) return ack(privately('Usage: `/songs-for <movie> [(year)]`'));
    if (text.length > MAX_COMMAND_TEXT)
      return ack(
        privately(`That is too long for a film title: keep it under ${MAX_COMMAND_TEXT} characters.`),
      );
    const wait = await ctx.cooldown.take(`slack:${command.team_id}:${command.user_id}`);
    if (wait > 0) return ack(privately(`One at a time: try again in ${wait} s.`));
    await ack();
    await afterAcks();
    const w: Where = {
      client,
      channel: command.channel_id,
      respond: respond as Respond,
      userId: command.user_id,
      teamId: command.team_id,
    };
    await deliverSongsFor(ctx, w, songsForCommand(ctx.engine).run(parseMovieText(text)));
  });
}

export async function deliverSongsFor(
  ctx: SlackContext,
  w: Where,
  outcome: ReturnType<ReturnType<typeof songsForCommand>['run']>,
): Promise<void> {
  if (!outcome.ok) {
    const { code, message, candidates } = outcome.error;
    const films = code === 'MOVIE_AMBIGUOUS' || code === 'MOVIE_NOT_FOUND';
    return ephemeral(
      w,
      films && candidates?.length
        ? movieCandidatesMessage(message, candidates as MovieCandidate[])
        : notice(mrkdwnEscape(message)),
    );
  }
  await postAnswer(ctx, w, songsMessage(outcome.value));
}
