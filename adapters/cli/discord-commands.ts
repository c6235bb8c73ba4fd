import type { Command } from 'commander';
import type { Config } from '../../src/config.js';
import { printJson } from './output.js';

/** `music2movie discord register [--guild ID] [--dry-run]`. */
export function registerDiscordCommands(program: Command, getConfig: () => Config): void {
  const discord = program.command('discord').description('Discord bot set-up');
  discord
    .command('register')
    .description('Register /movie-for, /songs-for and /movie-help with Discord (replaces the existing set)')
    .option(
      '--guild <id>',
      'register in one server, where it shows at once (default DISCORD_GUILD_ID; none: global)',
    )
    .option('--dry-run', 'print the command JSON instead of sending it')
    .option('--json', 'print JSON')
    .action(async (o: { guild?: string; dryRun?: boolean; json?: boolean }) => {
      // discord.js loads on demand: its import replaces the process-wide fetch dispatcher.
      const { discordCommandSet, registerDiscordCommandSet } = await import('../discord/index.js');
      if (o.dryRun) return printJson(discordCommandSet());
      const c = getConfig().discord;
      const r = await registerDiscordCommandSet({
        token: c.token,
        applicationId: c.applicationId,
        guildId: o.guild ?? c.guildId,
        apiUrl: c.apiUrl,
      });
      if (o.json) return printJson(r);
      process.stdout.write(
        `Registered ${r.commands.map((n) => `/${n}`).join(', ')} ${r.scope === 'guild' ? `in server ${o.guild ?? c.guildId}` : 'globally'}.\n`,
      );
    });
}
