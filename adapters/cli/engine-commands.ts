import { createReadStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { openEngine } from '../../index/open-engine.js';
import type { Config } from '../../src/config.js';
import {
  type Engine,
  MAX_K,
  MAX_OFFSET,
  type Outcome,
  type Recommendation,
  type RecommendOptions,
} from '../../src/engine/engine.js';
import { AppError } from '../../src/errors.js';
import { originalMethodRanker, popularityRanker, randomRanker } from '../../src/eval/baselines.js';
import { engineRanker, evaluate, readPairs } from '../../src/eval/evaluate.js';
import { formatEvalReport } from '../../src/eval/format.js';
import { formatInsights, insights, insightsSvg } from '../../src/eval/insights.js';
import { textSignals } from '../../src/features/text-signals.js';
import { printJson } from './output.js';
import { intArg, rangeArg } from './program.js';

interface EngineFlags {
  index?: string;
  exact?: boolean;
}

async function engineFrom(o: EngineFlags, config: () => Config): Promise<Engine> {
  return openEngine(o.index ?? config().indexDir, {
    exact: o.exact,
    posterBaseUrl: `${config().tmdbImageBaseUrl}/w342`,
  });
}

/** One JSON line of `recommend --batch` output: the song, then its films in rank order. */
/** One batch output line, in the snake_case the batch format promises (`track_id`, `tmdb_id`, …). */
function batchLine(r: Outcome<Recommendation>): unknown {
  if (!r.ok) return { error: { code: r.error.code, message: r.error.message } };
  const song = r.value.songs[0];
  return { song: song && snakeKeys(song), movies: r.value.movies.map(snakeKeys) };
}

function snakeKeys(o: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]),
  );
}

function printRecommendation(r: Recommendation): void {
  // One line per song: a blend lists every song it mixed.
  for (const s of r.songs) {
    process.stdout.write(
      `${s.trackName} — ${s.artists.join(', ')} (${s.albumName}; ${s.genres.join(', ')}; ${Math.round(s.tempo)} bpm)\n`,
    );
  }
  if (r.songs.length > 0) process.stdout.write('\n');
  for (const m of r.movies) {
    process.stdout.write(
      `${String(m.rank).padStart(2)}. ${m.title}${m.year ? ` (${m.year})` : ''}  score ${m.score.toFixed(2)}\n`,
    );
    process.stdout.write(`    ${m.genres.join(', ')}\n    why: ${m.reasons.join('; ')}\n`);
  }
  if (r.movies.length === 0)
    process.stdout.write('No films match these filters (or this page is past the last one).\n');
}

function printOutcomeError(
  r: { ok: false; error: { code: string; message: string; candidates?: unknown[] } },
  json: boolean,
): void {
  if (json) printJson({ error: r.error });
  else {
    process.stderr.write(`${r.error.message}\n`);
    for (const c of (r.error.candidates ?? []) as Array<Record<string, unknown>>) {
      const artists = Array.isArray(c.artists) ? ` — ${(c.artists as string[]).join(', ')}` : '';
      const extra = c.albumName ? ` (${String(c.albumName)})` : c.year ? ` (${String(c.year)})` : '';
      process.stderr.write(`  • ${String(c.trackName ?? c.title)}${artists}${extra}\n`);
    }
  }
  process.exitCode = 1;
}

