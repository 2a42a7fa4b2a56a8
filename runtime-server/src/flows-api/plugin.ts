// The flows API: read bots and their versions, save drafts, publish (hot reload without restart), roll back.
import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ModelCache } from '../bots/model-cache.ts';
import type { BotRegistry } from '../bots/registry.ts';
import type { BotRepository } from '../bots/repository.ts';
import { ApiError, errorBody } from '../errors.ts';
import { requireEditorToken } from './auth.ts';
import { checkDefinition } from './problems.ts';
import { BotPublisher, InvalidFlowError, type PublisherOptions, type PublishResult } from './publisher.ts';
import {
  botListResponse, botParams, botResponse, definitionSchema, draftResponse, errorSchema, invalidFlowSchema,
  publishBody, publishResponse, rollbackBody, versionsResponse,
} from './schemas.ts';

/** What `buildApp` needs to serve the flows API (`AppOptions.flows`). */
export interface FlowsApiOptions {
  repository: BotRepository;
  /** Bearer token for the write routes (PUT draft, publish, rollback). */
  editorToken: string;
  /** The server-wide `TZ` override, applied to published versions exactly as at start-up. */
  timeZone?: string | undefined;
  /** Where trained models are kept between builds and runs (`MODEL_CACHE_DIR`). */
  modelCache?: ModelCache | undefined;
  /** Replaces the worker-thread build (tests). */
  buildRuntime?: PublisherOptions['buildRuntime'];
  releaseGraceMs?: number;
  /** The other server processes serving the same repository (cluster workers); none when this process is alone. */
  peers?: PublishPeers;
}

/** How server processes that share a bot repository tell each other about publishes (`cluster.ts` relays them). */
export interface PublishPeers {
  /** This process published `version` of `bot`; resolves once every other process serves it (or gave up waiting). */
  announce(bot: string, version: number): Promise<void>;
  /** Registers how to adopt a version another process published; the returned promise settles when it is done. */
  onAnnounce(adopt: (bot: string, version: number) => Promise<unknown>): void;
}

/** Drafts carry whole bots with their training examples; the chat API's 32 KB limit does not apply here. */
export const DRAFT_BODY_LIMIT_BYTES = 2 * 1024 * 1024;

type BotParams = { bot: string };
const DEFAULT_AUTHOR = 'editor';

const errors = { '4xx': errorSchema, '5xx': errorSchema } as const;

