import { describe, expect, it } from 'vitest';
import { assemble } from '../../index/build/assemble.js';
import { Engine } from '../../src/engine/engine.js';
import { scoreAll } from '../../src/engine/scoring.js';
import { AppError } from '../../src/errors.js';
import { fitCalibration, MIN_CALIBRATION_PAIRS } from '../../src/eval/calibrate.js';
import type { EvalPair } from '../../src/eval/evaluate.js';
import { calibrationHeldOut } from '../../src/eval/heldout.js';
import { MOVIES, TRACKS } from '../helpers/fixtures.js';

const engine = new Engine(assemble(TRACKS, MOVIES, new Map()).catalog);
const c = engine.catalog;

/** Every song's films ordered by raw score, best first. */
const byScore = c.songs.map((_, s) => {
  const scores = scoreAll(c, engine.query([s]));
  return Array.from(scores.keys()).sort((a, b) => (scores[b] as number) - (scores[a] as number));
});
const scoreOf = (s: number, m: number) => scoreAll(c, engine.query([s]))[m] as number;
const pair = (s: number, m: number): EvalPair => ({
  trackId: c.songs[s]?.trackId as string,
  tmdbId: c.movies.at(m)?.id as number,
  source: 'test',
});
/** Each song paired with its `per` best (or worst) films: pairs a sensible calibration must rank high (or low). */
const pairs = (per: number, end: 'best' | 'worst') =>
  byScore.flatMap((order, s) =>
    (end === 'best' ? order.slice(0, per) : order.slice(-per)).map((m) => pair(s, m)),
  );

function refusal(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected fitCalibration to refuse, but it returned a calibration');
}

describe('fitCalibration', () => {
  it('GIVEN the fixture catalogue THEN it has enough songs for the tests below', () => {
    expect(c.songs.length * 2).toBeGreaterThanOrEqual(MIN_CALIBRATION_PAIRS);
  });

  it('GIVEN no pair that names a song and film of the catalogue THEN BAD_INPUT, not a flat a≈0 fit', () => {
    const e = refusal(() =>
      fitCalibration(engine, [
        { trackId: 'nope', tmdbId: 1, source: 'album' },
        { trackId: c.songs[0]?.trackId as string, tmdbId: 999_999, source: 'album' },
      ]),
    );
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toContain(`0 of 2 song→film pairs`);
    expect(e.message).toContain(`at least ${MIN_CALIBRATION_PAIRS}`);
    expect(e.details).toMatchObject({ usable: 0, total: 2, minimum: MIN_CALIBRATION_PAIRS });
  });

  it('GIVEN one usable pair THEN BAD_INPUT (one song cannot fix a slope)', () => {
    const e = refusal(() => fitCalibration(engine, [pair(0, byScore[0]?.[0] as number)]));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.details).toMatchObject({ usable: 1 });
  });

  it('GIVEN one pair fewer than the minimum THEN refused; at the minimum THEN fitted', () => {
    const enough = pairs(2, 'best').slice(0, MIN_CALIBRATION_PAIRS);
    expect(refusal(() => fitCalibration(engine, enough.slice(1))).code).toBe('BAD_INPUT');
    expect(fitCalibration(engine, enough).fittedOn).toMatch(
      new RegExp(`^${MIN_CALIBRATION_PAIRS} song→film pairs`),
    );
  });

  it('GIVEN real films that score low THEN BAD_INPUT: a negative slope would score better matches lower', () => {
    const e = refusal(() => fitCalibration(engine, pairs(2, 'worst')));
    expect(e.code).toBe('BAD_INPUT');
    expect(e.message).toMatch(/must be positive/);
    expect(e.details?.a as number).toBeLessThanOrEqual(0);
  });

  it('GIVEN pairs whose films score high THEN a > 0: a higher raw score gives a higher calibrated score', () => {
    const cal = fitCalibration(engine, pairs(2, 'best'));
    expect(cal.a).toBeGreaterThan(0);
    expect(Number.isFinite(cal.b)).toBe(true);
    const prob = (x: number) => 1 / (1 + Math.exp(-(cal.a * x + cal.b)));
    for (let s = 0; s < c.songs.length; s++) {
      const order = byScore[s] as number[];
      const best = scoreOf(s, order[0] as number);
      const worst = scoreOf(s, order.at(-1) as number);
      if (best > worst) expect(prob(best), `song ${s}`).toBeGreaterThan(prob(worst));
    }
    // Calibrated scores spread: real films well above the worst ones, not every score near 0.5.
    const meanBest =
      c.songs.reduce((t, _, s) => t + prob(scoreOf(s, byScore[s]?.[0] as number)), 0) / c.songs.length;
    const meanWorst =
      c.songs.reduce((t, _, s) => t + prob(scoreOf(s, byScore[s]?.at(-1) as number)), 0) / c.songs.length;
    expect(meanBest - meanWorst).toBeGreaterThan(0.2);
  });

  it('GIVEN the same pairs twice THEN the same calibration (seeded negatives)', () => {
    expect(fitCalibration(engine, pairs(2, 'best'))).toEqual(fitCalibration(engine, pairs(2, 'best')));
  });
});

describe('calibrationHeldOut', () => {
  it('GIVEN halves that hold enough pairs but too few in the catalogue THEN those splits are skipped, not thrown', () => {
    const usable = pairs(2, 'best');
    // As many pairs again whose songs are not in the catalogue: every half passes the raw count,
    // but fitCalibration (which counts usable pairs) refuses some halves.
    const unknown = usable.map((p, i) => ({ ...p, trackId: `missing-${i}`, tmdbId: p.tmdbId }));
    const splits = calibrationHeldOut(engine, [...usable, ...unknown], { splits: 10 });
    expect(splits.length).toBeLessThan(10);
    for (const s of splits) expect(s.fitted.a).toBeGreaterThan(0);
  });
});
