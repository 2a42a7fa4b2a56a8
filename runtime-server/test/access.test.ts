// Access from browsers and strangers: CORS only for configured origins, security headers, no way to list sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { BotRegistry } from '../src/bots/registry.ts';
import { MemorySessionStore } from '../src/store/index.ts';
import { ticketsRuntime } from './harness.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
let open: App;
let closed: App;

beforeAll(async () => {
  const bots = BotRegistry.of([await ticketsRuntime()]);
  open = await buildApp({ store: new MemorySessionStore(), bots, corsOrigins: ['https://shop.example.com'] });
  closed = await buildApp({ store: new MemorySessionStore(), bots });
});
afterAll(async () => Promise.all([open?.close(), closed?.close()]));

const preflight = (app: App, origin: string) =>
  app.inject({ method: 'OPTIONS', url: '/v1/chat', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

describe('CORS', () => {
  it('allows a configured origin', async () => {
    const res = await preflight(open, 'https://shop.example.com');
    expect(res.statusCode).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example.com');
  });

  it('gives no CORS grant to any other origin, nor to anyone when none is configured', async () => {
    for (const [app, origin] of [[open, 'https://evil.example.net'], [closed, 'https://shop.example.com']] as const) {
      const res = await preflight(app, origin);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const chat = await app.inject({ method: 'POST', url: '/v1/chat', headers: { origin }, payload: { text: 'hi' } });
      expect(chat.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('security headers', () => {
  it('sends helmet headers, with a CSP that lets the editor run ONNX Runtime wasm and nothing from elsewhere', async () => {
    const res = await closed.inject({ method: 'GET', url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['strict-transport-security']).toMatch(/max-age=/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp.split(/[\s;]+/)).not.toContain("'unsafe-eval'");
    expect(csp).not.toContain('*');
    // Pop-ups the editor opens (Stately Inspector) keep their opener; a document that opens this one does not get it.
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
  });
});

describe('sessions are reachable only by their uid', () => {
  it('has no route that lists or reads sessions', async () => {
    await closed.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'private-1', text: '帮我订张票' } });
    for (const url of ['/v1/sessions', '/v1/sessions/private-1', '/v1/chat/private-1', '/v1/chat?uid=private-1', '/v1/users']) {
      const res = await closed.inject({ method: 'GET', url });
      expect([404, 405], url).toContain(res.statusCode);
      expect(res.body).not.toContain('private-1');
    }
  });

  it('a request under another uid starts its own conversation and never sees the first one', async () => {
    const mine = await closed.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'alice', text: '我要订一张明天去北京的票' } });
    expect(mine.json()).toMatchObject({ slots: { destination: '北京' } });
    const other = await closed.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'mallory', text: '查一下我的订单' } });
    expect(JSON.stringify(other.json())).not.toContain('北京');
  });
});
