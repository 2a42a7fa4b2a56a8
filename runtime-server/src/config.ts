// Reads the server's configuration from the environment, once, and validates it.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';

const here = dirname(fileURLToPath(import.meta.url));

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z.string().trim().optional().transform((v) => (v ? v : undefined)),
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_:.-]{1,32}$/).default('sc:'),
  SESSION_TTL_SECONDS: z.coerce.number().int().min(1).max(30 * 86400).default(86400),
  // Both src/ (tsx, tests) and dist/ (the bundle) sit two levels below the repository root.
  BOTS_DIR: z.string().min(1).default(resolve(here, '../../flows')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TZ: z.string().optional(),
});

export interface ServerConfig {
  port: number;
  host: string;
  redisUrl: string | undefined;
  redisPrefix: string;
  sessionTtlSeconds: number;
  botsDir: string;
  logLevel: string;
  /** Overrides every bot's time zone when set (the `TZ` environment variable). */
  timeZone: string | undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`invalid configuration: ${detail}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    redisUrl: e.REDIS_URL,
    redisPrefix: e.REDIS_PREFIX,
    sessionTtlSeconds: e.SESSION_TTL_SECONDS,
    botsDir: e.BOTS_DIR,
    logLevel: e.LOG_LEVEL,
    timeZone: validTimeZone(e.TZ),
  };
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
