import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(join(root, dir), { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await sources(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

function imports(text: string): string[] {
  return [...text.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)].map((m) => m[1] as string);
}

describe('import boundaries', () => {
  it('GIVEN the core (src/) THEN it imports no chat platform, native index, store, image or ML library', async () => {
    const forbidden =
      /^(discord\.js|@discordjs\/|@slack\/|hnswlib-node|keyv|@keyv\/|sharp|@tensorflow\/|nsfwjs|better-sqlite3|redis|ioredis)/;
    const offenders: string[] = [];
    for (const f of await sources('src')) {
      for (const i of imports(await readFile(join(root, f), 'utf8')))
        if (forbidden.test(i)) offenders.push(`${relative(root, join(root, f))} → ${i}`);
    }
    expect(offenders).toEqual([]);
  });

  it('GIVEN the core and the commands THEN they never import adapters', async () => {
    const offenders: string[] = [];
    for (const f of [...(await sources('src')), ...(await sources('commands'))]) {
      for (const i of imports(await readFile(join(root, f), 'utf8')))
        if (i.includes('adapters/')) offenders.push(`${f} → ${i}`);
    }
    expect(offenders).toEqual([]);
  });

  it('GIVEN the core THEN it never reads process.env (config is parsed once, in src/config.ts)', async () => {
    const offenders: string[] = [];
    for (const f of await sources('src')) {
      if (f.endsWith('config.ts')) continue;
      const code = (await readFile(join(root, f), 'utf8'))
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      if (code.includes('process.env')) offenders.push(f);
    }
    expect(offenders).toEqual([]);
  });
});
