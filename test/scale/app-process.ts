import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { transpileForWorkers } from '../posters/transpile.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** One real `music2movie serve` process on a free loopback port, and the lines it logged. */
export interface AppProcess {
  url: string;
  logs: string[];
  child: ChildProcess;
  /** SIGTERM, then waits for the exit code (SIGKILL after `ms`). */
  stop(ms?: number): Promise<number | null>;
}

/** The CLI as plain JavaScript (what `tsc` would put in dist/, minus type checking), built once. */
export async function transpiledCli(): Promise<{ dir: string; main: string }> {
  const dir = await transpileForWorkers(ROOT, [join(ROOT, 'adapters/cli/main.ts')]);
  return { dir, main: join(dir, 'adapters/cli/main.js') };
}

/** Starts `node main.js serve` with PORT=0 and resolves with its URL once it listens. */
export async function startAppProcess(main: string, env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, [main, 'serve'], {
    env: { PATH: process.env.PATH ?? '', PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  let buffered = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start in 20 s:\n${logs.join('')}`)), 20_000);
    child.stdout?.on('data', (d) => logs.push(String(d)));
    child.stderr?.on('data', (d) => {
      buffered += String(d);
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        if (!line.includes('music2movie is listening')) continue;
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url.replace(/\/$/, ''));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code}:\n${logs.join('\n')}`));
    });
  });
  return {
    url,
    logs,
    child,
    stop: (ms = 10_000) =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
        const kill = setTimeout(() => child.kill('SIGKILL'), ms);
        child.once('exit', (code) => {
          clearTimeout(kill);
          resolve(code);
        });
        child.kill('SIGTERM');
      }),
  };
}
