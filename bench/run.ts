/**
 * `npm run bench`: every benchmark, each in its own process so memory figures do not mix.
 * `npm run bench -- engine vector` runs only those.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ALL = ['ingest', 'vector', 'engine', 'posters', 'discord', 'slack'] as const;
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = wanted.length > 0 ? ALL.filter((b) => wanted.includes(b)) : [...ALL];
let failed = 0;
for (const name of chosen) {
  const script = fileURLToPath(new URL(`./${name}.js`, import.meta.url));
  console.log(`\n=== ${name} ===`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--expose-gc', script], { stdio: 'inherit' });
  console.log(`(${name}: ${((performance.now() - started) / 1000).toFixed(0)} s, exit ${r.status})`);
  if (r.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
