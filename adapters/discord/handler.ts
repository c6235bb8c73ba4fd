import {
  type APIApplicationCommandOptionChoice,
  type APIInteractionResponse,
  InteractionResponseType,
  InteractionType,
  MessageFlags,
} from 'discord.js';
import { HELP_TEXT } from '../../commands/help.js';
import { MOVIE_FOR, type MovieForArgs, movieForCommand } from '../../commands/movie-for.js';
import { SONGS_FOR, type SongsForArgs, songsForCommand } from '../../commands/songs-for.js';
import type { MovieRecord } from '../../src/engine/catalog.js';
import type { Engine, MovieCandidate, Recommendation, SongRef } from '../../src/engine/engine.js';
import type { FeedbackPort } from '../../src/feedback/port.js';
import type { Logger } from '../../src/logger.js';
import type { CooldownPort } from '../../src/safety/cooldown.js';
import { MOVIE_HELP } from './commands.js';
import { type ButtonAction, isTrackId, parseCustomId, type View } from './custom-id.js';
import type { InFlight } from './in-flight.js';
import { focusedOption, readOptions } from './options.js';
import {
  candidatesMessage,
  MOVIE_VALUE,
  movieChoices,
  recommendationMessage,
  songChoices,
  songsForMessage,
  TRACK_VALUE,
  text,
  voteAck,
} from './render.js';
import type { FollowUp, InteractionIn, MessageData } from './types.js';

export interface DiscordHandlerOptions {
  engine: Engine;
  feedback: FeedbackPort;
  logger: Logger;
  cooldown: CooldownPort;
  inFlight: InFlight;
  /** Answer "thinking…" (and PATCH later) when the work is not done within this many ms. */
  deferAfterMs?: number;
}

/** The response to send now and, when it was deferred, what to deliver once the work is done. */
export interface HandlerResult {
  response: APIInteractionResponse;
  later?: Promise<FollowUp>;
}

type Reply =
  | { kind: 'message'; data: MessageData; ephemeral: boolean }
  | { kind: 'update'; data: MessageData };
/** How a reply is deferred: a public or ephemeral "thinking…", or a silent update of the clicked message. */
type Mode = 'public' | 'ephemeral' | 'update';

const EXPIRED = 'This button has expired. Run `/movie-for` again for fresh results.';
const FAILED = 'Something went wrong on our side. Please try again in a moment.';
const DEFER = Symbol('defer');

function ephemeral(data: MessageData): Reply {
  return { kind: 'message', data, ephemeral: true };
}

/**
 * The one Discord handler both delivery modes call: it takes an interaction payload and returns the
 * interaction response (plus any follow-up). It renders; the engine (through commands/) decides.
 */
export class DiscordHandler {
  private readonly movieFor;
  private readonly songsFor;
  private readonly log: Logger;

  constructor(private readonly o: DiscordHandlerOptions) {
    this.movieFor = movieForCommand(o.engine);
    this.songsFor = songsForCommand(o.engine);
    this.log = o.logger.child({ platform: 'discord' });
  }

  async handle(i: InteractionIn): Promise<HandlerResult> {
    switch (i.type) {
      case InteractionType.Ping:
        return { response: { type: InteractionResponseType.Pong } };
      case InteractionType.ApplicationCommandAutocomplete:
        return {
          response: {
            type: InteractionResponseType.ApplicationCommandAutocompleteResult,
            data: { choices: this.autocomplete(i) },
          },
        };
      case InteractionType.ApplicationCommand:
        return this.inTime(...this.command(i));
      case InteractionType.MessageComponent:
        return this.inTime(...this.component(i));
      default:
        return { response: toResponse(ephemeral(text('That kind of interaction is not supported.'))) };
    }
  }

  private command(i: InteractionIn): [Mode, Promise<Reply>] {
    const name = i.data?.name;
    switch (name) {
      case MOVIE_FOR.name:
        return ['public', this.guarded(i, true, () => this.movieForCommand(i))];
      case SONGS_FOR.name:
        return ['public', this.guarded(i, true, () => this.songsForCommand(i))];
      case MOVIE_HELP.name:
        return ['ephemeral', Promise.resolve(ephemeral(text(HELP_TEXT)))];
      default:
        return [
          'ephemeral',
          Promise.resolve(
            ephemeral(
              text(`I don't know \`/${String(name ?? '')}\`. Try \`/movie-help\` for what I can do.`),
            ),
          ),
        ];
    }
  }

