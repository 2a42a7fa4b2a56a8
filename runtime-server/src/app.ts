// The HTTP surface: routes with their JSON schemas, and one error handler that maps every failure to { error }.
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import helmet from 'helmet';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { LOCALES } from '@statecraft/engine';
import type { BotRegistry } from './bots/registry.ts';
import { ChatService, type ChatRequest, type ChatServiceDeps } from './chat/chat-service.ts';
import { EDITOR_PREFIX, registerEditor } from './editor-static.ts';
import { ApiError, errorBody } from './errors.ts';
import { flowsApi, type FlowsApiOptions } from './flows-api/index.ts';
import type { PiiSafeLoggerOptions } from './privacy/log.ts';
import { StoreUnavailableError, type SessionStore } from './store/index.ts';

export interface AppOptions {
  store: SessionStore;
  bots: BotRegistry;
  /** Logger options; the server passes `piiSafeLoggerOptions` so no log line carries personal data. */
  logger?: boolean | PiiSafeLoggerOptions | { level: string };
  chat?: Partial<Omit<ChatServiceDeps, 'store' | 'bots' | 'logger'>>;
  /** Abuse limits and timeouts; defaults in `DEFAULT_LIMITS`. */
  limits?: Partial<ServiceLimits>;
  /** Browser origins allowed to call the API (CORS). None by default: same-origin only. */
  corsOrigins?: string[];
  /** Serves the flows API (/v1/bots…: drafts, publish with hot reload, versions, rollback) when set. */
  flows?: FlowsApiOptions;
  /** Serves the built editor (editor/dist) at /editor/ when set; a directory without a build answers a JSON 503. */
  editorDir?: string;
}

/** Bodies are small: 2,000 characters of text is at most ~8 KB of UTF-8; anything near this limit is abuse. */
export const BODY_LIMIT_BYTES = 32 * 1024;

export interface ServiceLimits {
  /** Requests per minute from one client address, all routes; 0 turns the limit off. */
  perIpPerMinute: number;
  /** Chat turns per minute for one uid of one bot; 0 turns the limit off. A person types far fewer. */
  perUidPerMinute: number;
  /** A request must arrive completely within this time (slow-loris protection). */
  requestTimeoutMs: number;
  /** How long `drain()` waits for turns in flight before closing anyway. */
  shutdownGraceMs: number;
}

export const DEFAULT_LIMITS: ServiceLimits = {
  perIpPerMinute: 6000,
  perUidPerMinute: 120,
  requestTimeoutMs: 10_000,
  shutdownGraceMs: 10_000,
};

declare module 'fastify' {
  interface FastifyInstance {
    /** Graceful shutdown: new requests get 503 `shutting_down`, turns in flight finish (up to the grace time), then close. */
    drain(): Promise<void>;
  }
}

const chatRequestSchema = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    uid: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
    messageId: { type: 'string', minLength: 1, maxLength: 128 },
    text: { type: 'string', minLength: 1, maxLength: 2000, pattern: '\\S' },
    bot: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
    locale: { type: 'string', enum: [...LOCALES] },
  },
} as const;

const slotValue = { anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'null' }] };
const chatResponseSchema = {
  type: 'object',
  properties: {
    uid: { type: 'string' },
    reply: { type: 'string' },
    state: { type: 'string' },
    intent: { type: 'object', properties: { name: { type: 'string' }, confidence: { type: 'number' } } },
    slots: { type: 'object', additionalProperties: slotValue },
    expecting: { type: ['string', 'null'] },
    actions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          orderId: { type: 'string' },
          destination: { type: 'string' },
          date: { type: 'string' },
          count: { type: 'number' },
          previousDate: { type: 'string' },
          remaining: { type: 'number' },
        },
      },
    },
    quickReplies: { type: 'array', items: { type: 'string' } },
    turn: { type: 'number' },
  },
} as const;

