/**
 * Ingest benchmark. Part 1: throughput of ingestSpotify / ingestTmdb on the shared samples against a
 * plain csv-parse read of the same gunzipped bytes (the ceiling; target: ingest within 1.5x of it).
 * Part 2: a generated TMDb-shaped file of `rows` rows (default 1.1M, the full dataset's size) cleaned
 * with ingestTmdb(onMovie), timed, with the peak RSS of a fresh process, next to the same for a file
 * ten times smaller (targets: under 60 s, and peak memory that does not grow with the file).
 * Standalone: `npm run build && node dist/bench/ingest.js [rows]`.
 */
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createGunzip, gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { ingestSpotify } from '../src/data/spotify.js';
import { ingestTmdb } from '../src/data/tmdb.js';

export interface BenchIngestOptions {
  /** Rows of the generated TMDb file (default 1,100,000); a file a tenth the size is measured too. */
  rows?: number;
  /** Timed repetitions per file in part 1 (median reported, after one warm-up). */
  repeats?: number;
  /** Where the shared samples are (default `../shared/data` from the project root). */
  dataDir?: string;
}

type Figures = Record<string, number | string>;

const MB = 1024 * 1024;
const SPOTIFY_FILE = 'spotify_tracks_hf_sample10k.csv.gz';
const TMDB_FILE = 'tmdb_v11_top3000.csv.gz';

/** The project root: the nearest folder above this file holding package.json (works from bench/ and dist/bench/). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above bench/ingest');
    dir = up;
  }
  return dir;
}

export async function benchIngest(opts: BenchIngestOptions = {}): Promise<Figures> {
  const rows = opts.rows ?? 1_100_000;
  const repeats = opts.repeats ?? 5;
  const dataDir = opts.dataDir ?? join(projectRoot(), '..', 'shared', 'data');
  const figures: Figures = {};

  for (const [label, file, run] of [
    ['spotify', SPOTIFY_FILE, (p: string) => ingestSpotify(p).then((r) => r.report.rowsRead)],
    ['tmdb', TMDB_FILE, (p: string) => ingestTmdb(p, { onMovie: () => {} }).then((r) => r.report.rowsRead)],
  ] as const) {
    const path = join(dataDir, file);
    const bytes = gunzipSync(readFileSync(path)).length;
    await csvParseRead(path);
    const rowsRead = await run(path);
    const ceiling: number[] = [];
    const ingest: number[] = [];
    for (let i = 0; i < repeats; i++) {
      ceiling.push(await timed(() => csvParseRead(path)));
      ingest.push(await timed(() => run(path)));
    }
    const c = median(ceiling);
    const g = median(ingest);
    figures[`${label}.rows`] = rowsRead;
    figures[`${label}.rawMB`] = round(bytes / MB, 2);
    figures[`${label}.csvParseMBps`] = round(bytes / MB / c);
    figures[`${label}.ingestMBps`] = round(bytes / MB / g);
    figures[`${label}.csvParseRowsPerS`] = Math.round(rowsRead / c);
    figures[`${label}.ingestRowsPerS`] = Math.round(rowsRead / g);
    figures[`${label}.ratio`] = round(g / c, 2);
  }

  const dir = await mkdtemp(join(tmpdir(), 'bench-ingest-'));
  try {
    const small = Math.max(1, Math.round(rows / 10));
    for (const [label, n] of [
      [`tmdb${kilo(small)}`, small],
      [`tmdb${kilo(rows)}`, rows],
    ] as const) {
      const file = join(dir, `tmdb_${n}.csv`);
      let started = performance.now();
      const expected = await writeTmdbFile(join(dataDir, TMDB_FILE), file, n);
      figures[`${label}.genS`] = seconds(started);
      const size = (await stat(file)).size;
      figures[`${label}.fileMB`] = round(size / MB);
      started = performance.now();
      const m = await measureInChild(file);
      figures[`${label}.s`] = round(Number(m.seconds), 2);
      figures[`${label}.rowsPerS`] = Math.round(n / Number(m.seconds));
      figures[`${label}.MBps`] = round(size / MB / Number(m.seconds));
      figures[`${label}.kept`] = Number(m.kept);
      figures[`${label}.baseRssMB`] = round(Number(m.baseRss) / MB);
      figures[`${label}.peakRssMB`] = round(Number(m.peakRss) / MB);
      figures[`${label}.countsMatch`] = m.steps === JSON.stringify(expected) ? 'yes' : `NO: ${m.steps}`;
      if (n === small) {
        figures[`${label}.csvParseS`] = round(await timed(() => csvParseRead(file)), 2);
      }
      await rm(file, { force: true });
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return figures;
}

/** The ceiling: the same file through the same gunzip into csv-parse, records counted and dropped. */
async function csvParseRead(path: string): Promise<number> {
  const raw = createReadStream(path, { highWaterMark: 1 << 20 });
  const source = path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
  let n = 0;
  for await (const _ of source.pipe(parse({ bom: true, relax_column_count: true }))) n++;
  return n;
}

