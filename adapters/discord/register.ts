import { DiscordAPIError, REST, Routes } from 'discord.js';
import { AppError } from '../../src/errors.js';
import { discordCommandSet } from './commands.js';

export interface RegisterOptions {
  token?: string;
  applicationId?: string;
  /** Register in one server (instant, for testing) instead of globally. */
  guildId?: string;
  apiUrl?: string;
}

/** PUTs the whole command set (replacing what was there) through discord.js's REST client. */
export async function registerDiscordCommandSet(
  o: RegisterOptions,
): Promise<{ scope: 'guild' | 'global'; commands: string[] }> {
  if (!o.token || !o.applicationId)
    throw new AppError(
      'CONFIG_INVALID',
      'Set DISCORD_TOKEN (Developer Portal → your app → Bot → Reset Token) and DISCORD_APPLICATION_ID (General Information → Application ID), then run this again.',
    );
  const rest = new REST({ version: '10', ...(o.apiUrl ? { api: o.apiUrl } : {}) }).setToken(o.token);
  const route = o.guildId
    ? Routes.applicationGuildCommands(o.applicationId, o.guildId)
    : Routes.applicationCommands(o.applicationId);
  try {
    const saved = (await rest.put(route, { body: discordCommandSet() })) as Array<{ name: string }>;
    return { scope: o.guildId ? 'guild' : 'global', commands: saved.map((c) => c.name) };
  } catch (e) {
    if (e instanceof DiscordAPIError && (e.status === 401 || e.status === 403))
      throw new AppError(
        'CONFIG_INVALID',
        `Discord refused the registration (${e.status}): check DISCORD_TOKEN and DISCORD_APPLICATION_ID${o.guildId ? ', and that the bot was added to that server with the applications.commands scope' : ''}.`,
        { cause: e },
      );
    throw new AppError('INTERNAL', `Could not register the commands with Discord: ${(e as Error).message}`, {
      cause: e,
    });
  } finally {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  }
}