export function registerEngineCommands(program: Command, config: () => Config): void {
  program
    .command('recommend')
    .description('Top movies for a song, with a 0–1 match score and the reasons')
    .option('--index <dir>', 'index directory (default INDEX_DIR)')
    .option('--song <title>', 'song title')
    .option('--artist <name>', 'artist, to choose between songs with the same title')
    .option('--track-id <id>', 'Spotify track id instead of a title')
    .option('--k <n>', `how many movies (1–${MAX_K})`, intArg(1, MAX_K), 5)
    .option('--offset <n>', 'skip this many (paging: "more like these")', intArg(0, MAX_OFFSET), 0)
    .option('--exclude-genre <genre...>', 'leave out films of these TMDb genres')
    .option('--years <from-to>', 'only films released in this range, e.g. 1990-2005', rangeArg)
    .option('--family-safe', 'hide films whose poster was flagged as unsafe')
    .option(
      '--blend <song...>',
      'several songs blended into one query (a playlist): "Title", "Title by Artist" or a track id',
    )
    .option('--batch <file.jsonl>', 'one query per line: {"song":..,"artist":..} or {"track_id":..}')
    .option('--exact', 'exact scan instead of the HNSW graph')
    .option('--json', 'print JSON')
    .action(
      async (
        o: EngineFlags & {
          song?: string;
          artist?: string;
          trackId?: string;
          k: number;
          offset: number;
          excludeGenre?: string[];
          years?: [number, number];
          familySafe?: boolean;
          blend?: string[];
          batch?: string;
          json?: boolean;
        },
      ) => {
        const options: RecommendOptions = {
          k: o.k,
          offset: o.offset,
          excludeGenres: o.excludeGenre,
          years: o.years,
          familySafe: o.familySafe,
        };
        if (!o.batch && !o.song && !o.trackId && !o.blend)
          throw new AppError('BAD_INPUT', 'Give --song "<title>" (or --track-id, --blend or --batch).');
        const engine = await engineFrom(o, config);
        // Checked once: a bad option is the command's mistake, not every batch line's.
        const bad = engine.optionProblem(options);
        if (bad) throw new AppError('BAD_OPTION', bad);
        if (o.batch) {
          await runBatch(engine, o.batch, options);
          return;
        }
        const r = o.blend
          ? engine.blendTexts(o.blend, options)
          : engine.recommend({ song: o.song, artist: o.artist, trackId: o.trackId }, options);
        if (!r.ok) return printOutcomeError(r, o.json ?? false);
        if (o.json) printJson(r.value);
        else printRecommendation(r.value);
      },
    );

  program
    .command('songs-for')
    .description("Songs that share a movie's mood (the reverse direction)")
    .requiredOption('--movie <title>', 'movie title')
    .option('--year <year>', 'release year, to choose between films with the same title', intArg(1870, 2100))
    .option('--k <n>', 'how many songs (1–100)', intArg(1, 100), 5)
    .option('--index <dir>', 'index directory (default INDEX_DIR)')
    .option('--exact', 'exact scan instead of the HNSW graph')
    .option('--json', 'print JSON')
    .action(async (o: EngineFlags & { movie: string; year?: number; k: number; json?: boolean }) => {
      const engine = await engineFrom(o, config);
      const r = engine.songsFor(o.movie, { k: o.k, year: o.year });
      if (!r.ok) return printOutcomeError(r, o.json ?? false);
      if (o.json) return printJson(r.value);
      const m = r.value.movie;
      process.stdout.write(`${m.title}${m.year ? ` (${m.year})` : ''} — ${m.genres.join(', ')}\n\n`);
      for (const s of r.value.songs) {
        process.stdout.write(
          `${String(s.rank).padStart(2)}. ${s.song.trackName} — ${s.song.artists.join(', ')}  score ${s.score.toFixed(2)}\n    why: ${s.reasons.join('; ')}\n`,
        );
      }
    });

  program
    .command('eval')
    .description(
      'Ground-truth and catalogue-health evaluation against random, popularity and original-method baselines',
    )
    .requiredOption('--pairs <file>', 'song→film pairs CSV (track_id, tmdb_id, source)')
    .option('--songs <n>', 'random songs for catalogue health', intArg(10, 100_000), 1000)
    .option('--seed <n>', 'random seed', intArg(0, 2 ** 31), 42)
    .option('--index <dir>', 'index directory (default INDEX_DIR)')
    .option('--exact', 'exact scan instead of the HNSW graph')
    .option('--json', 'print JSON')
    .action(async (o: EngineFlags & { pairs: string; songs: number; seed: number; json?: boolean }) => {
      const engine = await engineFrom(o, config);
      const pairs = await readPairs(o.pairs);
      const c = engine.catalog;
      const sentiment = Float64Array.from(c.movies.all().map((m) => textSignals(m.overview).sentiment));
      const report = evaluate(
        engine,
        pairs,
        [
          engineRanker(engine),
          randomRanker(c, o.seed),
          popularityRanker(c),
          originalMethodRanker(c, sentiment),
        ],
        { healthSongs: o.songs, seed: o.seed },
      );
      if (o.json) printJson(report);
      else process.stdout.write(`${formatEvalReport(report)}\n`);
    });
}

