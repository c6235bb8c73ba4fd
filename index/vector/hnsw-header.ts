import { open } from 'node:fs/promises';

/**
 * The fixed-size header hnswlib writes before the graph (hnswalg.h saveIndex). Reading it lets us
 * check dimensions and count with a clear error before handing the file to native code, which
 * would otherwise accept a file of the wrong dimension and return garbage.
 */
export interface HnswHeader {
  maxElements: number;
  count: number;
  dims: number;
  maxM0: number;
  M: number;
  efConstruction: number;
}

/** offsetLevel0, maxElements, count, sizePerElement, labelOffset, offsetData (size_t each), maxLevel, entryPoint (int32 each), maxM, maxM0, M (size_t), mult (double), efConstruction (size_t). */
export const HNSW_HEADER_BYTES = 96;

export async function readHnswHeader(path: string): Promise<HnswHeader | undefined> {
  const file = await open(path, 'r');
  try {
    const buf = Buffer.alloc(HNSW_HEADER_BYTES);
    const { bytesRead } = await file.read(buf, 0, HNSW_HEADER_BYTES, 0);
    return bytesRead < HNSW_HEADER_BYTES ? undefined : parseHnswHeader(buf);
  } finally {
    await file.close();
  }
}

export function parseHnswHeader(buf: Buffer): HnswHeader {
  const size = (at: number) => Number(buf.readBigUInt64LE(at));
  const labelOffset = size(32);
  const offsetData = size(40);
  return {
    maxElements: size(8),
    count: size(16),
    // Each element stores [links][vector][label]; the vector is the float32 span in between.
    dims: (labelOffset - offsetData) / Float32Array.BYTES_PER_ELEMENT,
    maxM0: size(64),
    M: size(72),
    efConstruction: size(88),
  };
}
