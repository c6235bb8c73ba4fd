import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Config } from '../../src/config.js';

/**
 * Who a web vote or impression belongs to, decided by the server alone. The page gets a random id
 * in an HttpOnly, SameSite=Lax cookie, signed so that a caller cannot pick ids of its own; a
 * request without a valid cookie counts as its network address. No header the caller writes
 * freely (x-client-id, a made-up cookie) can split one client into many voters, and one address
 * gets only a few new ids an hour, so collecting cookies to vote many times does not scale.
 * (Lax, not Strict: a visitor arriving from a link elsewhere keeps their id; votes are JSON POSTs,
 * which Lax never sends cross-site.)
 */
const COOKIE = 'm2m_voter';
const ID = /^[A-Za-z0-9_-]{22}$/;
const ONE_YEAR_S = 365 * 24 * 3600;
const HOUR_MS = 3600_000;
/** Addresses remembered for the cap; the oldest are forgotten first. */
const MAX_ADDRESSES = 50_000;

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

export interface VoterOptions {
  /** New voter ids one address may receive per hour (default 10: a household sharing an address fits). */
  newIdsPerHour?: number;
  /** Number of trusted proxies in front (TRUST_PROXY): then X-Forwarded-Proto says whether the visit was https. */
  trustProxy?: number;
  now?: () => number;
}

/** Issues and reads voter cookies for one signing secret; one per running app (see voterIssuerFor). */
export class VoterIssuer {
  private readonly key: Buffer;
  private readonly issued = new Map<string, { count: number; since: number }>();

  constructor(
    secret: string,
    private readonly o: VoterOptions = {},
  ) {
    this.key = createHmac('sha256', secret).update('music2movie web voter cookie').digest();
  }

  /** The id of a validly signed voter cookie on the request, else undefined. */
  cookieId(req: IncomingMessage): string | undefined {
    const value = cookieValue(req);
    const dot = value?.indexOf('.') ?? -1;
    if (!value || dot < 0) return undefined;
    const id = value.slice(0, dot);
    const mac = Buffer.from(value.slice(dot + 1));
    const expected = Buffer.from(sign(this.key, id));
    return ID.test(id) && mac.length === expected.length && timingSafeEqual(mac, expected) ? id : undefined;
  }

  /** Sets a fresh voter cookie unless the request has a valid one or its address used up its new ids. */
  issue(req: IncomingMessage, res: ServerResponse, address: string): void {
    if (this.cookieId(req) !== undefined || res.headersSent || !this.allow(address)) return;
    const id = randomBytes(16).toString('base64url');
    res.setHeader(
      'set-cookie',
      `${COOKIE}=${id}.${sign(this.key, id)}; Path=/; Max-Age=${ONE_YEAR_S}; HttpOnly; SameSite=Lax${this.secure(req) ? '; Secure' : ''}`,
    );
  }

  /** The voter: `c:<id>` for a valid cookie, else `ip:<address>`. */
  voterOf(req: IncomingMessage, address: string): string {
    const id = this.cookieId(req);
    return id ? `c:${id}` : `ip:${address}`;
  }

  private allow(address: string): boolean {
    const now = (this.o.now ?? Date.now)();
    const seen = this.issued.get(address);
    if (seen && now - seen.since < HOUR_MS) {
      if (seen.count >= (this.o.newIdsPerHour ?? 10)) return false;
      seen.count++;
      return true;
    }
    this.issued.delete(address);
    this.issued.set(address, { count: 1, since: now });
    if (this.issued.size > MAX_ADDRESSES) this.issued.delete(this.issued.keys().next().value as string);
    return true;
  }

  private secure(req: IncomingMessage): boolean {
    if ('encrypted' in req.socket && req.socket.encrypted) return true;
    if ((this.o.trustProxy ?? 0) <= 0) return false;
    // The nearest trusted proxy's word on the scheme the visitor used.
    const proto = String(req.headers['x-forwarded-proto'] ?? '')
      .split(',')
      .at(-1)
      ?.trim()
      .toLowerCase();
    return proto === 'https';
  }
}

const issuers = new WeakMap<Config, VoterIssuer>();

/**
 * The one issuer of a running app (keyed by its config), so the page and the API share the
 * per-address cap. Without FEEDBACK_SALT the signing key is random per process: nobody can sign
 * cookies with the public default, at the price of ids lasting only until a restart.
 */
export function voterIssuerFor(config: Config): VoterIssuer {
  let issuer = issuers.get(config);
  if (!issuer) {
    issuer = new VoterIssuer(config.feedbackSaltSet ? config.feedbackSalt : randomBytes(32).toString('hex'), {
      trustProxy: config.trustProxy,
      newIdsPerHour: config.webNewVotersPerHour,
    });
    issuers.set(config, issuer);
  }
  return issuer;
}
