import { type RESTPostAPIChatInputApplicationCommandsJSONBody, SlashCommandBuilder } from 'discord.js';
import type { OptionDefinition } from '../../commands/definition.js';
import { MOVIE_FOR } from '../../commands/movie-for.js';
import { SONGS_FOR } from '../../commands/songs-for.js';

interface Definition {
  name: string;
  description: string;
  options: readonly OptionDefinition[];
}

/** /movie-help has no handler on the core: it shows HELP_TEXT from commands/help.ts. */
export const MOVIE_HELP: Definition = {
  name: 'movie-help',
  description: 'How to use music2movie',
  options: [],
};

/** Maps a platform-neutral command to Discord's JSON; the builders validate names, lengths and order. */
export function toDiscordCommand(def: Definition): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const b = new SlashCommandBuilder().setName(def.name).setDescription(def.description);
  for (const o of def.options) {
    const required = o.required ?? false;
    if (o.type === 'string')
      b.addStringOption((s) => {
        s.setName(o.name).setDescription(o.description).setRequired(required);
        if (o.autocomplete) s.setAutocomplete(true);
        if (o.choices) s.addChoices(...o.choices.map((c) => ({ name: c, value: c })));
        return s;
      });
    else if (o.type === 'integer')
      b.addIntegerOption((s) => {
        s.setName(o.name).setDescription(o.description).setRequired(required);
        if (o.min !== undefined) s.setMinValue(o.min);
        if (o.max !== undefined) s.setMaxValue(o.max);
        return s;
      });
    else b.addBooleanOption((s) => s.setName(o.name).setDescription(o.description).setRequired(required));
  }
  return b.toJSON();
}

/** The command set `music2movie discord register` PUTs. */
export function discordCommandSet(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  return [MOVIE_FOR, SONGS_FOR, MOVIE_HELP].map(toDiscordCommand);
}
