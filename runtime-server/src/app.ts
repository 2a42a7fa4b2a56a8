// The HTTP surface: routes with their JSON schemas, and one error handler that maps every failure to { error }.
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { LOCALES } from '@statecraft/engine';
import type { BotRegistry } from './bots/registry.ts';
import { ChatService, type ChatRequest, type ChatServiceDeps } from './chat/chat-service.ts';
import { ApiError, errorBody } from './errors.ts';
import { StoreUnavailableError, type SessionStore } from './store/index.ts';

export interface AppOptions {
  store: SessionStore;
  bots: BotRegistry;
  logger?: boolean | { level: string };
  chat?: Partial<Omit<ChatServiceDeps, 'store' | 'bots' | 'logger'>>;
}

/** Bodies are small: 2,000 characters of text is at most ~8 KB of UTF-8; anything near this limit is abuse. */
export const BODY_LIMIT_BYTES = 32 * 1024;

const chatRequestSchema = {
  type: 'object',
  required: ['text'],
  additionalProperties: false,
  properties: {
    uid: { type: 'string', pattern: '^[A-Za-z0-9_.:-]{1,128}$' },
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
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT_BYTES,
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

  app.post<{ Body: ChatRequest }>(
    '/v1/chat',
    { schema: { body: chatRequestSchema, response: { 200: chatResponseSchema, '4xx': errorSchema, '5xx': errorSchema } } },
    async (request) => chat.handle(request.body),
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

  return app;
}
