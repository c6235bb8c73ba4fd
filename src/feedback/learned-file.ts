import { z } from 'zod';
import type { LearnedWeights } from '../engine/catalog.js';
import { RERANK_FEATURES } from '../engine/scoring.js';
import type { LearnResult } from './learn.js';

/** Written into the index directory by `feedback learn`; the engine applies it on its next load. */
export const LEARNED_WEIGHTS_FILE = 'learned-weights.json';

const finite = z.number().finite();

export const learnedFileSchema = z.looseObject({
  version: z.literal(1),
  features: z.array(z.string()).refine((f) => f.join('|') === RERANK_FEATURES.join('|'), {
    message: `features must be ${RERANK_FEATURES.join(', ')}`,
  }),
  featureWeights: z.array(finite).length(RERANK_FEATURES.length),
  bias: finite.optional(),
});

export type LearnedFile = z.infer<typeof learnedFileSchema>;

/** The file's content for a fit that improved held-out precision. */
export function learnedFile(result: LearnResult, fittedAt: Date): LearnedFile & Record<string, unknown> {
  if (!result.weights) throw new Error('learnedFile needs a result with weights');
  return {
    version: 1,
    features: [...RERANK_FEATURES],
    featureWeights: result.weights.featureWeights,
    bias: result.weights.bias ?? 0,
    fittedAt: fittedAt.toISOString(),
    scale: result.scale,
    logistic: result.logistic,
    votes: result.votes,
    split: result.split,
    train: result.train,
    heldOut: result.heldOut,
  };
}

/** Validates parsed JSON as learned weights; the error text says what is wrong. */
export function parseLearnedFile(
  json: unknown,
): { ok: true; weights: LearnedWeights } | { ok: false; error: string } {
  const parsed = learnedFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, error: issue ? `${issue.path.join('.') || 'file'}: ${issue.message}` : 'invalid' };
  }
  return { ok: true, weights: { featureWeights: parsed.data.featureWeights, bias: parsed.data.bias } };
}
