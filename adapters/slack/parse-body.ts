/** A parsed Slack request: slash commands and options are forms, interactions a form with `payload`, events JSON. */
export type ParsedBody = { ok: true; body: Record<string, unknown> } | { ok: false; message: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseJson(text: string): ParsedBody {
  try {
    const v: unknown = JSON.parse(text);
    return isRecord(v) ? { ok: true, body: v } : { ok: false, message: 'The JSON body is not an object.' };
  } catch {
    return { ok: false, message: 'The body is not valid JSON.' };
  }
}

export function parseSlackBody(contentType: string | undefined, raw: Buffer): ParsedBody {
  const text = raw.toString('utf8');
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  if (type === 'application/json') return parseJson(text);
  if (type === 'application/x-www-form-urlencoded') {
    const form = new URLSearchParams(text);
    const payload = form.get('payload');
    if (payload !== null) return parseJson(payload);
    return { ok: true, body: Object.fromEntries(form) };
  }
  return { ok: false, message: 'Send application/json or application/x-www-form-urlencoded.' };
}
