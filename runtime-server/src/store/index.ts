// Public surface of the session stores.
export { StoreUnavailableError } from './types.ts';
export type { SessionData, SessionKey, SessionStore, StoredSession, WriteResult } from './types.ts';
export { MemorySessionStore, type MemorySessionStoreOptions } from './memory-store.ts';
export {
  RedisSessionStore,
  DEFAULT_PREFIX,
  DEFAULT_REDIS_URL,
  SESSION_HASH_FIELDS,
  redactUrl,
  type RedisSessionStoreOptions,
} from './redis-store.ts';
export { createSessionStore, type SessionStoreConfig } from './factory.ts';
export { BOT_PATTERN, UID_PATTERN, DEFAULT_TTL_SECONDS } from './validate.ts';
