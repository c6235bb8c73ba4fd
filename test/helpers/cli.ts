import { vi } from 'vitest';
import { runCli } from '../../adapters/cli/program.js';

export const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;

/** Runs the CLI in-process and captures what it prints. */
export async function cli(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out += String(c);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err += String(c);
    return true;
  });
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    const code = await runCli(['node', 'music2movie', ...args], { LOG_LEVEL: 'silent', ...env });
    return { code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = before;
  }
}
