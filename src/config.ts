import { join, resolve } from 'node:path';
import { z } from 'zod';
import { AppError } from './errors.js';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

/** Every setting the service reads from its environment, each with its default. */
const schema = z
  .object({
    DATA_DIR: z.string().trim().min(1).default('./data'),
    INDEX_DIR: optionalText,
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TMDB_IMAGE_BASE_URL: z.url().default('https://image.tmdb.org/t/p'),
    POSTER_SIZE: z
      .string()
      .regex(/^(w\d+|original)$/, 'a TMDb size such as w185 or original')
      .default('w185'),
    SPOTIFY_DATASET_URL: z.url().optional(),
    TMDB_DATASET_URL: z.url().optional(),
    KAGGLE_USERNAME: optionalText,
    KAGGLE_KEY: optionalText,
    HF_TOKEN: optionalText,
    DISCORD_TOKEN: optionalText,
    DISCORD_PUBLIC_KEY: z
      .string()
      .trim()
      .regex(/^([0-9a-fA-F]{64})?$/, 'the 64-hex-digit public key from the Discord developer portal')
      .optional()
      .transform((s) => (s ? s : undefined)),
    DISCORD_APPLICATION_ID: optionalText,
    DISCORD_API_URL: z.url().optional(),
    DISCORD_GUILD_ID: optionalText,
    DISCORD_SHARDS: z
      .string()
      .trim()
      .regex(/^(auto|[1-9]\d{0,4})?$/, '`auto` or a positive number of gateway shards')
      .optional()
      .transform((s) => (s ? (s === 'auto' ? ('auto' as const) : Number(s)) : undefined)),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_BOT_TOKEN: optionalText,
    SLACK_APP_TOKEN: optionalText,
    SLACK_API_URL: z.url().optional(),
    REDIS_URL: optionalText,
    FEEDBACK_SALT: optionalText,
    COOLDOWN_SECONDS: z.coerce.number().min(0).max(3600).default(3),
    WEB_RATE_PER_SECOND: z.coerce.number().positive().max(100_000).default(20),
    WEB_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(40),
    WEB_NEW_VOTERS_PER_HOUR: z.coerce.number().int().min(1).max(100_000).default(10),
    TRUST_PROXY: z
      .string()
      .trim()
      .regex(
        /^(true|false|\d)?$/,
        '`false`, `true` (one reverse proxy) or how many proxies are in front, 0-9',
      )
      .optional()
      .transform((s) => (s === 'true' ? 1 : s && s !== 'false' ? Number(s) : 0)),
    MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(10_000_000)
      .default(64 * 1024),
  })
  .superRefine((e, ctx) => {
    // Settings that do nothing without another one are mistakes worth a word, not silence.
    if (e.DISCORD_SHARDS !== undefined && !e.DISCORD_TOKEN) {
      ctx.addIssue({
        code: 'custom',
        path: ['DISCORD_SHARDS'],
        message: 'needs DISCORD_TOKEN (shards run the gateway)',
      });
    }
  });

export type Env = z.infer<typeof schema>;

export interface Config {
  dataDir: string;
  indexDir: string;
  port: number;
  host: string;
  logLevel: Env['LOG_LEVEL'];
  tmdbImageBaseUrl: string;
  posterSize: string;
  datasetUrls: { spotify?: string; tmdb?: string };
  kaggle: { username?: string; key?: string };
  hfToken?: string;
  discord: {
    token?: string;
    publicKey?: string;
    applicationId?: string;
    apiUrl?: string;
    guildId?: string;
    /** Gateway mode under discord.js's ShardingManager: `auto` (Discord's recommendation) or a count. */
    shards?: 'auto' | number;
  };
  slack: { signingSecret?: string; botToken?: string; appToken?: string; apiUrl?: string };
  redisUrl?: string;
  /** Salt for hashing user ids in the feedback store; a fixed default only suits local use. */
  feedbackSalt: string;
  /** FEEDBACK_SALT was given (not the public default): safe to sign things shared across processes. */
  feedbackSaltSet: boolean;
  cooldownSeconds: number;
  /** The web API's budget per client: requests per second and the burst allowed. */
  webRate: { perSecond: number; burst: number };
  /** New web voter ids one address may receive per hour (vote-stuffing guard). */
  webNewVotersPerHour: number;
  /**
   * Reverse proxies in front of the server (0: none). When n > 0 the web API takes the caller's
   * address from X-Forwarded-For (the n-th entry from the right), for rate limits and anonymous votes.
   */
  trustProxy: number;
  maxBodyBytes: number;
}

/**
 * Parses the environment once at start. Fails listing every bad variable and what it should be,
 * so a user fixes them all in one go.
 */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new AppError('CONFIG_INVALID', `Invalid configuration (see .env.example):\n${problems}`);
  }
  const e = parsed.data;
  const dataDir = resolve(e.DATA_DIR);
  return {
    dataDir,
    indexDir: resolve(e.INDEX_DIR ?? join(dataDir, 'index')),
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    tmdbImageBaseUrl: e.TMDB_IMAGE_BASE_URL.replace(/\/+$/, ''),
    posterSize: e.POSTER_SIZE,
    datasetUrls: { spotify: e.SPOTIFY_DATASET_URL, tmdb: e.TMDB_DATASET_URL },
    kaggle: { username: e.KAGGLE_USERNAME, key: e.KAGGLE_KEY },
    hfToken: e.HF_TOKEN,
    discord: {
      token: e.DISCORD_TOKEN,
      publicKey: e.DISCORD_PUBLIC_KEY,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiUrl: e.DISCORD_API_URL,
      guildId: e.DISCORD_GUILD_ID,
      shards: e.DISCORD_SHARDS,
    },
    slack: {
      signingSecret: e.SLACK_SIGNING_SECRET,
      botToken: e.SLACK_BOT_TOKEN,
      appToken: e.SLACK_APP_TOKEN,
      apiUrl: e.SLACK_API_URL,
    },
    redisUrl: e.REDIS_URL,
    feedbackSalt: e.FEEDBACK_SALT ?? 'music2movie-local-salt',
    feedbackSaltSet: e.FEEDBACK_SALT !== undefined,
    cooldownSeconds: e.COOLDOWN_SECONDS,
    webRate: { perSecond: e.WEB_RATE_PER_SECOND, burst: e.WEB_RATE_BURST },
    webNewVotersPerHour: e.WEB_NEW_VOTERS_PER_HOUR,
    trustProxy: e.TRUST_PROXY,
    maxBodyBytes: e.MAX_BODY_BYTES,
  };
}
