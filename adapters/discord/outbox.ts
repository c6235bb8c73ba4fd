import { type APIInteractionResponse, MessageFlags, type REST, Routes } from 'discord.js';
import type { FollowUp } from './types.js';

/**
 * Sends an interaction response through Discord's REST API (gateway mode; the HTTP endpoint
 * answers in the HTTP response instead). The interaction token authorises it: no bot token.
 */
export async function sendCallback(
  rest: REST,
  interactionId: string,
  token: string,
  response: APIInteractionResponse,
): Promise<void> {
  await rest.post(Routes.interactionCallback(interactionId, token), { body: response, auth: false });
}

/** Delivers the work of a deferred response: edit the original, or send an ephemeral follow-up. */
export async function deliverFollowUp(
  rest: REST,
  applicationId: string,
  token: string,
  f: FollowUp,
): Promise<void> {
  const original = Routes.webhookMessage(applicationId, token, '@original');
  if (f.kind === 'edit') {
    await rest.patch(original, { body: f.body, auth: false });
    return;
  }
  if (f.kind === 'replace') await rest.delete(original, { auth: false });
  await rest.post(Routes.webhook(applicationId, token), {
    body: { ...f.body, flags: MessageFlags.Ephemeral },
    auth: false,
  });
}
