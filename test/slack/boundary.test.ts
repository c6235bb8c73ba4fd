import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
const slackDir = join(root, 'adapters', 'slack');

/** Static imports of a file: [specifier, type-only?]. Dynamic `import()` is not followed. */
async function staticImports(file: string): Promise<Array<[string, boolean]>> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => [
    m[2] as string,
    Boolean(m[1]),
  ]);
}

describe('Slack adapter boundaries', () => {
  it('GIVEN the entry point app.ts imports THEN @slack/bolt is loaded only on demand (type imports only statically)', async () => {
    const seen = new Set<string>();
    const offenders: string[] = [];
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [spec, typeOnly] of await staticImports(file)) {
        if (spec.startsWith('@slack/') && !typeOnly) offenders.push(`${relative(root, file)} → ${spec}`);
        if (spec.startsWith('.') && !typeOnly) {
          const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
          if (target.startsWith(slackDir)) await visit(target);
        }
      }
    };
    await visit(join(slackDir, 'index.ts'));
    expect(offenders).toEqual([]);
  });

  it('GIVEN every Slack adapter file THEN none imports Discord or another adapter than the shared HTTP helpers', async () => {
    const offenders: string[] = [];
    for (const name of await readdir(slackDir)) {
      const file = join(slackDir, name);
      for (const [spec] of await staticImports(file)) {
        if (/discord/.test(spec) || /^\.\.\/(web|cli|store)\//.test(spec))
          offenders.push(`${name} → ${spec}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