const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout: limits.requestTimeoutMs,
    // Node checks request deadlines on a timer (30 s by default), which would let a slow client hold on far longer.
    // Node only enforces requestTimeout when headersTimeout is not larger, so both are set.
    http: {
      connectionsCheckingInterval: Math.min(1000, Math.max(50, limits.requestTimeoutMs / 2)),
      headersTimeout: limits.requestTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
    },
    // Our own 503 body while draining (see `drain`), not Fastify's.
    return503OnClosing: false,
    // Reject wrong types instead of coercing them ("text": 5 is a client bug, not the string "5").
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
  });
  // The API speaks JSON only; Fastify's built-in text/plain parser would turn a form post into a confusing 400.
  app.removeContentTypeParser('text/plain');
  const chat = new ChatService({ store: options.store, bots: options.bots, logger: app.log as FastifyBaseLogger, ...options.chat });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiError) return reply.status(error.status).send(errorBody(error.code, error.message));
    if (error instanceof StoreUnavailableError) {
      request.log.warn({ err: error }, 'session store unavailable');
      return reply.status(503).send(errorBody('store_unavailable'));
    }
    if (error.validation) return reply.status(400).send(errorBody('invalid_body', `Invalid request: ${error.message}.`));
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(errorBody('payload_too_large'));
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return reply.status(415).send(errorBody('unsupported_media_type'));
    if (error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError)
      return reply.status(400).send(errorBody('invalid_json'));
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500)
      return reply.status(error.statusCode).send(errorBody('invalid_body', error.message));
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('internal'));
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(errorBody('not_found')));

  // Security headers on everything, computed once (@fastify/helmet builds helmet anew and re-parses the CSP on every
  // request). The editor's documents get helmet's full set; JSON answers get the few that apply to an API response.
  const documentHeaders = securityHeaders();
  const jsonHeaders = apiSecurityHeaders(documentHeaders);
  app.addHook('onRequest', function sendSecurityHeaders(request, reply, done) {
    reply.headers(servesDocuments(request.url) ? documentHeaders : jsonHeaders);
    done();
  });
  await app.register(cors, { origin: options.corsOrigins?.length ? options.corsOrigins : false });
  await app.register(rateLimit, {
    global: limits.perIpPerMinute > 0,
    max: Math.max(1, limits.perIpPerMinute),
    timeWindow: 60_000,
    errorResponseBuilder: (_request, context) => new ApiError('rate_limited', `Too many requests; retry in ${context.after}.`),
  });
  const uidLimit = limits.perUidPerMinute > 0
    ? app.createRateLimit({
        max: limits.perUidPerMinute,
        timeWindow: 60_000,
        keyGenerator: (request: FastifyRequest) => `uid:${(request.body as ChatRequest).bot ?? ''}:${(request.body as ChatRequest).uid ?? ''}`,
      })
    : null;

  // Graceful shutdown: count turns in flight; once draining, refuse new work with a JSON 503.
  let draining = false;
  let inFlight = 0;
  let idle: (() => void) | null = null;
  // Callback-style hooks: an async hook costs a promise per request, and these run on every one.
  app.addHook('onRequest', (request, reply, done) => {
    inFlight++; // every request that gets here also reaches onResponse, refused ones included
    if (draining && request.url !== '/healthz') {
      reply.status(503).header('connection', 'close').send(errorBody('shutting_down'));
      return;
    }
    done();
  });
  app.addHook('onResponse', (_request, _reply, done) => {
    if (--inFlight === 0) idle?.();
    done();
  });
  app.decorate('drain', async () => {
    draining = true;
    if (inFlight > 0) {
      await Promise.race([
        new Promise<void>((resolve) => (idle = resolve)),
        new Promise((resolve) => setTimeout(resolve, limits.shutdownGraceMs).unref()),
      ]);
    }
    await app.close();
  });

  app.post<{ Body: ChatRequest }>(
    '/v1/chat',
    {
      schema: {
        body: chatRequestSchema,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', minLength: 1, maxLength: 128 } } },
        response: { 200: chatResponseSchema, '4xx': errorSchema, '5xx': errorSchema },
      },
      // Per-uid limit after the body is parsed and validated (the uid is in the body); no hook at all when it is off.
      ...(uidLimit
        ? {
            preHandler: async (request: FastifyRequest<{ Body: ChatRequest }>, reply: FastifyReply) => {
              if (request.body.uid === undefined) return;
              const verdict = await uidLimit(request);
              if (!verdict.isAllowed && verdict.isExceeded) {
                reply.header('retry-after', verdict.ttlInSeconds);
                throw new ApiError('rate_limited', `Too many messages for this uid; retry in ${verdict.ttlInSeconds} s.`);
              }
            },
          }
        : {}),
    },
    async (request) => {
      const header = request.headers['idempotency-key'];
      const headerKey = typeof header === 'string' ? header : undefined;
      if (headerKey && request.body.messageId && headerKey !== request.body.messageId)
        throw new ApiError('invalid_body', 'messageId and the Idempotency-Key header differ.');
      const messageId = request.body.messageId ?? headerKey;
      return chat.handle({ ...request.body, ...(messageId ? { messageId } : {}) });
    },
  );

  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    try {
      await options.store.ping();
      return { status: 'ready', store: options.store.kind, bots: options.bots.names() };
    } catch (error) {
      const detail = error instanceof StoreUnavailableError ? error.message : 'store check failed';
      return reply.status(503).send({ status: 'not_ready', store: options.store.kind, ...errorBody('store_unavailable', detail) });
    }
  });

  if (options.flows) await app.register(flowsApi, { ...options.flows, bots: options.bots });
  if (options.editorDir !== undefined) await registerEditor(app, options.editorDir);

  return app;
}

