// Property-based fuzzing of POST /v1/chat: whatever arrives, the answer is a 200 turn or a 4xx with a JSON error.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { FLOWS_DIR } from '@statecraft/flows';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { BotRegistry } from '../src/bots/registry.ts';
import { FileBotRepository } from '../src/bots/repository.ts';
import { importBotsDir } from '../src/bots/startup.ts';
import { RedisSessionStore } from '../src/store/index.ts';
import { deleteKeys, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import { ticketsRuntime } from './harness.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
let app: App;
let store: RedisSessionStore;
let admin: Redis;
const prefix = testPrefix();
const CASES = 10_000;
const FLOWS_CASES = 3_000;
const TOKEN = 'fuzz-editor-token-0b7d';
let dataDir: string;

beforeAll(async () => {
  store = await RedisSessionStore.connect({ url: REDIS_URL, prefix });
  admin = new Redis(REDIS_URL);
  dataDir = await mkdtemp(join(tmpdir(), 'statecraft-fuzz-'));
  const repository = new FileBotRepository(dataDir);
  await importBotsDir(repository, FLOWS_DIR);
  // Limits off: the fuzzer must reach the handler, not the rate limiter (the limits have their own tests).
  app = await buildApp({
    store,
    bots: BotRegistry.of([await ticketsRuntime()]),
    limits: { perIpPerMinute: 0, perUidPerMinute: 0 },
    flows: { repository, editorToken: TOKEN },
  });
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
  await app?.close();
  await store?.close();
  await deleteKeys(admin, prefix);
  admin.disconnect();
});

// Texts people and attackers send: emoji, RTL, control characters, lone surrogates, very long texts, markup.
const nastyText = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('😀🎫✈️👍🏽', 'مرحبا أريد تذكرة', '\u202Eevil\u202C', 'שלום', '\u0000\u0001\u001f\u007f', '\uD800', '\uDFFF x', 'a\r\nb',
    '<script>alert(1)</script>', "'; DROP TABLE users; --", '{{constructor.constructor("return process")()}}', '${process.exit()}',
    '__proto__', '帮我订张票', 'cancel my ticket', '确认', 'yes'),
  fc.integer({ min: 1990, max: 2010 }).map((n) => '订'.repeat(n)),
  fc.string({ minLength: 1900, maxLength: 2100 }),
);
// uids that try to escape their key: globs, separators, newlines, Redis command text.
const nastyUid = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_.:-]{1,128}$/),
  fc.constantFrom('*', 'a*', '?', '[a-z]*', 'sc:tickets:*', 'u:1:2', 'a\nFLUSHALL', 'x\r\nDEL k', '../../etc', '', ' ', 'u'.repeat(129), '\u0000'),
  fc.string({ maxLength: 140 }),
);
const chatBody = fc.record(
  {
    uid: nastyUid,
    text: nastyText,
    bot: fc.oneof(fc.constant('tickets'), fc.constantFrom('nope', '../tickets', 'TICKETS', '', 'tickets\n'), fc.string()),
    locale: fc.oneof(fc.constantFrom('zh-CN', 'en-US'), fc.string()),
    messageId: fc.oneof(fc.string({ maxLength: 20 }), fc.string({ minLength: 120, maxLength: 140 })),
  },
  { requiredKeys: [] },
);
/** Nests a value `depth` levels deep in arrays or objects. */
const deep = fc.tuple(fc.integer({ min: 1, max: 5000 }), fc.boolean()).map(([depth, arrays]) =>
  arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`,
);
/** A well-formed envelope around a nasty text, so the engine itself (classifier, slots, machine) gets fuzzed. */
const validTurn = fc.record({
  uid: fc.stringMatching(/^[A-Za-z0-9_.:-]{1,16}$/),
  text: nastyText,
  locale: fc.constantFrom('zh-CN', 'en-US', undefined),
}).map(({ locale, ...b }) => ({ ...b, ...(locale ? { locale } : {}) }));
type Payload = { payload: string | Buffer; contentType: string; label: string };
const payload: fc.Arbitrary<Payload> = fc.oneof(
  { weight: 6, arbitrary: validTurn.map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json', label: 'valid envelope' })) },
  { weight: 6, arbitrary: chatBody.map((b) => ({ payload: JSON.stringify(b), contentType: 'application/json', label: 'chat body' })) },
  { weight: 2, arbitrary: fc.jsonValue().map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json', label: 'any JSON' })) },
  { weight: 1, arbitrary: chatBody.chain((b) => fc.dictionary(fc.string(), fc.anything()).map((extra) => ({ payload: JSON.stringify({ ...extra, ...b, text: { nested: b.text } }), contentType: 'application/json', label: 'wrong types' }))) },
  { weight: 1, arbitrary: deep.map((p) => ({ payload: p, contentType: 'application/json', label: 'deep JSON' })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((bytes) => ({ payload: Buffer.concat([Buffer.from('{"text":"'), Buffer.from(bytes), Buffer.from('"}')]), contentType: 'application/json', label: 'invalid UTF-8' })) },
  { weight: 1, arbitrary: fc.integer({ min: 30_000, max: 200_000 }).map((n) => ({ payload: JSON.stringify({ text: 'x'.repeat(n) }), contentType: 'application/json', label: 'huge body' })) },
  { weight: 1, arbitrary: fc.tuple(fc.string(), fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/json; charset=latin1', '', 'application/xml')).map(([p, ct]) => ({ payload: p, contentType: ct, label: 'other content types' })) },
);

describe('POST /v1/chat under fuzzing', () => {
  it(`answers ${CASES.toLocaleString('en')} random requests with 200 or a JSON 4xx, never a 5xx`, async () => {
    const tally = new Map<string, number>();
    let serverErrors = 0;
    let non200Errors = 0;
    let bareErrors = 0;
    await fc.assert(
      fc.asyncProperty(payload, async ({ payload, contentType, label }) => {
        const res = await app.inject({ method: 'POST', url: '/v1/chat', payload, headers: contentType ? { 'content-type': contentType } : {} });
        tally.set(`${res.statusCode}`, (tally.get(`${res.statusCode}`) ?? 0) + 1);
        if (res.statusCode >= 500) serverErrors++;
        const body = (() => { try { return res.json() as Record<string, unknown>; } catch { return null; } })();
        if (res.statusCode === 200) {
          expect(body, label).toMatchObject({ uid: expect.any(String), reply: expect.any(String), state: expect.any(String), turn: expect.any(Number) });
        } else {
          non200Errors++;
          const error = body?.error as { code?: unknown; message?: unknown } | undefined;
          if (typeof error?.code !== 'string' || typeof error.message !== 'string') bareErrors++;
        }
        expect(res.statusCode, `${label}: ${String(payload).slice(0, 200)} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect(typeof (body?.error as { code?: unknown } | undefined)?.code === 'string' || res.statusCode === 200, label).toBe(true);
      }),
      { numRuns: CASES, seed: 20261125 },
    );
    expect(await app.inject({ method: 'GET', url: '/healthz' }).then((r) => r.statusCode)).toBe(200);
    console.log(
      `[fuzz] /v1/chat: ${CASES} cases, 5xx=${serverErrors}, 4xx without a JSON error=${bareErrors}, ` +
        `status counts ${[...tally].sort().map(([s, n]) => `${s}:${n}`).join(' ')} (${non200Errors} refused)`,
    );
  }, 300_000);

  it('a uid never reaches Redis as a pattern: only the exact key of a valid uid is written', async () => {
    const res = await app.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'a*b', text: 'hi' } });
    expect(res.statusCode).toBe(400);
    const ok = await app.inject({ method: 'POST', url: '/v1/chat', payload: { uid: 'fuzz:colon.and-dash_1', text: 'hi' } });
    expect(ok.statusCode).toBe(200);
    expect(await admin.exists(`${prefix}tickets:fuzz:colon.and-dash_1`)).toBe(1);
  });
});

