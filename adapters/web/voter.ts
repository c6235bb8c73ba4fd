import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Who a web vote or impression belongs to, decided by the server alone. The page gets a random id
 * in an HttpOnly, SameSite=Strict cookie, signed so that a caller cannot pick ids of its own; a
 * request without a valid cookie counts as its network address. No header the caller writes
 * freely (x-client-id, a made-up cookie) can split one client into many voters.
 */
const COOKIE = 'm2m_voter';
const ID = /^[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_S = 365 * 24 * 3600;

/** The key cookies are signed with; derived from the feedback salt so every process shares it. */
export function voterKey(secret: string): Buffer {
  return createHmac('sha256', secret).update('music2movie web voter cookie').digest();
}

function sign(key: Buffer, id: string): string {
  return createHmac('sha256', key).update(id).digest('base64url').slice(0, 22);
}

function cookieValue(req: IncomingMessage): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/** The id of a validly signed voter cookie on the request, else undefined. */
export function voterCookie(req: IncomingMessage, key: Buffer): string | undefined {
  const value = cookieValue(req);
  const dot = value?.indexOf('.') ?? -1;
  if (!value || dot < 0) return undefined;
  const id = value.slice(0, dot);
  const mac = Buffer.from(value.slice(dot + 1));
  const expected = Buffer.from(sign(key, id));
  return ID.test(id) && mac.length === expected.length && timingSafeEqual(mac, expected) ? id : undefined;
}

/** Sets a fresh voter cookie on `res` unless the request already carries a valid one. */
export function issueVoterCookie(req: IncomingMessage, res: ServerResponse, key: Buffer): void {
  if (voterCookie(req, key) !== undefined || res.headersSent) return;
  const id = randomBytes(16).toString('base64url');
  const secure = 'encrypted' in req.socket && req.socket.encrypted ? '; Secure' : '';
  res.setHeader(
    'set-cookie',
    `${COOKIE}=${id}.${sign(key, id)}; Path=/; Max-Age=${ONE_YEAR_S}; HttpOnly; SameSite=Strict${secure}`,
  );
}

/** The voter: `c:<id>` for a valid cookie, else `ip:<address>` (the caller's address, see clientAddress). */
export function voterOf(req: IncomingMessage, key: Buffer, address: string): string {
  const id = voterCookie(req, key);
  return id ? `c:${id}` : `ip:${address}`;
}
