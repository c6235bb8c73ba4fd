import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = join(import.meta.dirname, '..', '..', 'adapters', 'discord');

function imports(text: string): string[] {
  const statics = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]);
  const dynamics = [...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]);
  return [...statics, ...dynamics] as string[];
}

describe('Discord adapter boundaries', () => {
  it('GIVEN the adapter THEN it depends on the core, commands/ and the HTTP helpers, never on another adapter or the offline build', async () => {
    const offenders: string[] = [];
    for (const f of await readdir(dir)) {
      for (const i of imports(await readFile(join(dir, f), 'utf8'))) {
        const allowed =
          i === 'discord.js' ||
          i.startsWith('node:') ||
          i.startsWith('./') ||
          i.startsWith('../../src/') ||
          i.startsWith('../../commands/') ||
          i === '../http/route.js' ||
          i === '../app.js';
        if (!allowed) offenders.push(`${f} → ${i}`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it('GIVEN the adapter THEN it ranks nothing itself: engine values come in as types only', async () => {
    const offenders: string[] = [];
    for (const f of await readdir(dir)) {
      const text = await readFile(join(dir, f), 'utf8');
      for (const m of text.matchAll(/^import (type )?\{[^}]*\} from '(\.\.\/\.\.\/src\/engine\/[^']+)'/gm))
        if (!m[1]) offenders.push(`${f} → ${m[2]}`);
    }
    expect(offenders).toEqual([]);
  });
});