  private component(i: InteractionIn): [Mode, Promise<Reply>] {
    const action = parseCustomId(i.data?.custom_id);
    if (!action) return ['ephemeral', Promise.resolve(ephemeral(text(EXPIRED)))];
    switch (action.kind) {
      case 'vote':
        return ['ephemeral', this.guarded(i, false, () => this.vote(i, action))];
      case 'details':
        return ['update', this.guarded(i, false, () => this.fromButton(i, action.view, 'update'))];
      case 'more':
        return ['ephemeral', this.guarded(i, true, () => this.fromButton(i, action.view, 'ephemeral'))];
      case 'pick':
        return ['public', this.guarded(i, true, () => this.fromButton(i, action.view, 'public'))];
    }
  }

  /** Runs work behind the per-user cooldown; never rejects (a failure becomes a readable reply). */
  private async guarded(
    i: InteractionIn,
    cooldown: boolean,
    work: () => Reply | Promise<Reply>,
  ): Promise<Reply> {
    try {
      if (cooldown) {
        const wait = await this.o.cooldown.take(`discord:${userId(i)}`);
        if (wait > 0) return ephemeral(text(`Easy there — try again in ${wait} s.`));
      }
      return await work();
    } catch (e) {
      this.log.error(
        { err: e instanceof Error ? e.message : String(e), interaction: i.id, command: i.data?.name },
        'interaction failed',
      );
      return ephemeral(text(FAILED));
    }
  }

