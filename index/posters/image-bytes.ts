export type ImageKind = 'jpeg' | 'png' | 'webp' | 'gif';

/** The image format announced by the first bytes, or undefined for anything else (HTML, JSON, ...). */
export function sniffImageKind(bytes: Uint8Array): ImageKind | undefined {
  const startsWith = (sig: number[], at = 0) => sig.every((b, i) => bytes[at + i] === b);
  if (startsWith([0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith([0x52, 0x49, 0x46, 0x46]) && startsWith([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  if (startsWith([0x47, 0x49, 0x46, 0x38])) return 'gif';
  return undefined;
}

/**
 * Why these bytes are not a usable poster, or undefined when they look fine. Checks the magic bytes,
 * the declared content type, and that a JPEG ends with its end-of-image marker (a cut download does not).
 * Decoding remains the final judge; this only gives clearer reasons and keeps junk out of the cache.
 */
export function imageBytesProblem(bytes: Uint8Array, contentType?: string | null): string | undefined {
  if (bytes.length === 0) return 'empty body';
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type && !type.startsWith('image/') && type !== 'application/octet-stream') {
    return `not an image: content-type ${type}`;
  }
  const kind = sniffImageKind(bytes);
  if (kind === undefined) return `not an image: starts with ${JSON.stringify(preview(bytes))}`;
  if (kind === 'jpeg' && !hasJpegEnd(bytes)) return 'truncated JPEG: no end-of-image marker';
  return undefined;
}

/** Some encoders pad after the EOI marker, so look for it near the end rather than exactly at it. */
function hasJpegEnd(bytes: Uint8Array): boolean {
  const from = Math.max(2, bytes.length - 64);
  for (let i = bytes.length - 2; i >= from; i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

function preview(bytes: Uint8Array): string {
  return Buffer.from(bytes.subarray(0, 16))
    .toString('latin1')
    .replace(/[^\x20-\x7e]/g, '.');
}
