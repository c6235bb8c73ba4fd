import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { type Config, loadConfig } from '../../src/config.js';
import { AppError } from '../../src/errors.js';
import { registerBuildCommand, registerServeCommand } from './build-commands.js';
import { registerDataCommands } from './data-commands.js';
import { registerDiscordCommands } from './discord-commands.js';
import { registerEngineCommands, registerInsightsCommand } from './engine-commands.js';
import { registerFeedbackCommands } from './feedback-commands.js';
import { EXIT, reportError } from './output.js';

export function intArg(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return n;
  };
}

export function rangeArg(value: string): [number, number] {
  const m = /^(\d+)\s*[-:,]\s*(\d+)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('expected a range such as 1990-2005');
  const range: [number, number] = [Number(m[1]), Number(m[2])];
  if (range[0] > range[1])
    throw new InvalidArgumentError(`the range ${value.trim()} runs backwards; give the earlier year first`);
  return range;
}

/** Runs the CLI and returns the exit code: 0 done, 1 user error, 2 internal error. */
export async function runCli(
  argv: readonly string[],
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  let config: Config | undefined;
  const getConfig = (): Config => {
    config ??= loadConfig(env);
    return config;
  };
  const program = new Command('music2movie')
    .description('Given a song, which movies share its mood?')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerDataCommands(program, getConfig);
  registerBuildCommand(program, getConfig);
  registerEngineCommands(program, getConfig);
  registerInsightsCommand(program, getConfig);
  registerServeCommand(program, getConfig);
  registerFeedbackCommands(program, getConfig);
  registerDiscordCommands(program, getConfig);
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0)
        return EXIT.ok;
      return EXIT.user;
    }
    return reportError(e instanceof AppError ? e : e, wantsJson);
  }
}