  /** Answers at once when the work is quick; otherwise defers and hands the work back as a follow-up. */
  private async inTime(mode: Mode, work: Promise<Reply>): Promise<HandlerResult> {
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      work,
      new Promise<typeof DEFER>((r) => {
        timer = setTimeout(() => r(DEFER), this.o.deferAfterMs ?? 1500);
      }),
    ]);
    clearTimeout(timer);
    if (first !== DEFER) return { response: toResponse(first) };
    return { response: deferResponse(mode), later: work.then((r) => toFollowUp(r, mode)) };
  }

  private movieForCommand(i: InteractionIn): Reply {
    const read = readOptions(MOVIE_FOR.options, i.data?.options);
    if (!read.ok) return ephemeral(text(read.message));
    const a = read.values as { song: string } & Omit<MovieForArgs, 'song'>;
    const picked = a.song.startsWith(TRACK_VALUE) ? a.song.slice(TRACK_VALUE.length) : undefined;
    const ref: SongRef =
      picked && isTrackId(picked) ? { trackId: picked } : { song: a.song, artist: a.artist };
    const view = {
      page: 0,
      count: a.count ?? 5,
      excludeGenre: a.excludeGenre,
      familySafe: a.familySafe ?? false,
      details: true,
    };
    return this.recommend(i, ref, view, 'public');
  }

  /** A button carries its song and view; a song gone from the catalogue (index rebuilt) means it expired. */
  private fromButton(i: InteractionIn, view: View, as: Mode): Reply {
    if (this.o.engine.songs.byId(view.trackId) === undefined) return ephemeral(text(EXPIRED));
    return this.recommend(i, { trackId: view.trackId }, view, as);
  }

  /** Runs /movie-for through commands/ and renders the films, or the candidates to choose from. */
  private recommend(i: InteractionIn, ref: SongRef, view: Omit<View, 'trackId'>, as: Mode): Reply {
    const r = this.movieFor.run({
      ...ref,
      count: view.count,
      page: view.page,
      excludeGenre: view.excludeGenre,
      familySafe: view.familySafe,
    });
    if (!r.ok) return ephemeral(candidatesMessage(r.error.message, r.error.candidates ?? [], view));
    const trackId = r.value.songs[0]?.trackId ?? '';
    const data = recommendationMessage(r.value, { ...view, trackId });
    if (as === 'update') return { kind: 'update', data };
    this.recordImpression(i, trackId, r.value);
    return { kind: 'message', data, ephemeral: as === 'ephemeral' };
  }

  private songsForCommand(i: InteractionIn): Reply {
    const read = readOptions(SONGS_FOR.options, i.data?.options);
    if (!read.ok) return ephemeral(text(read.message));
    const a = read.values as { movie: string } & Omit<SongsForArgs, 'movie'>;
    let args: SongsForArgs = { movie: a.movie, year: a.year, count: a.count };
    if (a.movie.startsWith(MOVIE_VALUE)) {
      const m = this.movie(Number(a.movie.slice(MOVIE_VALUE.length)));
      if (m) args = { movie: m.title, year: m.year ?? undefined, count: a.count };
    }
    const r = this.songsFor.run(args);
    if (!r.ok) return ephemeral(candidatesMessage(r.error.message, r.error.candidates ?? []));
    return { kind: 'message', data: songsForMessage(r.value), ephemeral: false };
  }

  private async vote(i: InteractionIn, a: Extract<ButtonAction, { kind: 'vote' }>): Promise<Reply> {
    const movie = this.movie(a.tmdbId);
    if (!movie || this.o.engine.songs.byId(a.trackId) === undefined) return ephemeral(text(EXPIRED));
    try {
      await this.o.feedback.vote({
        platform: 'discord',
        userId: userId(i),
        trackId: a.trackId,
        tmdbId: a.tmdbId,
        value: a.value,
      });
    } catch (e) {
      this.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'vote not stored');
      return ephemeral(text('Your vote could not be saved just now. Please try again in a moment.'));
    }
    return ephemeral(voteAck(a.value, movie.title, movie.year));
  }

  private autocomplete(i: InteractionIn): APIApplicationCommandOptionChoice[] {
    try {
      const focused = focusedOption(i.data?.options);
      const typed = typeof focused?.value === 'string' ? focused.value : '';
      if (i.data?.name === MOVIE_FOR.name && focused?.name === 'song')
        return songChoices(this.o.engine.autocomplete(typed, undefined, 25));
      if (i.data?.name === SONGS_FOR.name && focused?.name === 'movie')
        return movieChoices(this.movieHits(typed));
      return [];
    } catch (e) {
      this.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'autocomplete failed');
      return [];
    }
  }

  /** Films for a partly typed title: the engine's exact match, else its closest titles. */
  private movieHits(typed: string): MovieCandidate[] {
    if (typed.trim() === '') return [];
    const r = this.o.engine.findMovie(typed);
    if (!r.ok) return (r.error.candidates ?? []).filter((c): c is MovieCandidate => 'tmdbId' in c);
    const m = this.o.engine.catalog.movies.at(r.value);
    return m ? [{ tmdbId: m.id, title: m.title, year: m.year, genres: m.genres }] : [];
  }

  private movie(tmdbId: number): MovieRecord | undefined {
    const i = this.o.engine.movieByTmdbId(tmdbId);
    return i === undefined ? undefined : this.o.engine.catalog.movies.at(i);
  }

  private recordImpression(i: InteractionIn, trackId: string, rec: Recommendation): void {
    const context = [i.guild_id && `guild:${i.guild_id}`, i.channel_id && `channel:${i.channel_id}`]
      .filter(Boolean)
      .join('/');
    this.o.inFlight.track(
      this.o.feedback
        .impression({
          platform: 'discord',
          userId: userId(i),
          trackId,
          tmdbIds: rec.movies.map((m) => m.tmdbId),
          firstRank: rec.movies[0]?.rank,
          context: context || undefined,
        })
        .catch((e: unknown) =>
          this.log.warn({ err: e instanceof Error ? e.message : String(e) }, 'impression not stored'),
        ),
    );
  }
}

function userId(i: InteractionIn): string {
  return i.member?.user.id ?? i.user?.id ?? 'unknown';
}

function toResponse(r: Reply): APIInteractionResponse {
  if (r.kind === 'update') return { type: InteractionResponseType.UpdateMessage, data: r.data };
  return {
    type: InteractionResponseType.ChannelMessageWithSource,
    data: r.ephemeral ? { ...r.data, flags: MessageFlags.Ephemeral } : r.data,
  };
}

function deferResponse(mode: Mode): APIInteractionResponse {
  if (mode === 'update') return { type: InteractionResponseType.DeferredMessageUpdate };
  if (mode === 'ephemeral')
    return {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: MessageFlags.Ephemeral },
    };
  return { type: InteractionResponseType.DeferredChannelMessageWithSource };
}

function toFollowUp(r: Reply, mode: Mode): FollowUp {
  const { content, embeds, components, allowed_mentions } = r.data;
  const body = { content, embeds, components, allowed_mentions };
  if (r.kind === 'update') return { kind: 'edit', body };
  // A message after a deferred update (an error, a cooldown) must not overwrite the clicked message.
  if (mode === 'update') return { kind: 'followup', body: r.data };
  if (mode === 'public' && r.ephemeral) return { kind: 'replace', body: r.data };
  return { kind: 'edit', body };
}