export function registerInsightsCommand(program: Command, config: () => Config): void {
  program
    .command('insights')
    .description('What the data says across domains: song features against the films they are matched with')
    .option('--songs <n>', 'random songs to sample', intArg(10, 100_000), 1000)
    .option('--chart <file.svg>', 'also write the correlations as an SVG bar chart')
    .option('--index <dir>', 'index directory (default INDEX_DIR)')
    .option('--json', 'print JSON')
    .action(async (o: EngineFlags & { songs: number; chart?: string; json?: boolean }) => {
      const engine = await engineFrom(o, config);
      const rows = insights(engine, { songs: o.songs });
      if (o.chart) await writeFileAtomic(o.chart, insightsSvg(rows));
      if (o.json) printJson(rows);
      else process.stdout.write(`${formatInsights(rows)}\n${o.chart ? `chart written to ${o.chart}\n` : ''}`);
    });
}

async function writeFileAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, path);
  } catch (cause) {
    await rm(tmp, { force: true });
    // Name the file the user asked for, not our temporary one.
    const code = (cause as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'its folder does not exist'
        : code === 'EISDIR'
          ? 'it is a folder'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : (code ?? 'error');
    throw new AppError('FILE_UNWRITABLE', `Cannot write ${path}: ${why}.`, { cause });
  }
}

async function runBatch(engine: Engine, file: string, options: RecommendOptions): Promise<void> {
  const stream = await openBatchFile(file);
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  const out: string[] = [];
  let n = 0;
  for await (const raw of lines) {
    n++;
    // An editor's byte-order mark is not part of the first query.
    const line = n === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    let q: unknown;
    try {
      // One line out per line in, so a blank line gets its own error rather than shifting the rest.
      if (line.trim() === '') throw new SyntaxError('empty line');
      q = JSON.parse(line);
    } catch {
      const what = line.trim() === '' ? 'an empty line' : 'not valid JSON';
      out.push(JSON.stringify({ error: { code: 'BAD_INPUT', message: `line ${n}: ${what}` } }));
      continue;
    }
    if (typeof q !== 'object' || q === null || Array.isArray(q)) {
      out.push(
        JSON.stringify({
          error: {
            code: 'BAD_INPUT',
            message: `line ${n}: expected an object like {"song": "...", "artist": "..."}`,
          },
        }),
      );
      continue;
    }
    const rec = q as Record<string, unknown>;
    if (typeof rec.song !== 'string' && typeof rec.track_id !== 'string') {
      const keys = Object.keys(rec).slice(0, 5).join(', ') || 'none';
      const message = `line ${n}: expected "song" (and optionally "artist") or "track_id" as strings; got keys: ${keys}`;
      out.push(JSON.stringify({ error: { code: 'BAD_INPUT', message } }));
      continue;
    }
    const ref = {
      song: typeof rec.song === 'string' ? rec.song : undefined,
      artist: typeof rec.artist === 'string' ? rec.artist : undefined,
      trackId: typeof rec.track_id === 'string' ? rec.track_id : undefined,
    };
    out.push(JSON.stringify(batchLine(engine.recommend(ref, options))));
    if (out.length >= 256) {
      process.stdout.write(`${out.join('\n')}\n`);
      out.length = 0;
    }
  }
  if (out.length > 0) process.stdout.write(`${out.join('\n')}\n`);
}

/** The batch file, opened; a missing, unreadable or directory path is the user's error, said plainly. */
async function openBatchFile(file: string): Promise<ReturnType<typeof createReadStream>> {
  const info = await stat(file).catch((cause: NodeJS.ErrnoException) => {
    const why =
      cause.code === 'ENOENT' ? 'file not found' : `cannot be read (${cause.code ?? cause.message})`;
    throw new AppError(cause.code === 'ENOENT' ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE', `${file}: ${why}`, {
      cause,
    });
  });
  // Pipes and /dev/stdin are fine; a directory can't be read as lines.
  if (info.isDirectory())
    throw new AppError('BAD_INPUT', `${file} is a directory; give a JSONL file, one query per line.`);
  const stream = createReadStream(file);
  try {
    await new Promise<void>((resolve, reject) => stream.once('open', () => resolve()).once('error', reject));
  } catch (cause) {
    throw new AppError(
      'FILE_UNREADABLE',
      `${file}: cannot be read (${(cause as NodeJS.ErrnoException).code ?? cause})`,
      {
        cause,
      },
    );
  }
  return stream;
}
