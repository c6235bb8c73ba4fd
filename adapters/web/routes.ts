import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { Engine, RecommendOptions } from '../../src/engine/engine.js';
import { SPOTIFY_GENRES } from '../../src/features/genre-bridge.js';
import type { FeedbackPort } from '../../src/feedback/port.js';
import type { Clock } from '../../src/ports.js';
import { MemoryRateLimit, type RateLimitPort } from '../../src/safety/rate-limit.js';
import { clientAddress, type HttpRoute, readRawBody, requestUrl, sendJson } from '../http/route.js';
import type { VoterIssuer } from './voter.js';

export interface WebDeps {
  engine: Engine;
  feedback: FeedbackPort;
  maxBodyBytes: number;
  clock?: Clock;
  /** Requests per second per client, and the burst allowed. */
  rate?: { perSecond: number; burst: number };
  /** A shared budget (Redis when REDIS_URL is set); an in-memory bucket built from `rate` when absent. */
  limiter?: RateLimitPort;
  /** Signs the voter cookie (the feedback salt): processes sharing it recognise each other's cookies. */
  /** Voter cookies, shared with the page (voterIssuerFor(config)). */
  voters: VoterIssuer;
  /** Reverse proxies in front of the server whose X-Forwarded-For is trusted (0: use the socket peer). */
  trustProxy?: number;
}

const STATUS: Record<string, number> = {
  SONG_NOT_FOUND: 404,
  MOVIE_NOT_FOUND: 404,
  SONG_AMBIGUOUS: 409,
  MOVIE_AMBIGUOUS: 409,
  INDEX_EMPTY: 503,
};

const rangeParam = z
  .string()
  .regex(/^\d+(\.\d+)?-\d+(\.\d+)?$/, 'a range such as 60-120')
  .transform((s) => s.split('-').map(Number) as [number, number])
  .refine(([from, to]) => from <= to, 'the range runs backwards; give the lower bound first');

const songsQuery = z.object({
  q: z.string().max(200).default(''),
  genre: z.string().max(40).optional(),
  explicit: z.enum(['true', 'false']).optional(),
  popularity: rangeParam.optional(),
  tempo: rangeParam.optional(),
});

const recommendQuery = z
  .object({
    track_id: z.string().max(64).optional(),
    song: z.string().max(200).optional(),
    artist: z.string().max(200).optional(),
    k: z.coerce.number().int().min(1).max(50).default(5),
    offset: z.coerce.number().int().min(0).max(1000).default(0),
    family_safe: z.enum(['true', 'false']).optional(),
  })
  .refine((q) => q.track_id || q.song, 'give track_id or song');

const feedbackBody = z.object({
  trackId: z.string().min(1).max(64),
  tmdbId: z.number().int().positive(),
  value: z.enum(['up', 'down']),
});

function bad(res: ServerResponse, error: z.ZodError): void {
  const issue = error.issues[0];
  sendJson(res, 400, {
    code: 'BAD_INPUT',
    message: issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'invalid request',
  });
}

function params(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  // The server answers 400 before routing when the target is not a URL; {} then is only a safe default.
  for (const [k, v] of requestUrl(req)?.searchParams ?? []) if (!(k in out)) out[k] = v;
  return out;
}

/** The JSON API behind the page: validated, rate-limited per client, errors as {code, message}. */
export function webRoutes(d: WebDeps): HttpRoute[] {
  const limiter = d.limiter ?? new MemoryRateLimit(d.rate?.perSecond ?? 20, d.rate?.burst ?? 40, d.clock);
  const clientOf = (req: IncomingMessage) => d.voters.voterOf(req, clientAddress(req, d.trustProxy));
  const limited =
    (handle: (req: IncomingMessage, res: ServerResponse) => Promise<void> | void) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      const address = clientAddress(req, d.trustProxy);
      const wait = await limiter.take(address);
      if (wait > 0) {
        sendJson(
          res,
          429,
          { code: 'RATE_LIMITED', message: `Too many requests; try again in ${wait} s.` },
          { 'retry-after': String(wait) },
        );
        return;
      }
      // Only requests the limiter let through may be handed a new voter id.
      d.voters.issue(req, res, address);
      await handle(req, res);
    };
  return [
    {
      method: 'GET',
      path: '/api/genres',
      handle: limited((_req, res) => sendJson(res, 200, { genres: SPOTIFY_GENRES })),
    },
    {
      method: 'GET',
      path: '/api/songs',
      handle: limited((req, res) => {
        const p = songsQuery.safeParse(params(req));
        if (!p.success) return bad(res, p.error);
        const { q, genre, explicit, popularity, tempo } = p.data;
        const songs = d.engine.autocomplete(
          q,
          { genre, explicit: explicit === undefined ? undefined : explicit === 'true', popularity, tempo },
          25,
        );
        sendJson(res, 200, { songs });
      }),
    },
    {
      method: 'GET',
      path: '/api/recommend',
      handle: limited(async (req, res) => {
        const p = recommendQuery.safeParse(params(req));
        if (!p.success) return bad(res, p.error);
        const q = p.data;
        const options: RecommendOptions = { k: q.k, offset: q.offset, familySafe: q.family_safe === 'true' };
        const r = d.engine.recommend({ trackId: q.track_id, song: q.song, artist: q.artist }, options);
        if (!r.ok) return sendJson(res, STATUS[r.error.code] ?? 400, r.error);
        const song = r.value.songs[0];
        if (song) {
          await d.feedback.impression({
            platform: 'web',
            userId: clientOf(req),
            trackId: song.trackId,
            tmdbIds: r.value.movies.map((m) => m.tmdbId),
            firstRank: r.value.movies[0]?.rank,
          });
        }
        sendJson(res, 200, r.value);
      }),
    },
    {
      method: 'GET',
      path: '/api/songs-for',
      handle: limited((req, res) => {
        const p = z
          .object({ movie: z.string().min(1).max(200), year: z.coerce.number().int().optional() })
          .safeParse(params(req));
        if (!p.success) return bad(res, p.error);
        const r = d.engine.songsFor(p.data.movie, { k: 5, year: p.data.year });
        return r.ok ? sendJson(res, 200, r.value) : sendJson(res, STATUS[r.error.code] ?? 400, r.error);
      }),
    },
    {
      method: 'POST',
      path: '/api/feedback',
      handle: limited(async (req, res) => {
        const raw = await readRawBody(req, res, Math.min(d.maxBodyBytes, 4096));
        let json: unknown;
        try {
          json = JSON.parse(raw.toString('utf8'));
        } catch {
          return sendJson(res, 400, {
            code: 'BAD_INPUT',
            message: 'The body must be JSON: {"trackId", "tmdbId", "value": "up"|"down"}.',
          });
        }
        const p = feedbackBody.safeParse(json);
        if (!p.success) return bad(res, p.error);
        if (
          d.engine.songs.byId(p.data.trackId) === undefined ||
          d.engine.movieByTmdbId(p.data.tmdbId) === undefined
        ) {
          return sendJson(res, 404, { code: 'NOT_FOUND', message: 'Unknown song or film.' });
        }
        await d.feedback.vote({ platform: 'web', userId: clientOf(req), ...p.data });
        sendJson(res, 200, { ok: true });
      }),
    },
  ];
}
