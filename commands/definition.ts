/** A platform-neutral command: each adapter maps it to its own builders (Discord, Slack, web, CLI). */
export interface OptionDefinition {
  name: string;
  description: string;
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  autocomplete?: boolean;
  min?: number;
  max?: number;
  choices?: readonly string[];
}

export interface CommandDefinition<Args, Result> {
  name: string;
  description: string;
  options: readonly OptionDefinition[];
  run(args: Args): Result;
}
