#!/usr/bin/env node
import { loadDotEnv } from './dot-env.js';
import { reportError } from './output.js';
import { runCli } from './program.js';

// `music2movie recommend … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

// Settings from ./.env (see .env.example); the shell's own variables take precedence.
try {
  loadDotEnv('.env', process.env);
  process.exitCode = await runCli(process.argv);
} catch (e) {
  process.exitCode = reportError(e, process.argv.includes('--json'));
}
