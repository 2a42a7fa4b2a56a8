// Picks the session store from configuration: Redis when a URL is configured, memory otherwise.
import { MemorySessionStore } from './memory-store.ts';
import { RedisSessionStore } from './redis-store.ts';
import type { SessionStore } from './types.ts';

export interface SessionStoreConfig {
  /** Redis URL; when set, Redis must be reachable. Empty or blank counts as unset (as with an empty env var). */
  redisUrl?: string;
  /** Redis key prefix. Default `sc:`. */
  prefix?: string;
  /** Idle lifetime of a session. Default 86400. */
  ttlSeconds?: number;
  /** Redis only: fields longer than this many bytes are stored deflated. Default 1024. */
  compressAbove?: number;
}

/**
 * Never falls back to memory when Redis is configured but unreachable: with several servers,
 * a silent fallback would split session state. The StoreUnavailableError is the caller's to report.
 */
export async function createSessionStore(config: SessionStoreConfig = {}): Promise<SessionStore> {
  const redisUrl = config.redisUrl?.trim();
  if (redisUrl) {
    return RedisSessionStore.connect({ url: redisUrl, prefix: config.prefix, ttlSeconds: config.ttlSeconds, compressAbove: config.compressAbove });
  }
  return new MemorySessionStore({ ttlSeconds: config.ttlSeconds });
}
