// Runs the shared contract against RedisSessionStore, plus its key layout, round trips and failure policy.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis, type Command } from 'ioredis';
import { RedisSessionStore, DEFAULT_PREFIX, type RedisSessionStoreOptions } from './redis-store.ts';
import { describeSessionStoreContract, sampleData } from './store.contract.ts';
import { StoreUnavailableError } from './types.ts';
import { REDIS_URL, RedisProxy, deleteKeys, listKeys, startSilentServer, testPrefix } from './redis-test-utils.ts';

const base = testPrefix();
let counter = 0;
const nextPrefix = (): string => `${base}${++counter}:`;
let admin: Redis;

beforeAll(async () => {
  admin = new Redis(REDIS_URL, { lazyConnect: true });
  await admin.connect();
});

afterAll(async () => {
  await deleteKeys(admin, base);
  await admin.quit();
});

describeSessionStoreContract('redis', async ({ ttlSeconds }) => {
  const prefix = nextPrefix();
  const store = await RedisSessionStore.connect({ url: REDIS_URL, prefix, ttlSeconds });
  return {
    store,
    cleanup: async () => {
      await store.close();
      await deleteKeys(admin, prefix);
    },
  };
});

/** Resolves to how long the promise took to reject, after checking it rejected with StoreUnavailableError. */
async function rejectionTime(promise: Promise<unknown>): Promise<number> {
  const started = performance.now();
  await expect(promise).rejects.toBeInstanceOf(StoreUnavailableError);
  return performance.now() - started;
}

