import {
  Client,
  Events,
  GatewayIntentBits,
  type Interaction,
  type MessageReaction,
  type PartialMessageReaction,
  Partials,
  type PartialUser,
  type User,
} from 'discord.js';
import type { FeedbackPort } from '../../src/feedback/port.js';
import type { Logger } from '../../src/logger.js';
import type { DiscordHandler } from './handler.js';
import type { InFlight } from './in-flight.js';
import { deliverFollowUp, sendCallback } from './outbox.js';
import { customIds, reactionValue, reactionVotes } from './reactions.js';
import type { InteractionIn } from './types.js';

/**
 * A gateway client with what the bot needs and nothing privileged: Guilds (commands in servers)
 * and GuildMessageReactions (👍/👎), with partials so reactions on messages sent before a restart
 * (not in the cache) still arrive.
 */
export function createGatewayClient(apiUrl?: string): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessageReactions],
    partials: [Partials.Message, Partials.Channel, Partials.Reaction, Partials.User],
    rest: apiUrl ? { api: apiUrl } : {},
  });
}

/** discord.js's interaction object back into the payload shape the shared handler reads. */
export function toInteractionIn(i: Interaction): InteractionIn {
  const base: InteractionIn = {
    id: i.id,
    type: i.type,
    token: i.token,
    application_id: i.applicationId,
    guild_id: i.guildId ?? undefined,
    channel_id: i.channelId ?? undefined,
    user: { id: i.user.id },
  };
  if (i.isChatInputCommand() || i.isAutocomplete())
    return {
      ...base,
      data: {
        name: i.commandName,
        options: i.options.data.map((o) => ({
          name: o.name,
          type: o.type,
          value: o.value,
          focused: o.focused,
        })),
      },
    };
  if (i.isMessageComponent())
    return {
      ...base,
      data: { custom_id: i.customId, component_type: i.componentType },
      message: { id: i.message.id },
    };
  return { ...base, data: {} };
}

export interface GatewayBinding {
  /** Stops taking new events and waits for replies in progress. */
  detach(): Promise<void>;
}

/** Wires a client to the handler: interactions through the same handler as HTTP, reactions to votes. */
export function bindGateway(
  client: Client,
  o: { handler: DiscordHandler; feedback: FeedbackPort; inFlight: InFlight; logger: Logger },
): GatewayBinding {
  const log = o.logger.child({ platform: 'discord', mode: 'gateway' });
  const failed = (what: string) => (e: unknown) =>
    log.error({ err: e instanceof Error ? e.message : String(e) }, `${what} failed`);
  let open = true;

  const onInteraction = (interaction: Interaction) => {
    if (!open) return;
    const p = toInteractionIn(interaction);
    o.inFlight.track(
      (async () => {
        const result = await o.handler.handle(p);
        await sendCallback(client.rest, p.id, p.token, result.response);
        if (result.later) await deliverFollowUp(client.rest, p.application_id, p.token, await result.later);
      })().catch(failed('interaction')),
    );
  };

  const onReaction = (reaction: MessageReaction | PartialMessageReaction, user: User | PartialUser) => {
    if (!open || user.bot || !reactionValue(reaction.emoji.name)) return;
    o.inFlight.track(
      (async () => {
        const message = reaction.message.partial ? await reaction.message.fetch() : reaction.message;
        if (!client.user || message.author.id !== client.user.id) return;
        const ids = customIds(message.components.map((c) => c.toJSON()));
        for (const vote of reactionVotes(ids, reaction.emoji.name, user.id)) await o.feedback.vote(vote);
      })().catch(failed('reaction vote')),
    );
  };

  client.on(Events.InteractionCreate, onInteraction);
  client.on(Events.MessageReactionAdd, onReaction);
  client.on(Events.Error, failed('gateway'));
  return {
    async detach() {
      open = false;
      client.off(Events.InteractionCreate, onInteraction);
      client.off(Events.MessageReactionAdd, onReaction);
      await o.inFlight.drain();
    },
  };
}
