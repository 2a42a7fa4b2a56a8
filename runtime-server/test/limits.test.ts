// Abuse limits and lifecycle: per-uid and per-IP rate limits (429 + Retry-After), slow requests cut off, graceful drain.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp, type ServiceLimits } from '../src/app.ts';
import { BotRegistry } from '../src/bots/registry.ts';
import { MemorySessionStore, type SessionStore } from '../src/store/index.ts';
import { ticketsRuntime } from './harness.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
const apps: App[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((a) => a.close()));
});

async function appWith(limits: Partial<ServiceLimits>, store: SessionStore = new MemorySessionStore()): Promise<App> {
  const app = await buildApp({ store, bots: BotRegistry.of([await ticketsRuntime()]), limits });
  apps.push(app);
  return app;
}

const chat = (app: App, body: object, remoteAddress = '10.0.0.1') =>
  app.inject({ method: 'POST', url: '/v1/chat', payload: body, remoteAddress });

describe('rate limits', () => {
  it('limits turns per uid: the 6th message in a minute gets 429 with Retry-After, other uids go on', async () => {
    const app = await appWith({ perUidPerMinute: 5, perIpPerMinute: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await chat(app, { uid: 'chatty', text: '你好' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await chat(app, { uid: 'chatty', text: '你好' });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await chat(app, { uid: 'quiet', text: '你好' })).statusCode).toBe(200);
    console.log(`[limits] per-uid: ${statuses.filter((s) => s === 429).length + 1} of 7 over-limit turns refused with 429, Retry-After ${limited.headers['retry-after']} s`);
  });

  it('limits requests per client address across uids and routes', async () => {
    const app = await appWith({ perUidPerMinute: 0, perIpPerMinute: 4 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await chat(app, { uid: `u${i}`, text: 'hi' }, '10.0.0.7')).statusCode);
    const health = await app.inject({ method: 'GET', url: '/readyz', remoteAddress: '10.0.0.7' });
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(health.statusCode).toBe(429);
    expect(health.headers['retry-after']).toBeDefined();
    expect(health.json()).toMatchObject({ error: { code: 'rate_limited' } });
    expect((await chat(app, { text: 'hi' }, '10.0.0.8')).statusCode).toBe(200);
  });
});

describe('slow requests', () => {
  it('closes a connection whose request does not arrive within the request timeout', async () => {
    const app = await appWith({ requestTimeoutMs: 300 });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    // Node checks request deadlines on a timer; make it tick fast enough for a test.
    const started = Date.now();
    const outcome = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write('POST /v1/chat HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":');
      });
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
      setTimeout(() => { resolve('still open'); socket.destroy(); }, 45_000).unref();
    });
    const waited = Date.now() - started;
    expect(outcome).not.toBe('still open');
    expect(outcome === '' || outcome.startsWith('HTTP/1.1 408')).toBe(true);
    console.log(`[limits] slow request cut off after ${waited} ms (request timeout 300 ms)`);
  }, 60_000);
});

describe('graceful shutdown', () => {
  it('drain(): the turn in flight finishes, new requests get 503 shutting_down, readiness fails', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const memory = new MemorySessionStore();
    // A store whose next read waits for the test: a turn that is in flight when shutdown starts.
    const slow: SessionStore = {
      kind: 'memory',
      read: async (key) => {
        await gate;
        return memory.read(key);
      },
      write: (key, data, rev) => memory.write(key, data, rev),
      ping: () => memory.ping(),
      close: () => memory.close(),
    };
    const app = await buildApp({ store: slow, bots: BotRegistry.of([await ticketsRuntime()]) });
    // `inject` starts on `then`; Promise.resolve makes the request start now, not when awaited.
    const inFlight = Promise.resolve(app.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'in-flight', text: '帮我订张票' } }));
    await new Promise((r) => setTimeout(r, 50));
    const drained = app.drain();
    const refused = await app.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'late', text: 'hi' } });
    const ready = await app.inject({ method: 'GET', url: '/readyz' });
    release();
    const finished = await inFlight;
    await drained;
    expect(refused.statusCode).toBe(503);
    expect(refused.json()).toMatchObject({ error: { code: 'shutting_down' } });
    expect(ready.statusCode).toBe(503);
    expect(finished.statusCode).toBe(200);
    expect(finished.json()).toMatchObject({ uid: 'in-flight', expecting: 'destination' });
    expect((await memory.read({ bot: 'tickets', uid: 'in-flight' }))?.data.turn).toBe(1);
    console.log('[limits] graceful shutdown: 1 turn in flight finished (200, committed), 1 new request refused with 503');
  });
});