/**
 * Writes `rows` TMDb rows by cycling through the real top-3000 with fresh unique ids, and breaks some on
 * purpose (one row in a thousand per cleaning step, two malformed). Returns what each step should remove.
 */
async function writeTmdbFile(source: string, target: string, rows: number): Promise<Record<string, number>> {
  const records = parseSync(gunzipSync(readFileSync(source)), { bom: true }) as string[][];
  const header = records[0] as string[];
  const body = records.slice(1);
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`${source}: no ${name} column`);
    return i;
  };
  const [id, title, overview, poster, popularity, genres, status, adult, vote] = [
    'id',
    'title',
    'overview',
    'poster_path',
    'popularity',
    'genres',
    'status',
    'adult',
    'vote_average',
  ].map(col) as number[];
  const expected: Record<string, number> = {
    'malformed or out-of-range rows': 0,
    'duplicate id': 0,
    'missing title': 0,
    'missing overview': 0,
    'missing poster_path': 0,
    'missing popularity': 0,
    'missing genres': 0,
    'status not Released': 0,
    adult: 0,
  };
  /** Breaks row `i` by its residue mod 1000 and names the step that must drop it (rows x06 are never broken). */
  const breakRow = (row: string[], i: number): string | undefined => {
    const set = (column: number | undefined, value: string) => {
      row[column as number] = value;
    };
    switch (i % 1000) {
      case 7:
        set(id, String(i)); // the id of row i - 1
        return 'duplicate id';
      case 101:
        set(title, '');
        return 'missing title';
      case 211:
        set(overview, '');
        return 'missing overview';
      case 307:
        set(poster, '');
        return 'missing poster_path';
      case 401:
        set(popularity, '');
        return 'missing popularity';
      case 503:
        set(genres, '');
        return 'missing genres';
      case 601:
        set(status, 'Rumored');
        return 'status not Released';
      case 701:
        set(adult, 'True');
        return 'adult';
      case 809:
        set(vote, '11');
        return 'malformed or out-of-range rows';
      case 907:
        row.push('extra cell');
        return 'malformed or out-of-range rows';
      default:
        return undefined;
    }
  };
  const out = createWriteStream(target);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) => {
      out.write(text, (e) => (e ? reject(e) : resolve()));
    });
  let chunk = `${header.map(csvCell).join(',')}\n`;
  for (let i = 0; i < rows; i++) {
    const row = [...(body[i % body.length] as string[])];
    row[id as number] = String(i + 1);
    const step = breakRow(row, i);
    if (step) expected[step] = (expected[step] ?? 0) + 1;
    chunk += `${row.map(csvCell).join(',')}\n`;
    if (chunk.length > 4 * MB) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return expected;
}

function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Cleans the file in a fresh process, so its peak RSS is this run's alone. */
async function measureInChild(file: string): Promise<Figures> {
  const child = fork(fileURLToPath(import.meta.url), ['--measure-tmdb', file], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    return await new Promise<Figures>((resolve, reject) => {
      child.once('message', (message) => resolve(message as Figures));
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`the measuring process exited with ${code}`)));
    });
  } finally {
    child.kill();
  }
}

