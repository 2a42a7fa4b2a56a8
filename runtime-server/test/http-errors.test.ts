// Bad input and store outages get clear JSON errors with the right status — never a crash, never a 5xx for a client error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { BotRegistry } from '../src/bots/registry.ts';
import { MemorySessionStore, RedisSessionStore } from '../src/store/index.ts';
import { REDIS_URL, RedisProxy, testPrefix } from '../src/store/redis-test-utils.ts';
import { ticketsRuntime } from './harness.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
let app: App;

beforeAll(async () => {
  app = await buildApp({ store: new MemorySessionStore(), bots: BotRegistry.of([await ticketsRuntime()]) });
});
afterAll(async () => app?.close());

async function post(payload: string | object, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await app.inject({ method: 'POST', url: '/v1/chat', headers, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
  return { status: res.statusCode, body: res.json() as { error?: { code: string; message: string } } & Record<string, unknown> };
}

describe('POST /v1/chat input validation', () => {
  it.each([
    ['missing text', { uid: 'u1' }],
    ['empty text', { text: '' }],
    ['blank text', { text: '   \n\t' }],
    ['text of the wrong type', { text: 5 }],
    ['text over 2000 characters', { text: '订'.repeat(2001) }],
    ['uid with a glob character', { uid: 'user*', text: 'hi' }],
    ['uid with a newline', { uid: 'a\nb', text: 'hi' }],
    ['uid over 128 characters', { uid: 'u'.repeat(129), text: 'hi' }],
    ['empty uid', { uid: '', text: 'hi' }],
    ['unknown locale', { text: 'hi', locale: 'fr-FR' }],
    ['malformed bot name', { text: 'hi', bot: '../etc' }],
    ['unexpected field', { text: 'hi', admin: true }],
    ['an array instead of an object', [{ text: 'hi' }]],
  ])('400 for %s', async (_name, body) => {
    const { status, body: json } = await post(body);
    expect(status).toBe(400);
    expect(json.error?.code).toBe('invalid_body');
    expect(json.error?.message).toMatch(/\S/);
  });

  it('accepts exactly 2000 characters of text', async () => {
    const { status } = await post({ text: 'a'.repeat(2000) });
    expect(status).toBe(200);
  });

  it('400 invalid_json for a body that is not JSON, and for an empty body', async () => {
    expect(await post('{"text": "hi"')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
    expect(await post('')).toMatchObject({ status: 400, body: { error: { code: 'invalid_json' } } });
  });

  it('413 for a body over the limit', async () => {
    const { status, body } = await post({ text: 'x', padding: 'y'.repeat(40_000) });
    expect(status).toBe(413);
    expect(body.error?.code).toBe('payload_too_large');
  });

  it('415 for a body that is not JSON by content type', async () => {
    const { status, body } = await post('text=hi', { 'content-type': 'text/plain' });
    expect(status).toBe(415);
    expect(body.error?.code).toBe('unsupported_media_type');
  });

  it('404 unknown_bot for a bot that does not exist', async () => {
    const { status, body } = await post({ text: 'hi', bot: 'weather' });
    expect(status).toBe(404);
    expect(body.error).toEqual({ code: 'unknown_bot', message: 'No bot named "weather".' });
  });

  it('404 with a JSON error for an unknown route', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'No such route.' } });
  });

  it('honours an explicit locale over detection', async () => {
    const { status, body } = await post({ text: 'ok', locale: 'zh-CN' });
    expect(status).toBe(200);
    expect(String(body.reply)).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('health and readiness', () => {
  it('reports healthy and ready with the memory store', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).json()).toEqual({ status: 'ready', store: 'memory', bots: ['tickets'] });
  });
});

describe('when Redis goes away', () => {
  it('answers 503 store_unavailable quickly, reports not ready, and recovers without restart', async () => {
    const proxy = await new RedisProxy(REDIS_URL).start();
    const prefix = testPrefix();
    const store = await RedisSessionStore.connect({ url: proxy.url, prefix, commandTimeoutMs: 500 });
    const redisApp = await buildApp({ store, bots: BotRegistry.of([await ticketsRuntime()]) });
    try {
      const chat = () => redisApp.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'outage', text: '帮我订张票' } });
      expect((await chat()).statusCode).toBe(200);

      await proxy.cut();
      const started = Date.now();
      const down = await chat();
      expect(down.statusCode).toBe(503);
      expect(down.json()).toEqual({ error: { code: 'store_unavailable', message: expect.any(String) } });
      expect(Date.now() - started).toBeLessThan(3000);
      const ready = await redisApp.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'not_ready', error: { code: 'store_unavailable' } });

      await proxy.restore();
      let recovered = 0;
      for (let i = 0; i < 50 && recovered !== 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        recovered = (await redisApp.inject({ method: 'GET', url: '/readyz' })).statusCode;
      }
      expect(recovered).toBe(200);
      const after = await chat();
      expect(after.statusCode).toBe(200);
      // The session written before the outage is intact: the booking continues where it was.
      expect(after.json()).toMatchObject({ turn: 2, expecting: 'destination' });
    } finally {
      await redisApp.close();
      await store.close();
      await proxy.cut();
      const { Redis } = await import('ioredis');
      const admin = new Redis(REDIS_URL);
      const { deleteKeys } = await import('../src/store/redis-test-utils.ts');
      await deleteKeys(admin, prefix);
      admin.disconnect();
    }
  });
});