describe('RedisSessionStore', () => {
  const KEY = { bot: 'tickets', uid: 'u123' };
  const cleanups: Array<() => Promise<unknown> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function open(options: RedisSessionStoreOptions = {}): Promise<{ store: RedisSessionStore; prefix: string }> {
    const prefix = options.prefix ?? nextPrefix();
    const store = await RedisSessionStore.connect({ url: REDIS_URL, ...options, prefix });
    cleanups.push(() => store.close());
    return { store, prefix };
  }

  function rawClient(url = REDIS_URL): Redis {
    const client = new Redis(url);
    client.on('error', () => {}); // expected while tests cut connections
    cleanups.push(() => client.disconnect());
    return client;
  }

  describe('layout', () => {
    it('keeps one hash per session at <prefix><bot>:<uid> with exactly the listed fields', async () => {
      const { store, prefix } = await open();
      const data = sampleData({ flowVersion: 'tickets@7', locale: 'zh-CN', turn: 3 });
      await store.write(KEY, data, 0);
      const key = `${prefix}tickets:u123`;
      expect(store.keyOf(KEY)).toBe(key);
      expect(await admin.type(key)).toBe('hash');
      expect(await admin.hgetall(key)).toStrictEqual({
        snapshot: data.snapshot,
        slots: data.slots,
        orders: data.orders,
        turns: data.turns,
        flow: 'tickets@7',
        locale: 'zh-CN',
        turn: '3',
        rev: '1',
      });
      // A field added behind the store's back does not survive the next write.
      await admin.hset(key, 'stray', 'x');
      await store.write(KEY, data, 1);
      expect(Object.keys(await admin.hgetall(key)).sort()).toEqual(
        ['flow', 'locale', 'orders', 'rev', 'slots', 'snapshot', 'turn', 'turns'],
      );
      expect(await admin.hget(key, 'rev')).toBe('2');
      expect(await listKeys(admin, prefix)).toEqual([key]);
    });

    it('stores a JSON field longer than compressAbove deflated, and reads back the same text', async () => {
      const { store, prefix } = await open({ compressAbove: 1024 });
      const history = JSON.stringify(Array.from({ length: 20 }, (_, i) => ({ turn: i + 1, user: `我要订${i + 1}张去北京的票`, bot: '好的，确认吗？' })));
      const data = sampleData({ turns: history });
      await store.write(KEY, data, 0);
      const key = `${prefix}tickets:u123`;
      const stored = await admin.hgetBuffer(key, 'turns');
      expect(stored?.[0]).toBe(0); // packed, see field-compression.ts
      expect(stored!.length).toBeLessThan(Buffer.byteLength(history) / 3);
      expect(await admin.hget(key, 'slots')).toBe(data.slots); // small fields stay readable
      expect(await store.read(KEY)).toStrictEqual({ data, rev: 1 });
    });

    it('stores every field as text with compressAbove Infinity', async () => {
      const { store, prefix } = await open({ compressAbove: Infinity });
      const data = sampleData({ turns: JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ turn: i }))) });
      await store.write(KEY, data, 0);
      expect(await admin.hget(`${prefix}tickets:u123`, 'turns')).toBe(data.turns);
    });

    it('hands on a packed field that cannot be unpacked as an empty text, which the session codec treats as corrupt', async () => {
      const { store, prefix } = await open();
      await store.write(KEY, sampleData(), 0);
      await admin.hset(`${prefix}tickets:u123`, 'orders', Buffer.from([0, 1, 0xde, 0xad, 0xbe, 0xef]));
      expect((await store.read(KEY))?.data.orders).toBe('');
    });

    it('uses the sc: prefix by default', async () => {
      const { store } = await open({ prefix: DEFAULT_PREFIX });
      expect(store.prefix).toBe('sc:');
      expect(store.keyOf(KEY)).toBe('sc:tickets:u123'); // computed only; nothing is written under sc:
    });

    it('isolates stores with different prefixes', async () => {
      const a = await open();
      const b = await open();
      await a.store.write(KEY, sampleData({ turn: 1 }), 0);
      expect(await b.store.read(KEY)).toBeNull();
      await b.store.write(KEY, sampleData({ turn: 2 }), 0);
      expect(await a.store.read(KEY)).toMatchObject({ data: { turn: 1 }, rev: 1 });
    });

    it('reports a malformed hash or a key of the wrong type as StoreUnavailableError', async () => {
      const { store, prefix } = await open();
      await admin.hset(`${prefix}tickets:half`, 'snapshot', '{}');
      await expect(store.read({ bot: 'tickets', uid: 'half' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await admin.set(`${prefix}tickets:str`, 'not a hash');
      const write = store.write({ bot: 'tickets', uid: 'str' }, sampleData(), 0);
      await expect(write).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(write).rejects.toHaveProperty('cause.message', expect.stringContaining('WRONGTYPE'));
    });
  });

  describe('TTL', () => {
    it('sets a TTL in (0, ttlSeconds] on every write', async () => {
      const { store, prefix } = await open({ ttlSeconds: 86_400 });
      const key = `${prefix}tickets:u123`;
      for (let rev = 0; rev < 3; rev++) {
        await store.write(KEY, sampleData({ turn: rev }), rev);
        const ttl = await admin.ttl(key);
        const pttl = await admin.pttl(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(86_400);
        expect(pttl).toBeGreaterThan(86_390_000);
        expect(pttl).toBeLessThanOrEqual(86_400_000);
      }
    });

    it('uses the default one-day TTL and honours a custom one', async () => {
      const byDefault = await open();
      expect(byDefault.store.ttlSeconds).toBe(86_400);
      const custom = await open({ ttlSeconds: 120 });
      await custom.store.write(KEY, sampleData(), 0);
      const ttl = await admin.ttl(`${custom.prefix}tickets:u123`);
      expect(ttl).toBeGreaterThan(110);
      expect(ttl).toBeLessThanOrEqual(120);
    });

    it('refreshes the TTL on a successful write, not on a conflicting one', async () => {
      const { store, prefix } = await open({ ttlSeconds: 86_400 });
      const key = `${prefix}tickets:u123`;
      await store.write(KEY, sampleData(), 0);
      await admin.pexpire(key, 5_000);
      expect(await store.write(KEY, sampleData(), 0)).toEqual({ ok: false, reason: 'conflict' });
      expect(await admin.pttl(key)).toBeLessThanOrEqual(5_000);
      await store.write(KEY, sampleData(), 1);
      expect(await admin.pttl(key)).toBeGreaterThan(86_390_000);
    });
  });

  describe('round trips', () => {
    it('sends exactly one command per read and per write', async () => {
      const client = rawClient();
      const { store } = await open({ client });
      const sent = vi.spyOn(client, 'sendCommand');
      const names = (): string[] => sent.mock.calls.map(([command]) => (command as Command).name);

      // Names are read after sending, so they show what went on the wire: the script in full
      // once per connection (EVAL), then by hash (EVALSHA); never an extra SCRIPT LOAD or HGET.
      expect(await store.write(KEY, sampleData(), 0)).toMatchObject({ ok: true });
      expect(await store.write(KEY, sampleData(), 1)).toMatchObject({ ok: true });
      expect(await store.write(KEY, sampleData(), 1)).toMatchObject({ ok: false });
      expect(names()).toEqual(['eval', 'evalsha', 'evalsha']);
      sent.mockClear();

      expect(await store.read(KEY)).toMatchObject({ rev: 2 });
      expect(await store.read({ bot: 'tickets', uid: 'nobody' })).toBeNull();
      expect(names()).toEqual(['hgetall', 'hgetall']);
    });
  });

  describe('failure policy', () => {
    it('rejects connecting to a port with nothing listening within 3 s, naming the URL', async () => {
      const started = performance.now();
      const connecting = RedisSessionStore.connect({ url: 'redis://127.0.0.1:1' });
      await expect(connecting).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(connecting).rejects.toThrow(/redis:\/\/127\.0\.0\.1:1\b/);
      await expect(connecting).rejects.toHaveProperty('cause');
      expect(performance.now() - started).toBeLessThan(3_000);
    });

    it('never puts the password into the connect error', async () => {
      const error: unknown = await RedisSessionStore.connect({ url: 'redis://alice:s3cret@127.0.0.1:1/2' }).catch((e) => e);
      expect(error).toBeInstanceOf(StoreUnavailableError);
      const message = (error as Error).message;
      expect(message).toContain('redis://alice@127.0.0.1:1/2');
      expect(message).not.toContain('s3cret');
    });

    it('gives up connecting after connectTimeoutMs when the server never answers', async () => {
      const silent = await startSilentServer();
      cleanups.push(() => silent.close());
      const started = performance.now();
      const connecting = RedisSessionStore.connect({ url: silent.url, connectTimeoutMs: 300 });
      await expect(connecting).rejects.toThrow(StoreUnavailableError);
      await expect(connecting).rejects.toThrow(/within 300 ms/);
      expect(performance.now() - started).toBeLessThan(1_500);
    });

    it('rejects quickly when its client is disconnected underneath it', async () => {
      const client = rawClient();
      const { store } = await open({ client, commandTimeoutMs: 500 });
      await store.write(KEY, sampleData(), 0);
      client.disconnect();
      expect(await rejectionTime(store.read(KEY))).toBeLessThan(1_000);
      expect(await rejectionTime(store.write(KEY, sampleData(), 1))).toBeLessThan(1_000);
      expect(await rejectionTime(store.ping())).toBeLessThan(1_000);
    });

    it('fails fast while Redis is gone, without queueing, and heals when it returns', async () => {
      const proxy = await new RedisProxy(REDIS_URL).start();
      cleanups.push(() => proxy.cut());
      const { store } = await open({ url: proxy.url });
      const written = sampleData({ locale: 'fr' });
      await store.write(KEY, written, 0);

      await proxy.cut();
      const started = performance.now();
      const attempts = [
        ...Array.from({ length: 50 }, () => store.read(KEY)),
        store.write(KEY, sampleData(), 1),
        store.ping(),
      ];
      const outcomes = await Promise.allSettled(attempts);
      expect(performance.now() - started).toBeLessThan(1_000);
      for (const outcome of outcomes) {
        expect(outcome.status).toBe('rejected');
        expect((outcome as PromiseRejectedResult).reason).toBeInstanceOf(StoreUnavailableError);
      }

      await proxy.restore();
      await vi.waitFor(() => store.ping(), { timeout: 5_000, interval: 100 });
      expect(await store.read(KEY)).toStrictEqual({ data: written, rev: 1 });
    });

    it('rejects after commandTimeoutMs when Redis stops answering', async () => {
      const proxy = await new RedisProxy(REDIS_URL).start();
      cleanups.push(() => proxy.cut());
      const { store } = await open({ url: proxy.url, commandTimeoutMs: 300 });
      await store.ping();
      proxy.stall();
      const elapsed = await rejectionTime(store.read(KEY));
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(1_000);
      await expect(store.write(KEY, sampleData(), 0)).rejects.toThrow(/timed out after 300 ms/);
    });
  });

  describe('lifecycle', () => {
    it('waits for a passed-in client that is still connecting', async () => {
      const client = rawClient();
      expect(client.status).not.toBe('ready');
      const { store } = await open({ client });
      expect(client.status).toBe('ready');
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('close() leaves a passed-in client open', async () => {
      const client = rawClient();
      const { store } = await open({ client });
      await store.close();
      expect(client.status).toBe('ready');
      expect(await client.ping()).toBe('PONG');
    });

    it('close() quits the client it created', async () => {
      const quit = vi.spyOn(Redis.prototype, 'quit');
      try {
        const { store } = await open();
        await store.close();
        expect(quit).toHaveBeenCalledTimes(1);
      } finally {
        quit.mockRestore();
      }
    });

    it('rejects bad options with a TypeError', async () => {
      await expect(RedisSessionStore.connect({ url: REDIS_URL, ttlSeconds: 0 })).rejects.toBeInstanceOf(TypeError);
      await expect(RedisSessionStore.connect({ url: REDIS_URL, ttlSeconds: 1.5 })).rejects.toBeInstanceOf(TypeError);
      await expect(RedisSessionStore.connect({ url: REDIS_URL, commandTimeoutMs: -1 })).rejects.toBeInstanceOf(TypeError);
      await expect(RedisSessionStore.connect({ url: REDIS_URL, connectTimeoutMs: 0 })).rejects.toBeInstanceOf(TypeError);
      await expect(RedisSessionStore.connect({ url: REDIS_URL, compressAbove: 0 })).rejects.toBeInstanceOf(TypeError);
      await expect(RedisSessionStore.connect({ url: REDIS_URL, compressAbove: Number.NaN })).rejects.toBeInstanceOf(TypeError);
    });
  });
});