async function measureTmdb(file: string): Promise<Figures> {
  const baseRss = process.memoryUsage.rss();
  let peakRss = baseRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }, 10);
  let kept = 0;
  const started = performance.now();
  const { report } = await ingestTmdb(file, { onMovie: () => void kept++ });
  const elapsed = seconds(started);
  clearInterval(sampler);
  // The kernel's own high-water mark catches a peak between two samples.
  peakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  const steps = Object.fromEntries(report.steps.map((s) => [s.name, s.removed]));
  return { seconds: elapsed, kept, baseRss, peakRss, steps: JSON.stringify(steps) };
}

async function timed(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return seconds(started);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function seconds(started: number): number {
  return (performance.now() - started) / 1000;
}

function round(x: number, places = 1): number {
  const f = 10 ** places;
  return Math.round(x * f) / f;
}

function kilo(n: number): string {
  return n >= 1000 ? `${Math.round(n / 1000)}k` : String(n);
}

/** Two columns side by side per file, then the generated-file figures with the targets checked. */
export function formatFigures(figures: Figures): string {
  const lines: string[] = [];
  for (const label of ['spotify', 'tmdb']) {
    const f = (k: string) => figures[`${label}.${k}`];
    if (f('rows') === undefined) continue;
    const ratio = Number(f('ratio'));
    lines.push(
      `${label}: ${f('rows')} rows, ${f('rawMB')} MB raw`,
      `                 csv-parse     ingest`,
      `  MB/s      ${String(f('csvParseMBps')).padStart(10)} ${String(f('ingestMBps')).padStart(10)}`,
      `  rows/s    ${String(f('csvParseRowsPerS')).padStart(10)} ${String(f('ingestRowsPerS')).padStart(10)}`,
      `  ingest time / csv-parse time: ${ratio}x   target <= 1.5x: ${ratio <= 1.5 ? 'ok' : 'MISSED'}`,
    );
  }
  const sizes = Object.keys(figures)
    .filter((k) => /^tmdb\d+k?\.s$/.test(k))
    .map((k) => k.slice(0, -2));
  for (const label of sizes) {
    const f = (k: string) => figures[`${label}.${k}`];
    lines.push(
      `${label} (generated, ${f('fileMB')} MB, written in ${round(Number(f('genS')))} s): cleaned in ${f('s')} s, ` +
        `${f('rowsPerS')} rows/s, ${f('MBps')} MB/s, kept ${f('kept')}, peak RSS ${f('peakRssMB')} MB ` +
        `(${f('baseRssMB')} MB at start), step counts as generated: ${f('countsMatch')}` +
        (f('csvParseS') === undefined ? '' : `; csv-parse alone ${f('csvParseS')} s`),
    );
  }
  const big = sizes[sizes.length - 1];
  const small = sizes[0];
  if (big && small && big !== small) {
    const s = Number(figures[`${big}.s`]);
    const growth = Number(figures[`${big}.peakRssMB`]) / Number(figures[`${small}.peakRssMB`]);
    lines.push(
      `  ${big}: ${s} s, target < 60 s: ${s < 60 ? 'ok' : 'MISSED'}; ` +
        `peak RSS ${round(growth, 2)}x the ${small} run's for ${round(Number(figures[`${big}.fileMB`]) / Number(figures[`${small}.fileMB`]))}x the data, target flat: ${growth < 1.3 ? 'ok' : 'MISSED'}`,
    );
  }
  return lines.join('\n');
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === '--measure-tmdb') {
    process.send?.(await measureTmdb(String(argv[1])));
    return;
  }
  const rows = Number(argv[0]);
  const figures = await benchIngest({ rows: rows > 0 ? rows : undefined });
  console.log(formatFigures(figures));
  if (process.env.BENCH_JSON) console.log(JSON.stringify(figures));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
