// The runtime server serves the built editor at /editor/: index and SPA fallback revalidated, hashed assets cached
// for a year, .wasm as application/wasm, the CSP on every page; and a clear JSON 503 when there is no build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { BotRegistry } from '../src/bots/registry.ts';
import { MemorySessionStore } from '../src/store/index.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
const dist = mkdtempSync(join(tmpdir(), 'editor-dist-'));
const INDEX = '<!doctype html><html><body><div id="root"></div><script type="module" src="/editor/assets/index-AbC123.js"></script></body></html>';
let app: App;
let bare: App;

beforeAll(async () => {
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), INDEX);
  writeFileSync(join(dist, 'assets', 'index-AbC123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'ort-wasm-simd-threaded-XyZ.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
  app = await buildApp({ store: new MemorySessionStore(), bots: BotRegistry.of([]), editorDir: dist });
  bare = await buildApp({ store: new MemorySessionStore(), bots: BotRegistry.of([]), editorDir: join(dist, 'nothing-here') });
});
afterAll(async () => {
  await app?.close();
  await bare?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('GET /editor/', () => {
  it('redirects /editor to /editor/, keeping the query', async () => {
    const res = await app.inject({ url: '/editor?x=1' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/editor/?x=1');
  });

  it('serves index.html, revalidated on every load, under the CSP that allows wasm and blob workers', async () => {
    const res = await app.inject({ url: '/editor/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body).toBe(INDEX);
    expect(res.headers['content-security-policy']).toContain("'wasm-unsafe-eval'");
    expect(res.headers['content-security-policy']).toMatch(/worker-src 'self' blob:/);
    // Served over plain http on a LAN address, an upgrade would send the browser to https for every script.
    expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin-allow-popups');
  });

  it('caches hashed assets for a year and serves .wasm as application/wasm', async () => {
    const js = await app.inject({ url: '/editor/assets/index-AbC123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const wasm = await app.inject({ url: '/editor/assets/ort-wasm-simd-threaded-XyZ.wasm' });
    expect(wasm.statusCode).toBe(200);
    expect(wasm.headers['content-type']).toBe('application/wasm');
    expect(wasm.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('falls back to index.html for the app’s own paths, but not for missing files', async () => {
    const page = await app.inject({ url: '/editor/bots/tickets?tab=simulator' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toBe(INDEX);
    expect(page.headers['cache-control']).toBe('no-cache');
    const asset = await app.inject({ url: '/editor/assets/index-gone.js' });
    expect(asset.statusCode).toBe(404);
    expect(asset.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await app.inject({ url: '/editor/../package.json' })).statusCode).not.toBe(200);
  });

  it('leaves the API and its 404s alone', async () => {
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const res = await app.inject({ url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('without a build, answers a JSON 503 that says how to build it', async () => {
    for (const url of ['/editor/', '/editor/assets/x.js']) {
      const res = await bare.inject({ url });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ error: { code: 'editor_not_built', message: expect.stringContaining('pnpm --filter @statecraft/editor build') } });
    }
    expect((await bare.inject({ url: '/editor' })).statusCode).toBe(302);
    expect((await bare.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
