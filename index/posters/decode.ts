import sharp from 'sharp';
import { computePosterStats } from './stats.js';
import type { PosterStats } from './types.js';

export interface DecodedPoster {
  /** inputSize x inputSize interleaved RGB, row-major: the model's input before scaling to [0, 1]. */
  pixels: Uint8Array;
  stats: PosterStats;
}

/**
 * Decode any image sharp reads into the square RGB raster the model takes. The poster is squashed, not
 * cropped: nsfwjs resizes whole images to a square the same way, and the title and edges carry mood.
 * The stats come from the same small raster, which spares a second decode. failOn 'error' turns a cut
 * file into an error instead of a half-grey image, while tolerating harmless encoder warnings.
 */
export async function decodePoster(bytes: Uint8Array, inputSize: number): Promise<DecodedPoster> {
  const { data, info } = await sharp(bytes, { failOn: 'error' })
    .removeAlpha()
    .toColourspace('srgb')
    .resize(inputSize, inputSize, { fit: 'fill' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 3 || data.length !== inputSize * inputSize * 3) {
    throw new Error(
      `expected ${inputSize}x${inputSize}x3 pixels, got ${info.width}x${info.height}x${info.channels}`,
    );
  }
  const pixels = new Uint8Array(data.buffer, data.byteOffset, data.length);
  return { pixels, stats: computePosterStats(pixels) };
}
