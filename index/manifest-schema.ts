import { z } from 'zod';
import { AppError } from '../src/errors.js';
import type { IndexManifest } from './format.js';

const count = z.number().int().nonnegative();
const finite = z.number().finite();

/**
 * The manifest fields loading relies on. File checksums cover the data files but not the manifest
 * itself, so a hand-edited or half-written one must be refused with INDEX_CORRUPT, not crash later.
 */
const loadedManifest = z.object({
  dims: z.number().int().positive(),
  featureNames: z.array(z.string()),
  counts: z.object({ movies: count, songs: count }),
  movieStore: z.object({ count, genreNames: z.array(z.string()), genreOverflow: z.boolean() }),
  posterDims: count,
  hasPosterVectors: z.boolean(),
  calibration: z.object({ a: finite.positive(), b: finite, fittedOn: z.string() }),
  ranking: z.object({
    hubness: finite,
    soundtrack: finite,
    echo: finite,
    theme: finite,
    popularity: finite,
    diversity: finite.min(0).max(1),
  }),
  hnsw: z.object({
    M: z.number().int().positive(),
    efConstruction: count,
    efSearch: z.number().int().positive(),
  }),
});

export function checkManifest(manifest: unknown, dir: string): IndexManifest {
  const r = loadedManifest.safeParse(manifest);
  if (r.success) return manifest as IndexManifest;
  const where = r.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`)
    .join('; ');
  throw new AppError(
    'INDEX_CORRUPT',
    `The manifest in ${dir} is incomplete or altered (${where}); rebuild the index.`,
  );
}
