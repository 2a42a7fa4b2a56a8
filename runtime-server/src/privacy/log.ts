import type { FastifyLogFn, FastifyServerOptions } from 'fastify';
import { redactDeep, redactPii } from './pii.ts';

/** Fastify's `logger: {...}` object: its own logger options merged with pino's (the cluster primary gives it to pino). */
export type PiiSafeLoggerOptions = Exclude<FastifyServerOptions['logger'], boolean | undefined>;

/** Log paths that may carry user text or secrets; pino replaces their values with `[redacted]`. */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.body',
  'body.text',
  'text',
  '*.text',
  'user',
  '*.user',
];

function redactArg(arg: unknown): unknown {
  if (typeof arg === 'string') return redactPii(arg);
  if (typeof arg === 'object' && arg !== null) return redactDeep(arg);
  return arg;
}

/**
 * Pino options (pass them as Fastify's `logger: {...}`) that keep personal data out of the logs:
 * - `redact` censors whole fields that carry user text or credentials (see `REDACTED_LOG_PATHS`);
 * - `hooks.logMethod` runs `redactPii` over every string argument (messages, format arguments) and `redactDeep`
 *   over every object argument (merging objects, errors) before pino formats them, so phone numbers, e-mails,
 *   ID numbers and card numbers in free text and error messages become typed placeholders.
 * Class instances such as Fastify's request/reply objects are passed through untouched (pino's serializers
 * pick their safe fields).
 */
export function piiSafeLoggerOptions(level: string): PiiSafeLoggerOptions {
  return {
    level,
    redact: { paths: [...REDACTED_LOG_PATHS], censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map(redactArg) as Parameters<FastifyLogFn>);
      },
    },
  };
}
