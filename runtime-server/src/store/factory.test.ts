// createSessionStore: memory without a URL, Redis with one, and an error (never a fallback) when Redis is unreachable.
import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { createSessionStore } from './factory.ts';
import { MemorySessionStore } from './memory-store.ts';
import { RedisSessionStore } from './redis-store.ts';
import { StoreUnavailableError } from './types.ts';
import { sampleData } from './store.contract.ts';
import { REDIS_URL, deleteKeys, testPrefix } from './redis-test-utils.ts';

describe('createSessionStore', () => {
  const prefix = testPrefix();

  afterAll(async () => {
    const admin = new Redis(REDIS_URL, { lazyConnect: true });
    await admin.connect();
    await deleteKeys(admin, prefix);
    await admin.quit();
  });

  it('returns a memory store when no Redis URL is configured', async () => {
    for (const config of [{}, { redisUrl: undefined }, { redisUrl: '' }, { redisUrl: '  ' }]) {
      const store = await createSessionStore(config);
      expect(store.kind).toBe('memory');
      expect(store).toBeInstanceOf(MemorySessionStore);
      await store.close();
    }
  });

  it('passes ttlSeconds to the memory store', async () => {
    const store = await createSessionStore({ ttlSeconds: 60 });
    expect((store as MemorySessionStore).ttlSeconds).toBe(60);
    await store.close();
  });

  it('returns a connected Redis store with the given prefix and TTL', async () => {
    const store = await createSessionStore({ redisUrl: REDIS_URL, prefix, ttlSeconds: 90 });
    try {
      expect(store.kind).toBe('redis');
      expect(store).toBeInstanceOf(RedisSessionStore);
      const redis = store as RedisSessionStore;
      expect(redis.prefix).toBe(prefix);
      expect(redis.ttlSeconds).toBe(90);
      const key = { bot: 'tickets', uid: 'u1' };
      expect(await store.write(key, sampleData(), 0)).toEqual({ ok: true, rev: 1 });
      expect(await store.read(key)).toStrictEqual({ data: sampleData(), rev: 1 });
    } finally {
      await store.close();
    }
  });

  it('fails, and does not fall back to memory, when the configured Redis is unreachable', async () => {
    await expect(createSessionStore({ redisUrl: 'redis://127.0.0.1:1' })).rejects.toBeInstanceOf(StoreUnavailableError);
  });
});
