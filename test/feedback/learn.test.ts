import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFeedbackStore } from '../../adapters/store/feedback-store.js';
import type { Assembled } from '../../index/build/assemble.js';
import { loadIndex } from '../../index/load-index.js';
import { writeIndex } from '../../index/write-index.js';
import type { Catalog } from '../../src/engine/catalog.js';
import { Engine } from '../../src/engine/engine.js';
import { RERANK_FEATURES } from '../../src/engine/scoring.js';
import { mulberry32 } from '../../src/eval/metrics.js';
import { DurableFeedbackStore } from '../../src/feedback/durable-store.js';
import { MemoryKv } from '../../src/feedback/kv.js';
import { learnFromVotes } from '../../src/feedback/learn.js';
import { LEARNED_WEIGHTS_FILE } from '../../src/feedback/learned-file.js';
import type { StoredVote } from '../../src/feedback/port.js';
import { silentLogger } from '../../src/logger.js';
import { cli } from '../helpers/cli.js';
import { DARKNESS, type Population, simulatePopulation, subsetAssembled } from './population.js';

let assembled: Assembled;
let catalog: Catalog;
let population: Population;
let votes: StoredVote[];
let root: string;

/** Runs a population's events through a real store (hashing, keys, replacement) and reads the votes back. */
async function storedVotes(p: Population): Promise<StoredVote[]> {
  const store = new DurableFeedbackStore({ kv: new MemoryKv(), salt: 'sim', maxQueue: 1_000_000 });
  for (const v of p.votes) await store.vote(v);
  const out = await store.listVotes();
  await store.close();
  return out;
}

beforeAll(async () => {
  assembled = await subsetAssembled();
  catalog = assembled.catalog;
  population = simulatePopulation(new Engine(catalog), {
    users: 80,
    sessionsPerUser: 25,
    seed: 1,
    strength: 2,
  });
  votes = await storedVotes(population);
  root = await mkdtemp(join(tmpdir(), 'm2m-learn-'));
}, 60_000);
afterAll(() => rm(root, { recursive: true, force: true }));

/** Mean true chance of an up over the top 5 of songs no simulated user asked about. */
function truePrecisionOnUnseenSongs(c: Catalog, p: Population): number {
  const seen = new Set(p.songs);
  const rand = mulberry32(99);
  const filmOf = new Map(c.movies.all().map((m, i) => [m.id, i]));
  const engine = new Engine(c);
  let sum = 0;
  let n = 0;
  for (let tries = 0; n < 1000 && tries < 10_000; tries++) {
    const s = Math.floor(rand() * c.songs.length);
    if (seen.has(s)) continue;
    for (const m of engine.recommendForSongs([s], { k: 5 }).movies) {
      sum += p.truth(s, filmOf.get(m.tmdbId) as number);
      n++;
    }
  }
  return sum / n;
}

describe('learning from votes (a generated population with a planted preference)', () => {
  it('GIVEN users who like films whose darkness matches the song THEN the fit recovers that feature and held-out precision@5 rises', () => {
    expect(votes.length).toBeGreaterThan(4000);
    const r = learnFromVotes(catalog, votes);
    expect(r.improved, r.reason).toBe(true);
    const std = r.logistic?.standardized ?? [];
    const weights = r.weights?.featureWeights ?? [];
    const others = (xs: number[]) => Math.max(...xs.filter((_, i) => i !== DARKNESS).map(Math.abs));
    expect(RERANK_FEATURES[DARKNESS]).toBe('axis:darkness');
    expect(std[DARKNESS]).toBeGreaterThan(1);
    expect(std[DARKNESS]).toBeGreaterThan(5 * others(std));
    expect(weights[DARKNESS]).toBeGreaterThan(3 * others(weights));
    expect(r.heldOut?.after.precision).toBeGreaterThan((r.heldOut?.before.precision ?? 1) + 0.02);
    expect(r.heldOut?.confidence).toBeGreaterThanOrEqual(0.95);
    // The real test of a re-ranker: songs nobody voted on get films users would like more.
    const before = truePrecisionOnUnseenSongs(catalog, population);
    const after = truePrecisionOnUnseenSongs({ ...catalog, learned: r.weights ?? undefined }, population);
    expect(after).toBeGreaterThan(before + 0.03);
  });

  it('GIVEN votes with no preference at all THEN nothing is learned', async () => {
    const noise = simulatePopulation(new Engine(catalog), {
      users: 60,
      sessionsPerUser: 20,
      seed: 1,
      strength: 0,
    });
    const r = learnFromVotes(catalog, await storedVotes(noise));
    expect(r.improved).toBe(false);
    expect(r.reason).not.toBe('');
  });

  it('GIVEN only a handful of votes THEN nothing is learned, and the reason says why', () => {
    const r = learnFromVotes(catalog, votes.slice(0, 12));
    expect(r.improved).toBe(false);
    expect(r.weights === null || (r.heldOut?.after.rated ?? 0) < 30).toBe(true);
    expect(learnFromVotes(catalog, []).reason).toMatch(/Not enough labels/);
  });

  it('GIVEN no learned weights (or all-zero ones) THEN the ranking is exactly the built one', () => {
    const zero = { featureWeights: RERANK_FEATURES.map(() => 0), bias: 0 };
    const plain = new Engine({ ...catalog, learned: undefined });
    const zeroed = new Engine({ ...catalog, learned: zero });
    for (const s of [0, 100, 500, 1000]) {
      expect(zeroed.recommendForSongs([s], { k: 10 })).toEqual(plain.recommendForSongs([s], { k: 10 }));
    }
  });
});

