// A parsed `Content-Range` header: `bytes 100-199/1000`, `bytes 100-199/*`, or on a 416 `bytes */1000`.
export interface ContentRange {
  start: number | undefined;
  total: number | undefined;
}

const RANGE = /^bytes\s+(?:(\d+)-\d+|\*)\/(\d+|\*)$/i;

export function parseContentRange(header: string | null): ContentRange | undefined {
  const match = header === null ? null : RANGE.exec(header.trim());
  if (!match) return undefined;
  const [, start, total] = match;
  return {
    start: start === undefined ? undefined : Number(start),
    total: total === undefined || total === '*' ? undefined : Number(total),
  };
}

/** Content-Length as a number, or undefined when absent or unusable. */
export function parseContentLength(header: string | null): number | undefined {
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header);
}
