// JSON schemas of the flows API: request validation and response serialization.
import { BOT_NAME_PATTERN } from '../bots/content.ts';

export const botParams = {
  type: 'object',
  required: ['bot'],
  properties: { bot: { type: 'string', pattern: BOT_NAME_PATTERN } },
} as const;

/** A bot definition is any JSON object here; its content is judged by the engine's checks and reported as problems. */
export const definitionSchema = { type: 'object', additionalProperties: true } as const;

export const publishBody = {
  type: 'object',
  additionalProperties: false,
  properties: {
    author: { type: 'string', minLength: 1, maxLength: 200 },
    message: { type: 'string', maxLength: 2000 },
  },
} as const;

export const rollbackBody = {
  type: 'object',
  required: ['version'],
  additionalProperties: false,
  properties: {
    version: { type: 'integer', minimum: 1 },
    author: { type: 'string', minLength: 1, maxLength: 200 },
    message: { type: 'string', maxLength: 2000 },
  },
} as const;

const nameChanges = {
  type: 'object',
  properties: {
    added: { type: 'array', items: { type: 'string' } },
    removed: { type: 'array', items: { type: 'string' } },
    changed: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const diffSchema = {
  type: 'object',
  properties: {
    states: nameChanges,
    intents: nameChanges,
    slots: nameChanges,
    examples: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: { type: 'object', properties: { added: { type: 'integer' }, removed: { type: 'integer' } } },
      },
    },
    settings: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const problemSchema = {
  type: 'object',
  properties: {
    severity: { type: 'string' },
    code: { type: 'string' },
    message: { type: 'string' },
    path: { type: ['string', 'null'] },
  },
} as const;

const problems = { type: 'array', items: problemSchema } as const;

const versionMetaProperties = {
  version: { type: 'integer' },
  publishedAt: { type: 'string' },
  author: { type: 'string' },
  message: { type: ['string', 'null'] },
  contentHash: { type: 'string' },
  source: { type: 'string' },
  rollbackOf: { type: ['integer', 'null'] },
  diff: diffSchema,
} as const;

export const versionMetaSchema = { type: 'object', properties: versionMetaProperties } as const;

export const botListResponse = {
  type: 'object',
  properties: {
    bots: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          name: { type: 'string' },
          version: { type: ['integer', 'null'] },
          publishedAt: { type: ['string', 'null'] },
          updatedAt: { type: ['string', 'null'] },
          hasDraft: { type: 'boolean' },
        },
      },
    },
  },
} as const;

export const botResponse = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    published: {
      anyOf: [
        {
          type: 'object',
          properties: {
            version: { type: 'integer' },
            publishedAt: { type: 'string' },
            author: { type: 'string' },
            message: { type: ['string', 'null'] },
            contentHash: { type: 'string' },
            definition: definitionSchema,
          },
        },
        { type: 'null' },
      ],
    },
    draft: {
      anyOf: [
        { type: 'object', properties: { definition: definitionSchema, savedAt: { type: 'string' }, problems, publishable: { type: 'boolean' } } },
        { type: 'null' },
      ],
    },
  },
} as const;

export const draftResponse = {
  type: 'object',
  properties: { name: { type: 'string' }, savedAt: { type: 'string' }, problems, publishable: { type: 'boolean' } },
} as const;

export const publishResponse = {
  type: 'object',
  properties: { name: { type: 'string' }, ...versionMetaProperties, buildMs: { type: 'integer' } },
} as const;

export const versionsResponse = {
  type: 'object',
  properties: { name: { type: 'string' }, versions: { type: 'array', items: versionMetaSchema } },
} as const;

export const errorSchema = {
  type: 'object',
  properties: { error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } } },
} as const;

export const invalidFlowSchema = {
  type: 'object',
  properties: { ...errorSchema.properties, problems },
} as const;