export const flowsApi: FastifyPluginAsync<FlowsApiOptions & { bots: BotRegistry }> = async (app: FastifyInstance, options) => {
  if (!options.editorToken) throw new Error('the flows API needs an editor token');
  const { repository, bots } = options;
  const publisher = new BotPublisher({
    repository,
    bots,
    timeZone: options.timeZone,
    modelCache: options.modelCache,
    logger: app.log,
    ...(options.buildRuntime ? { buildRuntime: options.buildRuntime } : {}),
    ...(options.releaseGraceMs !== undefined ? { releaseGraceMs: options.releaseGraceMs } : {}),
    ...(options.peers ? { onPublished: (bot: string, version: number) => options.peers?.announce(bot, version) } : {}),
  });
  options.peers?.onAnnounce((bot, version) =>
    publisher.adoptPublished(bot, version).catch((error: unknown) =>
      app.log.error({ bot, version, err: error }, 'could not adopt a version another server process published')));
  const auth = requireEditorToken(options.editorToken);

  app.get('/v1/bots', { schema: { response: { 200: botListResponse, ...errors } } }, async () => {
    const names = await repository.listBots();
    const list = await Promise.all(
      names.map(async (name) => {
        const [published, draft] = await Promise.all([latestMeta(repository, name), repository.getDraft(name)]);
        const times = [published?.publishedAt, draft?.savedAt].filter((t): t is string => !!t).sort();
        return {
          name,
          version: published?.version ?? null,
          publishedAt: published?.publishedAt ?? null,
          updatedAt: times.at(-1) ?? null,
          hasDraft: draft !== null,
        };
      }),
    );
    return { bots: list };
  });

  app.get<{ Params: BotParams }>(
    '/v1/bots/:bot',
    { schema: { params: botParams, response: { 200: botResponse, ...errors } } },
    async (request) => {
      const { bot } = request.params;
      const [published, draft] = await Promise.all([repository.getPublished(bot), repository.getDraft(bot)]);
      if (!published && !draft) throw new ApiError('unknown_bot', `No bot named "${bot}".`);
      const check = draft ? checkDefinition(bot, draft.definition) : null;
      return {
        name: bot,
        published: published && {
          version: published.version,
          publishedAt: published.publishedAt,
          author: published.author,
          message: published.message,
          contentHash: published.contentHash,
          definition: published.definition,
        },
        draft: draft && { definition: draft.definition, savedAt: draft.savedAt, problems: check!.problems, publishable: check!.publishable },
      };
    },
  );

  app.put<{ Params: BotParams; Body: Record<string, unknown> }>(
    '/v1/bots/:bot/draft',
    {
      onRequest: auth,
      bodyLimit: DRAFT_BODY_LIMIT_BYTES,
      schema: { params: botParams, body: definitionSchema, response: { 200: draftResponse, ...errors } },
    },
    async (request) => {
      const { bot } = request.params;
      // Drafts may be work in progress: they are saved with their problems; publishing is what refuses errors.
      const check = checkDefinition(bot, request.body);
      const draft = await repository.saveDraft(bot, request.body);
      return { name: bot, savedAt: draft.savedAt, problems: check.problems, publishable: check.publishable };
    },
  );

  app.post<{ Params: BotParams; Body: { author?: string; message?: string } | undefined }>(
    '/v1/bots/:bot/publish',
    {
      onRequest: auth,
      // The body is optional (`curl -X POST …/publish` with no body publishes with the default author).
      preValidation: async (request) => {
        request.body ??= {};
      },
      schema: { params: botParams, body: publishBody, response: { 200: publishResponse, 422: invalidFlowSchema, ...errors } },
    },
    async (request, reply) => {
      const { bot } = request.params;
      const meta = { author: request.body?.author ?? DEFAULT_AUTHOR, message: request.body?.message ?? null };
      return respond(reply, bot, () => publisher.publishDraft(bot, meta));
    },
  );

  app.get<{ Params: BotParams }>(
    '/v1/bots/:bot/versions',
    { schema: { params: botParams, response: { 200: versionsResponse, ...errors } } },
    async (request) => {
      const { bot } = request.params;
      const versions = await repository.listVersions(bot);
      if (versions.length === 0 && !(await repository.getDraft(bot))) throw new ApiError('unknown_bot', `No bot named "${bot}".`);
      return { name: bot, versions };
    },
  );

  app.post<{ Params: BotParams; Body: { version: number; author?: string; message?: string } }>(
    '/v1/bots/:bot/rollback',
    {
      onRequest: auth,
      schema: { params: botParams, body: rollbackBody, response: { 200: publishResponse, 422: invalidFlowSchema, ...errors } },
    },
    async (request, reply) => {
      const { bot } = request.params;
      const { version, author, message } = request.body;
      return respond(reply, bot, () => publisher.rollback(bot, version, { author: author ?? DEFAULT_AUTHOR, message: message ?? null }));
    },
  );
};

async function respond(reply: FastifyReply, bot: string, publish: () => Promise<PublishResult>) {
  try {
    const { version, buildMs } = await publish();
    const { definition: _definition, bot: _bot, ...meta } = version;
    return { name: bot, ...meta, buildMs };
  } catch (error) {
    if (error instanceof InvalidFlowError)
      return reply.status(422).send({ ...errorBody('invalid_flow', error.message), problems: error.problems });
    throw error;
  }
}

async function latestMeta(repository: BotRepository, bot: string) {
  return (await repository.listVersions(bot))[0] ?? null;
}
