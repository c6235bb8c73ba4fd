import type { App } from '@slack/bolt';
import { HELP_TEXT } from '../../commands/help.js';
import { MOVIE_FOR, movieForCommand } from '../../commands/movie-for.js';
import { SONGS_FOR, songsForCommand } from '../../commands/songs-for.js';
import type { MovieCandidate, Outcome, Recommendation } from '../../src/engine/engine.js';
import { movieCandidatesMessage, notice, pickerModal, songsMessage } from './blocks.js';
import type { Respond, SlackContext } from './context.js';
import { deliverRecommendation, ephemeral, postAnswer, type Where } from './deliver.js';
import { mrkdwnEscape, parseMovieText, parseSlackSongText } from './text.js';

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
  const p = parseSlackSongText(text);
  const first = run({ song: p.song, artist: p.artist });
  if (first.ok || !p.artist || first.error.code !== 'SONG_NOT_FOUND') return first;
  const whole = run({ song: p.whole });
  return whole.ok || whole.error.code === 'SONG_AMBIGUOUS' ? whole : first;
}

/** What a slash command handler gets from Bolt that the shared checks need. */
interface SlashCommand {
  command: { text: string; team_id: string; user_id: string; channel_id: string; trigger_id: string };
  ack: (response?: ReturnType<typeof privately>) => Promise<void>;
}

/**
 * The checks every slash command shares, answered inside Slack's 3-second window: help, length,
 * the per-user cooldown. Returns false when the request was already answered. (An empty /movie-for
 * opens the picker instead, so only /songs-for treats empty text as a call for help.)
 */
async function admit(
  ctx: SlackContext,
  { command, ack }: SlashCommand,
  what: 'song' | 'film',
  help: { text: string; whenEmpty: boolean },
): Promise<boolean> {
  const text = command.text.trim();
  if (/^(help|\?)$/i.test(text) || (help.whenEmpty && !text)) {
    await ack(privately(help.text));
    return false;
  }
  if (text.length > MAX_COMMAND_TEXT) {
    await ack(
      privately(`That is too long for a ${what} title: keep it under ${MAX_COMMAND_TEXT} characters.`),
    );
    return false;
  }
  const wait = await ctx.cooldown.take(`slack:${command.team_id}:${command.user_id}`);
  if (wait > 0) {
    await ack(privately(`One at a time: try again in ${wait} s.`));
    return false;
  }
  await ack();
  await afterAcks();
  return true;
}

function where(c: SlashCommand['command'], respond: unknown, client: App['client']): Where {
  return { client, channel: c.channel_id, respond: respond as Respond, userId: c.user_id, teamId: c.team_id };
}

export function registerCommands(app: App, ctx: SlackContext): void {
  app.command(`/${MOVIE_FOR.name}`, async (args) => {
    const { command, respond, client } = args;
    if (!(await admit(ctx, args as SlashCommand, 'song', { text: SLACK_HELP, whenEmpty: false }))) return;
    const text = command.text.trim();
    if (!text) {
      await client.views.open({ trigger_id: command.trigger_id, view: pickerModal(command.channel_id) });
      return;
    }
    await deliverRecommendation(ctx, where(command, respond, client), runMovieFor(ctx, text), { k: 5 });
  });

  app.command(`/${SONGS_FOR.name}`, async (args) => {
    const { command, respond, client } = args;
    if (
      !(await admit(ctx, args as SlashCommand, 'film', {
        text: 'Usage: `/songs-for <movie> [(year)]`',
        whenEmpty: true,
      }))
    )
      return;
    const w = where(command, respond, client);
    await deliverSongsFor(ctx, w, songsForCommand(ctx.engine).run(parseMovieText(command.text.trim())));
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
