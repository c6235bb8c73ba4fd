import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { AppError } from '../../src/errors.js';

/** On disk, packed vectors are always little-endian float32, whatever machine wrote them. */
const HOST_IS_LITTLE_ENDIAN = endianness() === 'LE';

/** The bytes of `vectors` as little-endian float32, ready to write. */
export function float32ToBuffer(vectors: Float32Array): Buffer {
  if (HOST_IS_LITTLE_ENDIAN) {
    // A view, not a copy: the caller must not mutate `vectors` until the bytes are written.
    return Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength);
  }
  const out = Buffer.alloc(vectors.byteLength);
  vectors.forEach((value, i) => {
    out.writeFloatLE(value, i * 4);
  });
  return out;
}

/**
 * Little-endian float32 bytes as a Float32Array. Shares memory when it can; copies when the bytes
 * are not 4-aligned (Buffers from Node's small-buffer pool often are not) or the host is big-endian.
 */
export function bufferToFloat32(bytes: Uint8Array, what = 'Packed vectors'): Float32Array {
  if (bytes.byteLength % 4 !== 0) {
    throw new AppError(
      'INDEX_CORRUPT',
      `${what} is ${bytes.byteLength} bytes, not a whole number of float32 values. ` +
        'Run `music2movie build` again.',
    );
  }
  const length = bytes.byteLength / 4;
  if (!HOST_IS_LITTLE_ENDIAN) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return Float32Array.from({ length }, (_, i) => view.getFloat32(i * 4, true));
  }
  if (bytes.byteOffset % 4 === 0) return new Float32Array(bytes.buffer, bytes.byteOffset, length);
  const aligned = new Uint8Array(bytes.byteLength);
  aligned.set(bytes);
  return new Float32Array(aligned.buffer, 0, length);
}

/** Reads a packed little-endian float32 file; optionally checks it holds whole rows of `dims`. */
export async function readFloat32File(path: string, dims?: number): Promise<Float32Array> {
  const vectors = bufferToFloat32(await readFile(path), path);
  if (dims !== undefined && vectors.length % dims !== 0) {
    throw new AppError(
      'INDEX_CORRUPT',
      `${path} holds ${vectors.length} floats, which is not a whole number of ${dims}-dimension rows.`,
      { details: { expected: dims, actual: vectors.length } },
    );
  }
  return vectors;
}
