// Reads the server's configuration from the environment, once, and validates it.
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import type { ServiceLimits } from './app.ts';

const here = dirname(fileURLToPath(import.meta.url));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{1,32}$/).default('sc:'),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(1).max(30 * 86400).default(86400),
  // Redis fields over this many bytes are stored deflated (store/field-compression.ts); `off` keeps them plain text.
  SESSION_COMPRESS_ABOVE: z.string().trim().regex(/^(off|[1-9][0-9]*)$/, 'expected a number of bytes or "off"').default('1024')
    .transform((v) => (v === 'off' ? Infinity : Number(v))),
  // Both src/ (tsx, tests) and dist/ (the bundle) sit two levels below the repository root.
  BOTS_DIR: z.string().min(1).default(resolve(here, '../../flows')),
  // Published bot versions and drafts (the flows API). `.statecraft/` is gitignored.
  DATA_DIR: z.string().min(1).default(resolve(here, '../../.statecraft/data')),
  // Trained intent models kept between runs (bots/model-cache.ts), shared by every process; `off` trains at every load.
  MODEL_CACHE_DIR: z.string().optional(),
  // The built editor, served at /editor/ (`pnpm --filter @statecraft/editor build`; npm start builds it).
  EDITOR_DIR: z.string().min(1).default(resolve(here, '../../editor/dist')),
  // Bearer token for the flows API's writes; when unset, the server generates one per run and logs it once.
  EDITOR_TOKEN: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ: z.string().optional(),
  RATE_LIMIT_PER_IP: z.coerce.number().int().min(0).default(6000),
  RATE_LIMIT_PER_UID: z.coerce.number().int().min(0).default(120),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(10_000),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  CORS_ORIGINS: z.string().optional(),
  // Node's default (511) overflows when a thousand clients connect at once to a busy server: the kernel drops their
  // handshakes and they retry after 1, 3, 7 s. The kernel caps it at net.core.somaxconn.
  LISTEN_BACKLOG: z.coerce.number().int().min(1).max(65535).default(4096),
  // Worker processes behind a cluster primary (cluster.ts); 0 runs one plain process.
  // Default: one per core with Redis (sessions are shared), one plain process with the memory store.
  WORKERS: z.coerce.number().int().min(0).max(64).optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  redisUrl: string | undefined;
  redisPrefix: string;
  sessionTtlSeconds: number;
  /** Redis fields longer than this many bytes are stored deflated (`SESSION_COMPRESS_ABOVE`; `off` = Infinity). */
  sessionCompressAbove: number;
  botsDir: string;
  /** Where published bot versions and drafts are kept (`DATA_DIR`). */
  dataDir: string;
  /** Where trained models are kept between runs (`MODEL_CACHE_DIR`); null when it is `off`. */
  modelCacheDir: string | null;
  /** The built editor served at /editor/ (`EDITOR_DIR`); a missing build makes /editor/ answer 503. */
  editorDir: string;
  /** Token for the flows API's write routes (`EDITOR_TOKEN`); undefined = generate one at start. */
  editorToken: string | undefined;
  logLevel: string;
  /** Overrides every bot's time zone when set (the `TZ` environment variable). */
  timeZone: string | undefined;
  limits: ServiceLimits;
  /** Browser origins allowed by CORS (`CORS_ORIGINS`, comma-separated). Empty: same-origin only. */
  corsOrigins: string[];
  /**
   * Worker processes behind a cluster primary (`WORKERS`); 0 = one plain process. Default: one per core when sessions
   * are in Redis (and 0 on a single core), 0 with the memory store.
   */
  workers: number;
  /** Length of the kernel's queue of accepted connections not yet taken by the server (`LISTEN_BACKLOG`). */
  listenBacklog: number;
}

/**
 * Where trained models are kept (`MODEL_CACHE_DIR`, default `.statecraft/models` in the repository), or null for `off`.
 * The stories CLI and the tests read it too, so every process on the machine shares one cache.
 */
export function modelCacheDir(env: NodeJS.ProcessEnv | { MODEL_CACHE_DIR?: string | undefined } = process.env): string | null {
  const dir = env.MODEL_CACHE_DIR?.trim() || resolve(here, '../../.statecraft/models');
  return dir === 'off' ? null : dir;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  if ((e.WORKERS ?? 0) > 1 && !e.REDIS_URL)
    throw new Error('invalid configuration: WORKERS > 1 needs REDIS_URL (the memory store lives inside one process, so workers would not share sessions)');
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    sessionCompressAbove: e.SESSION_COMPRESS_ABOVE,
    botsDir: e.BOTS_DIR,
    dataDir: e.DATA_DIR,
    modelCacheDir: modelCacheDir(e),
    editorDir: e.EDITOR_DIR,
    editorToken: e.EDITOR_TOKEN,
    logLevel: e.LOG_LEVEL,
    timeZone: validTimeZone(e.TZ),
    limits: {
      perIpPerMinute: e.RATE_LIMIT_PER_IP,
      perUidPerMinute: e.RATE_LIMIT_PER_UID,
      requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
      shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    },
    corsOrigins: (e.CORS_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean),
    listenBacklog: e.LISTEN_BACKLOG,
    workers: e.WORKERS ?? (e.REDIS_URL ? defaultWorkers() : 0),
  };
}

/** One worker per core; a single core gets one plain process (a primary would only add a hop). */
function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores > 1 ? Math.min(cores, 64) : 0;
}

/** `TZ` may also be a POSIX string like ":/etc/localtime"; only IANA names are used for dates. */
function validTimeZone(tz: string | undefined): string | undefined {
  if (!tz) return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz;
  } catch {
    return undefined;
  }
}
