import type {
  APIInteractionResponseCallbackData,
  InteractionType,
  RESTPatchAPIWebhookWithTokenMessageJSONBody,
} from 'discord.js';

/** One option of a slash command or autocomplete payload (`data.options[]`). */
export interface OptionIn {
  name: string;
  type: number;
  value?: unknown;
  focused?: boolean;
}

/**
 * The part of discord-api-types' `APIInteraction` the handler reads. The HTTP endpoint passes the
 * parsed body; gateway mode builds it from discord.js's interaction object.
 */
export interface InteractionIn {
  id: string;
  type: InteractionType;
  token: string;
  application_id: string;
  guild_id?: string;
  channel_id?: string;
  member?: { user: { id: string } };
  user?: { id: string };
  data?: {
    name?: string;
    options?: readonly OptionIn[];
    custom_id?: string;
    component_type?: number;
  };
  message?: { id: string };
}

/** What goes into a message: content, embeds, components, flags, allowed mentions. */
export type MessageData = APIInteractionResponseCallbackData;

/** Work that finished after the response was deferred, and how to deliver it. */
export type FollowUp =
  /** PATCH the original (deferred) response into this message. */
  | { kind: 'edit'; body: RESTPatchAPIWebhookWithTokenMessageJSONBody }
  /** Send an ephemeral follow-up message; the original stays as it is. */
  | { kind: 'followup'; body: MessageData }
  /** Delete the deferred public response and send this ephemerally instead (an error after a public defer). */
  | { kind: 'replace'; body: MessageData };