/** The editor's pages and assets live under /editor/; every other route answers JSON. */
function servesDocuments(url: string): boolean {
  if (!url.startsWith(EDITOR_PREFIX)) return false;
  const next = url[EDITOR_PREFIX.length];
  return next === undefined || next === '/' || next === '?';
}

/**
 * Headers for JSON answers, after the OWASP REST Security Cheat Sheet: no caching of per-user answers, nothing may
 * frame or run from them, no MIME sniffing, HSTS. The rest of helmet's set (CSP sources, COOP, CORP, Origin-Agent-Cluster,
 * DNS prefetch, …) governs documents; on every chat turn it was 711 bytes (against these 214) that the server wrote
 * and every client parsed for nothing.
 */
export function apiSecurityHeaders(documentHeaders: Record<string, string>): Record<string, string> {
  return {
    'cache-control': 'no-store',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': documentHeaders['strict-transport-security'] ?? 'max-age=31536000; includeSubDomains',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
  };
}

/**
 * The headers helmet sets, captured once from its middleware. None depends on the request (no CSP nonces are used).
 * The CSP lets the editor run ONNX Runtime's wasm.
 */
export function securityHeaders(): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: string | number | readonly string[]) => (headers[name.toLowerCase()] = String(value)),
    removeHeader: () => {},
  };
  const middleware = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", "'wasm-unsafe-eval'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        // Helmet's default would make browsers fetch the editor's scripts over https from a server that speaks plain
        // http (any address but localhost): a blank page. TLS, where used, is terminated in front of this server.
        upgradeInsecureRequests: null,
      },
    },
    // The editor's simulator can open Stately Inspector in a pop-up (@statelyai/inspect talks to it with postMessage):
    // plain same-origin would sever the pop-up from its opener. Documents that open *us* are still kept apart.
    crossOriginOpenerPolicy: { policy: 'same-origin-allow-popups' },
  });
  let done = false;
  middleware({} as IncomingMessage, response as unknown as ServerResponse, () => (done = true));
  if (!done) throw new Error('helmet did not finish synchronously; its headers cannot be precomputed');
  return headers;
}
