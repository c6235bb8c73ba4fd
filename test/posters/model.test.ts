import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePoster } from '../../index/posters/decode.js';
import { DEFAULT_INPUT_SIZE } from '../../index/posters/options.js';
import { PosterNet } from '../../index/posters/poster-net.js';
import { useTfBackend } from '../../index/posters/tf-backend.js';
import { cosine, posterBytes, sharedPosters } from './helpers.js';

const SIZE = DEFAULT_INPUT_SIZE;
const E = 1280;
let net: PosterNet;

beforeAll(async () => {
  await useTfBackend('wasm');
  net = await PosterNet.load(SIZE);
});

afterAll(() => net?.dispose());

/** Every 50th shared poster: a spread of decades rather than the first few files. */
const sample = (n: number) =>
  sharedPosters()
    .filter((_, i) => i % 50 === 0)
    .slice(0, n);

const maxAbsDiff = (xs: number[], ys: number[]) =>
  Math.max(...xs.map((x, i) => Math.abs(x - (ys[i] ?? Number.NaN))));

async function embedAll(images: Buffer[], engine: 'fused' | 'layers' = 'fused') {
  const decoded = await Promise.all(images.map((b) => decodePoster(b, SIZE)));
  const pixels = new Uint8Array(decoded.length * SIZE * SIZE * 3);
  decoded.forEach((d, i) => {
    pixels.set(d.pixels, i * SIZE * SIZE * 3);
  });
  const out = await net.infer(pixels, decoded.length, engine);
  return {
    embeddings: decoded.map((_, i) => out.embeddings.slice(i * E, (i + 1) * E)),
    probabilities: decoded.map((_, i) => Array.from(out.probabilities.slice(i * 5, (i + 1) * 5))),
  };
}

describe('poster model', () => {
  it('GIVEN real posters THEN the fused graph matches the unmodified tfjs LayersModel', async () => {
    const images = await Promise.all(sample(6).map((p) => posterBytes(p.filename)));
    const fused = await embedAll(images, 'fused');
    const layers = await embedAll(images, 'layers');
    expect(
      maxAbsDiff(
        fused.embeddings.flatMap((e) => [...e]),
        layers.embeddings.flatMap((e) => [...e]),
      ),
    ).toBeLessThan(1e-4);
    expect(maxAbsDiff(fused.probabilities.flat(), layers.probabilities.flat())).toBeLessThan(1e-4);
  });

  // Each copy keeps its file's chroma subsampling: going from 4:4:4 to 4:2:0 changes this colour-sensitive
  // model more than quality does (cosine ~0.8 to the original even at quality 95 for some posters).
  it('GIVEN a poster re-encoded at another JPEG quality THEN it is much closer to itself than to other posters', async () => {
    const originals = await Promise.all(sample(16).map((p) => posterBytes(p.filename)));
    const requality = await Promise.all(
      originals.map(async (b) => {
        const { chromaSubsampling } = await sharp(b).metadata();
        const keep = chromaSubsampling?.startsWith('4:4:4') ? '4:4:4' : '4:2:0';
        return sharp(b).jpeg({ quality: 50, chromaSubsampling: keep }).toBuffer();
      }),
    );
    const a = (await embedAll(originals)).embeddings;
    const b = (await embedAll(requality)).embeddings;
    const same = a.map((e, i) => cosine(e, b[i] as Float32Array));
    const different = a.flatMap((e, i) => a.slice(i + 1).map((other) => cosine(e, other)));
    const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
    expect(mean(same)).toBeGreaterThan(mean(different) + 0.3);
    expect(Math.min(...same)).toBeGreaterThan(mean(different) + 0.1);
    // Nearest-neighbour retrieval of the copies (16/16 when measured; one slack for backend rounding).
    const found = b.filter((e, i) => {
      const sims = a.map((o) => cosine(e, o));
      return sims.indexOf(Math.max(...sims)) === i;
    });
    expect(found.length).toBeGreaterThanOrEqual(15);
  });

  it('GIVEN ordinary posters THEN the classifier says mostly neutral or drawing', async () => {
    const images = await Promise.all(sample(24).map((p) => posterBytes(p.filename)));
    const { probabilities } = await embedAll(images);
    const safe = probabilities.map(([drawing, , neutral]) => (drawing ?? 0) + (neutral ?? 0));
    expect(safe.filter((s) => s > 0.5).length).toBeGreaterThanOrEqual(22);
    expect(safe.reduce((s, x) => s + x, 0) / safe.length).toBeGreaterThan(0.9);
  });
});