describe('music2movie feedback learn / report on an index and a SQLite store', () => {
  let env: Record<string, string>;
  let index: string;
  beforeAll(async () => {
    index = join(root, 'index');
    env = { DATA_DIR: join(root, 'data'), INDEX_DIR: index, FEEDBACK_SALT: 'cli-salt' };
    await writeIndex(index, {
      assembled,
      dataHashes: {},
      posters: { embedded: 0, missing: 0, failed: 0, unsafe: 0 },
      settings: {},
    });
    const store = await createFeedbackStore(
      { dataDir: env.DATA_DIR as string, feedbackSalt: 'cli-salt' },
      silentLogger,
      { maxQueue: 1_000_000 },
    );
    for (const i of population.impressions) await store.impression(i);
    for (const v of population.votes) await store.vote(v);
    await store.close();
  }, 60_000);

  it('GIVEN the votes THEN report, learn (writes learned-weights.json), and the engine picks it up on reload', async () => {
    const before = await cli(['feedback', 'report', '--json'], env);
    expect(before.code, before.err).toBe(0);
    const r0 = JSON.parse(before.out);
    expect(r0).toMatchObject({ impressions: 2000, votes: votes.length });
    expect(r0.precisionAt5).toBeGreaterThan(0.5);
    expect(Object.keys(r0.byPlatform).sort()).toEqual(['discord', 'slack', 'web']);
    expect(Object.keys(r0.byGenre).length).toBeGreaterThan(5);

    const dry = await cli(['feedback', 'learn', '--dry-run', '--json'], env);
    expect(JSON.parse(dry.out)).toMatchObject({ improved: true, written: null });
    await expect(readFile(join(index, LEARNED_WEIGHTS_FILE))).rejects.toThrow();

    const learn = await cli(['feedback', 'learn', '--json'], env);
    expect(learn.code, learn.err).toBe(0);
    const result = JSON.parse(learn.out);
    expect(result).toMatchObject({ improved: true, written: join(index, LEARNED_WEIGHTS_FILE) });
    const file = JSON.parse(await readFile(join(index, LEARNED_WEIGHTS_FILE), 'utf8'));
    expect(file).toMatchObject({ version: 1, features: [...RERANK_FEATURES] });

    const { catalog: reloaded } = await loadIndex(index, { exact: true });
    expect(reloaded.learned?.featureWeights).toEqual(file.featureWeights);
    const after = JSON.parse((await cli(['feedback', 'report', '--json'], env)).out);
    // Same labels, a re-ranked engine: recall (relevant films in its top 5) moves with it.
    expect(after.votes).toBe(r0.votes);
    expect(after.recall).not.toBe(r0.recall);

    const text = await cli(['feedback', 'learn', '--dry-run'], env);
    expect(text.out).toContain('axis:darkness');
    expect(text.out).toMatch(/Held-out precision@5: 0\.\d+ \(\d+ votes\) → 0\.\d+/);
  });

  it('GIVEN a malformed learned-weights.json THEN the index loads without it and a warning says why', async () => {
    const dir = join(root, 'index');
    await writeFile(
      join(dir, LEARNED_WEIGHTS_FILE),
      JSON.stringify({ version: 1, features: ['x'], featureWeights: [1] }),
    );
    const warn = vi.fn();
    const { catalog: c } = await loadIndex(dir, { exact: true, logger: { warn } as never });
    expect(c.learned).toBeUndefined();
    expect(String(warn.mock.calls[0]?.[1])).toContain('features must be');
    await writeFile(join(dir, LEARNED_WEIGHTS_FILE), '{not json');
    const again = vi.fn();
    expect(
      (await loadIndex(dir, { exact: true, logger: { warn: again } as never })).catalog.learned,
    ).toBeUndefined();
    expect(String(again.mock.calls[0]?.[1])).toContain('not valid JSON');
    await rm(join(dir, LEARNED_WEIGHTS_FILE));
  });

  it('GIVEN export THEN a CSV of labels, written atomically to --out', async () => {
    const out = join(root, 'labels.csv');
    const r = await cli(['feedback', 'export', '--out', out], env);
    expect(r.code, r.err).toBe(0);
    const lines = (await readFile(out, 'utf8')).trim().split('\n');
    expect(lines[0]).toBe('at,platform,user_hash,track_id,tmdb_id,value,label,shown_rank');
    expect(lines).toHaveLength(votes.length + 1);
    expect(lines[1]).toMatch(
      /^2026-01-01T\d\d:\d\d:\d\d\.\d{3}Z,(discord|slack|web),[0-9a-f]{32},\w+,\d+,(up|down),[01],\d*$/,
    );
  });
});