describe('flows API under fuzzing', () => {
  const botName = fc.oneof(fc.constantFrom('tickets', 'fuzzbot', 'nope', '..', '%2e%2e', '__proto__', 'constructor', 'a*', 'TICKETS'), fc.string({ maxLength: 70 }));
  const auth = fc.oneof(
    fc.constant(`Bearer ${TOKEN}`),
    fc.constantFrom(undefined, '', 'Bearer', `Bearer ${TOKEN}x`, `bearer ${TOKEN}`, `Basic ${TOKEN}`, `Bearer ${TOKEN.slice(0, -1)}`),
    fc.string({ maxLength: 60 }),
  );
  // Drafts: random JSON, bot-shaped objects with random parts, prototype-polluting keys, code-like strings.
  const draft = fc.oneof(
    fc.jsonValue(),
    fc.record({ id: botName, locales: fc.array(fc.constantFrom('zh-CN', 'en-US', 'xx'), { maxLength: 3 }), initial: fc.string(), states: fc.object(), intents: fc.object() }, { requiredKeys: [] }),
    fc.constantFrom('{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}', '{"id":"x","states":{"a":{"entry":"require(\'child_process\')"}}}'),
  );
  const request = fc.oneof(
    fc.record({ method: fc.constant('GET'), path: fc.oneof(botName.map((b) => `/v1/bots/${encodeURIComponent(b)}`), botName.map((b) => `/v1/bots/${encodeURIComponent(b)}/versions`), fc.constant('/v1/bots')) }),
    fc.record({ method: fc.constant('PUT'), path: botName.map((b) => `/v1/bots/${encodeURIComponent(b)}/draft`), body: draft }),
    fc.record({ method: fc.constant('POST'), path: botName.map((b) => `/v1/bots/${encodeURIComponent(b)}/publish`), body: fc.oneof(fc.jsonValue(), fc.record({ author: fc.string(), message: fc.string() }, { requiredKeys: [] })) }),
    fc.record({ method: fc.constant('POST'), path: botName.map((b) => `/v1/bots/${encodeURIComponent(b)}/rollback`), body: fc.oneof(fc.jsonValue(), fc.record({ version: fc.oneof(fc.integer(), fc.double(), fc.string()) })) }),
  );

  it(`answers ${FLOWS_CASES.toLocaleString('en')} random flows-API requests with a 2xx or a JSON 4xx, never a 5xx; nothing is polluted`, async () => {
    const tally = new Map<string, number>();
    let serverErrors = 0;
    let writesWithoutToken = 0;
    await fc.assert(
      fc.asyncProperty(request, auth, async (req, authorization) => {
        const body = 'body' in req ? (typeof req.body === 'string' ? req.body : JSON.stringify(req.body)) : undefined;
        const res = await app.inject({
          method: req.method as 'GET' | 'PUT' | 'POST',
          url: req.path,
          headers: { ...(authorization !== undefined ? { authorization } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
          ...(body !== undefined ? { payload: body } : {}),
        });
        tally.set(`${res.statusCode}`, (tally.get(`${res.statusCode}`) ?? 0) + 1);
        if (res.statusCode >= 500) serverErrors++;
        // The auth scheme is case-insensitive (RFC 7235), the token is not.
        const holdsToken = authorization?.replace(/^bearer /i, 'Bearer ') === `Bearer ${TOKEN}`;
        if (req.method !== 'GET' && !holdsToken && res.statusCode < 300) {
          writesWithoutToken++;
          console.log(`[fuzz] write accepted with authorization ${JSON.stringify(authorization)}: ${req.method} ${req.path}`);
        }
        expect(res.statusCode, `${req.method} ${req.path} ${String(body).slice(0, 200)} → ${res.body.slice(0, 300)}`).toBeLessThan(500);
        if (res.statusCode >= 400) expect((res.json() as { error?: { code?: unknown } }).error?.code, res.body.slice(0, 200)).toEqual(expect.any(String));
      }),
      // No publish of a valid draft happens here (random drafts are not valid bots), so every case is fast.
      { numRuns: FLOWS_CASES, seed: 20261125 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(writesWithoutToken).toBe(0);
    console.log(
      `[fuzz] flows API: ${FLOWS_CASES} cases, 5xx=${serverErrors}, writes accepted without the token=${writesWithoutToken}, ` +
        `status counts ${[...tally].sort().map(([st, n]) => `${st}:${n}`).join(' ')}`,
    );
  }, 300_000);
});
