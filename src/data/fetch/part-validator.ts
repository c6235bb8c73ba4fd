import { readFile, rm, writeFile } from 'node:fs/promises';

/*
 * A `.part` resumed days later must not be glued to a newer upstream file. The response that started
 * the `.part` names its version (a strong ETag, else Last-Modified); it is kept beside the `.part` and
 * sent back as If-Range, so a server whose file changed answers with the whole new file instead.
 */

const sidecar = (part: string) => `${part}.validator`;

/** The response's version tag usable in If-Range; weak ETags can't be (RFC 9110, 13.1.5). */
export function validatorOf(response: Response): string | undefined {
  const etag = response.headers.get('etag')?.trim();
  if (etag && !etag.startsWith('W/')) return etag;
  return response.headers.get('last-modified')?.trim() || undefined;
}

/**
 * Whether a response is of another version than the stored tag, comparing like with like: an ETag
 * with the ETag, a date with Last-Modified. A response that does not carry that kind says nothing.
 */
export function otherVersion(stored: string, response: Response): boolean {
  const etag = response.headers.get('etag')?.trim();
  if (stored.startsWith('"')) return etag !== undefined && !etag.startsWith('W/') && etag !== stored;
  const modified = response.headers.get('last-modified')?.trim();
  return modified !== undefined && modified !== stored;
}

export async function readValidator(part: string): Promise<string | undefined> {
  try {
    const v = (await readFile(sidecar(part), 'utf8')).trim();
    return v.length > 0 && v.length <= 1024 ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Records the version a fresh `.part` holds; without one, any stale tag is removed. */
export async function writeValidator(part: string, validator: string | undefined): Promise<void> {
  if (validator) await writeFile(sidecar(part), validator);
  else await rm(sidecar(part), { force: true });
}

/** Removes a `.part` and its version tag together. */
export async function removePart(part: string): Promise<void> {
  await rm(part, { force: true });
  await rm(sidecar(part), { force: true });
}
