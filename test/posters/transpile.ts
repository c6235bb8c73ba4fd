import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Worker threads cannot run .ts files, so to test the real worker path from vitest we transpile the
 * module graphs reachable from `entries` into a temporary folder that mirrors the project layout, with a
 * node_modules link so packages resolve. What `tsc` would put in dist/, minus type checking.
 */
export async function transpileForWorkers(projectRoot: string, entries: string[]): Promise<string> {
  const out = await mkdtemp(join(tmpdir(), 'posters-js-'));
  await symlink(join(projectRoot, 'node_modules'), join(out, 'node_modules'), 'dir');
  await writeFile(join(out, 'package.json'), '{ "type": "module" }\n');
  const seen = new Set<string>();
  const pending = entries.map((e) => resolve(e));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const source = await readFile(file, 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: {
        module: ts.ModuleKind.ESNext,
        target: ts.ScriptTarget.ES2022,
        verbatimModuleSyntax: true,
      },
      fileName: file,
    });
    const target = join(out, relative(projectRoot, file)).replace(/\.ts$/, '.js');
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, outputText);
    for (const m of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)\.js'/g)) {
      pending.push(resolve(dirname(file), `${m[1]}.ts`));
    }
  }
  return out;
}
