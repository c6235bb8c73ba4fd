import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than five minutes away from now is refused. */
export const REPLAY_WINDOW_SECONDS = 300;

export type SignatureCheck =
  | { ok: true }
  | { ok: false; reason: 'missing' | 'stale' | 'malformed' | 'mismatch' };

/** The v0 signature of a request body: `v0=` + hex HMAC-SHA256 of `v0:<timestamp>:<body>`. */
export function signSlackRequest(secret: string, timestamp: number | string, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`v0:${timestamp}:`);
  mac.update(body);
  return `v0=${mac.digest('hex')}`;
}

/**
 * Verifies a Slack request on its raw bytes. `nowMs` comes from an injected clock, so the replay
 * window is tested without waiting; timestamps too far in the past or the future are both refused.
 */
export function verifySlackSignature(o: {
  secret: string;
  body: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): SignatureCheck {
  if (!o.timestamp || !o.signature) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(o.timestamp) || !/^v0=[0-9a-f]{64}$/.test(o.signature))
    return { ok: false, reason: 'malformed' };
  if (Math.abs(Math.floor(o.nowMs / 1000) - Number(o.timestamp)) > REPLAY_WINDOW_SECONDS)
    return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signSlackRequest(o.secret, o.timestamp, o.body));
  const given = Buffer.from(o.signature);
  return expected.length === given.length && timingSafeEqual(expected, given)
    ? { ok: true }
    : { ok: false, reason: 'mismatch' };
}
