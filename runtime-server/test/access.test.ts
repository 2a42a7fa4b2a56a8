// Access from browsers and strangers: CORS only for configured origins, security headers, no way to list sessions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, securityHeaders } from '../src/app.ts';
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
  it('answers JSON with the headers that apply to an API: no caching, no framing, no sniffing, HSTS, a CSP that allows nothing', async () => {
    for (const [method, url] of [['GET', '/healthz'], ['POST', '/v1/chat'], ['GET', '/no-such-route']] as const) {
      const res = await closed.inject({ method, url, ...(method === 'POST' ? { payload: { text: 'hi' } } : {}) });
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['cache-control'], url).toBe('no-store');
      expect(res.headers['strict-transport-security'], url).toMatch(/max-age=/);
      expect(res.headers['content-security-policy'], url).toBe("default-src 'none'; frame-ancestors 'none'");
      // Document-only headers stay off JSON answers.
      expect(res.headers['cross-origin-opener-policy'], url).toBeUndefined();
    }
  });

  it("gives the editor's documents helmet's full set, with a CSP that lets ONNX Runtime's wasm run and nothing from elsewhere", async () => {
    const headers = securityHeaders();
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/max-age=/);
    const csp = String(headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("'wasm-unsafe-eval'");
    expect(csp.split(/[\s;]+/)).not.toContain("'unsafe-eval'");
    expect(csp).not.toContain('*');
    // Pop-ups the editor opens (Stately Inspector) keep their opener; a document that opens this one does not get it.
    expect(headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
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
