import type { PosterStats } from './types.js';

/** Hasler & Suesstrunk's M for an "extremely colourful" image is ~109; 150 leaves headroom before the cap. */
const COLORFULNESS_SCALE = 150;

/** Colour statistics of interleaved 8-bit RGB pixels; see PosterStats for the definitions. */
export function computePosterStats(rgb: Uint8Array): PosterStats {
  const n = Math.floor(rgb.length / 3);
  if (n === 0) return { brightness: 0, saturation: 0, contrast: 0, warmth: 0.5, colorfulness: 0 };
  let lumaSum = 0;
  let lumaSq = 0;
  let satSum = 0;
  let warmSum = 0;
  let rgSum = 0;
  let rgSq = 0;
  let ybSum = 0;
  let ybSq = 0;
  for (let i = 0; i < n * 3; i += 3) {
    const r = rgb[i] as number;
    const g = rgb[i + 1] as number;
    const b = rgb[i + 2] as number;
    const luma = 0.299 * r + 0.587 * g + 0.114 * b;
    lumaSum += luma;
    lumaSq += luma * luma;
    const max = Math.max(r, g, b);
    satSum += max === 0 ? 0 : (max - Math.min(r, g, b)) / max;
    warmSum += r - b;
    const rg = r - g;
    const yb = 0.5 * (r + g) - b;
    rgSum += rg;
    rgSq += rg * rg;
    ybSum += yb;
    ybSq += yb * yb;
  }
  const lumaMean = lumaSum / n;
  const rgMean = rgSum / n;
  const ybMean = ybSum / n;
  const rgStd = Math.sqrt(Math.max(0, rgSq / n - rgMean * rgMean));
  const ybStd = Math.sqrt(Math.max(0, ybSq / n - ybMean * ybMean));
  const m = Math.hypot(rgStd, ybStd) + 0.3 * Math.hypot(rgMean, ybMean);
  return {
    brightness: clamp01(lumaMean / 255),
    saturation: clamp01(satSum / n),
    contrast: clamp01(Math.sqrt(Math.max(0, lumaSq / n - lumaMean * lumaMean)) / 127.5),
    warmth: clamp01(0.5 + warmSum / n / 510),
    colorfulness: clamp01(m / COLORFULNESS_SCALE),
  };
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}
