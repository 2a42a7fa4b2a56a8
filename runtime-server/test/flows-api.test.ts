// The flows API end to end over HTTP: the real tickets bot, a temporary DATA_DIR, the in-memory session store, and
// publishes that train in a worker thread and hot-reload the running server.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FastifyInstance } from 'fastify';
import { FLOWS_DIR } from '@statecraft/flows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.ts';
import { FileBotRepository } from '../src/bots/repository.ts';
import { importBotsDir, loadPublishedBots } from '../src/bots/startup.ts';
import { MemorySessionStore } from '../src/store/index.ts';

const TOKEN = 'test-editor-token-4f1c2a9e';
const PUBLISH_TIMEOUT = 180_000; // training the tickets bot takes seconds; on a busy CI machine, more

let dir: string;
let app: FastifyInstance;
let url: string;
let store: MemorySessionStore;
const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'statecraft-flows-api-'));
  const repository = new FileBotRepository(dir);
  await importBotsDir(repository, FLOWS_DIR); // tickets → version 1, author "seed"
  const { registry } = await loadPublishedBots(repository); // what server.ts does at start
  store = new MemorySessionStore();
  app = await buildApp({ store, bots: registry, flows: { repository, editorToken: TOKEN, releaseGraceMs: 2_000 } });
  url = await app.listen({ port: 0, host: '127.0.0.1' });
});

afterAll(async () => {
  await app?.close();
  await store?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

async function api(method: string, path: string, options: { body?: unknown; raw?: string; token?: string | null } = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (options.raw !== undefined || options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = options.raw ?? JSON.stringify(options.body);
  }
  const res = await fetch(`${url}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

interface ChatReply {
  reply: string;
  state: string;
  expecting: string | null;
  actions: { name: string }[];
}

async function chat(uid: string, text: string, extra: Record<string, unknown> = {}): Promise<ChatReply> {
  const res = await api('POST', '/v1/chat', { body: { uid, text, ...extra }, token: null });
  if (res.status !== 200) throw new Error(`chat failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as ChatReply;
}

async function publishedDefinition(bot: string): Promise<Record<string, any>> {
  const res = await api('GET', `/v1/bots/${bot}`);
  expect(res.status).toBe(200);
  return structuredClone(res.body.published.definition);
}

const V2_ZH = '【V2】确认为您预订{count}张{date}去{destination}的票吗？';
const V2_EN = '[v2] Shall I book {count} {count|ticket|tickets} to {destination} on {date}?';
let version1: Record<string, any>;
let version1Hash: string;

describe('flows API: read', () => {
  it('GET /v1/bots lists the bots with their published version, updatedAt and whether a draft exists', async () => {
    const res = await api('GET', '/v1/bots', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.bots).toEqual([{ name: 'tickets', version: 1, publishedAt: expect.any(String), updatedAt: expect.any(String), hasDraft: false }]);
  });

  it('GET /v1/bots/:bot returns the published version (seeded from flows/) and no draft', async () => {
    const res = await api('GET', '/v1/bots/tickets', { token: null });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ name: 'tickets', published: { version: 1, author: 'seed' }, draft: null });
    expect(res.body.published.definition.id).toBe('tickets');
    version1 = res.body.published.definition;
    version1Hash = res.body.published.contentHash;
    expect(version1Hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('unknown bots and bad names are errors in the catalogue format', async () => {
    expect(await api('GET', '/v1/bots/nope')).toMatchObject({ status: 404, body: { error: { code: 'unknown_bot' } } });
    expect(await api('GET', '/v1/bots/nope/versions')).toMatchObject({ status: 404, body: { error: { code: 'unknown_bot' } } });
    expect(await api('GET', '/v1/bots/Bad..Name')).toMatchObject({ status: 400, body: { error: { code: 'invalid_body' } } });
  });
});

describe('flows API: auth', () => {
  it('write routes answer 401 with WWW-Authenticate: Bearer without the token or with a wrong one', async () => {
    const attempts = [
      api('PUT', '/v1/bots/tickets/draft', { body: version1, token: null }),
      api('PUT', '/v1/bots/tickets/draft', { body: version1, token: 'wrong-token' }),
      api('PUT', '/v1/bots/tickets/draft', { body: version1, token: `${TOKEN}x` }),
      api('POST', '/v1/bots/tickets/publish', { body: {}, token: null }),
      api('POST', '/v1/bots/tickets/rollback', { body: { version: 1 }, token: 'wrong-token' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(res.body.error.code).toBe('unauthorized');
    }
    // Basic auth carrying the token is not a bearer token.
    const basic = await fetch(`${url}/v1/bots/tickets/draft`, {
      method: 'PUT',
      headers: { authorization: `Basic ${TOKEN}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(basic.status).toBe(401);
    expect((await api('GET', '/v1/bots/tickets')).body.draft).toBeNull(); // nothing was saved
  });

  it('the chat endpoint needs no token and is unaffected', async () => {
    const reply = await chat('auth-chat', 'book a ticket to Boston tomorrow');
    expect(reply.expecting).toBe('confirm');
  });
});

describe('flows API: draft → publish → versions → rollback', () => {
  it('a draft that charges without a confirmation is saved with its problems, and publishing it is refused with 422', async () => {
    const draft = structuredClone(version1);
    delete draft.states.booking.states.confirm;
    const route = draft.states.booking.states.route.always;
    route[route.length - 1] = {
      target: 'idle',
      actions: [{ type: 'charge' }, { type: 'say', text: { 'zh-CN': '已下单。', 'en-US': 'Booked.' } }, { type: 'clearSlots' }],
    };
    const saved = await api('PUT', '/v1/bots/tickets/draft', { body: draft });
    expect(saved.status).toBe(200);
    expect(saved.body.publishable).toBe(false);
    expect(saved.body.problems).toContainEqual(expect.objectContaining({ severity: 'error', code: 'unconfirmed_irreversible_action', path: 'booking.route' }));

    const shown = await api('GET', '/v1/bots/tickets');
    expect(shown.body.draft).toMatchObject({ savedAt: expect.any(String), publishable: false });
    expect(shown.body.draft.definition.states.booking.states.confirm).toBeUndefined();
    expect((await api('GET', '/v1/bots')).body.bots[0]).toMatchObject({ version: 1, hasDraft: true });

    const refused = await api('POST', '/v1/bots/tickets/publish', { body: { author: 'mallory' } });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('invalid_flow');
    expect(refused.body.problems.map((p: { code: string }) => p.code)).toContain('unconfirmed_irreversible_action');
    expect((await api('GET', '/v1/bots/tickets/versions')).body.versions).toHaveLength(1);
    // The running bot is untouched: a booking still stops at the confirmation.
    expect((await chat('after-422', 'book a ticket to Boston tomorrow')).state).toBe('booking.confirm');
  });

  it(
    'the fixed draft publishes version 2 with a diff and hot-reloads it while chats keep flowing; a booking in flight continues',
    async () => {
      // A conversation that is mid-booking when the new version goes live.
      await chat('inflight-zh', '帮我订张票');
      expect((await chat('inflight-zh', '去北京')).expecting).toBe('date');

      const draft = structuredClone(version1);
      draft.states.booking.states.confirm.reply = { 'zh-CN': V2_ZH, 'en-US': V2_EN };
      draft.intents.greet.examples['en-US'].push('howdy partner');
      const saved = await api('PUT', '/v1/bots/tickets/draft', { body: draft });
      expect(saved.body).toMatchObject({ publishable: true, problems: [] });

      const texts = ['帮我订张票', 'book a ticket to Boston tomorrow', '查一下我的订单', 'hello', '我想订一张去上海的票', 'what can you do?'];
      let n = 0;
      const timed = async (phase: string) => {
        const started = performance.now();
        const res = await api('POST', '/v1/chat', { body: { uid: `${phase}-${n}`, text: texts[n++ % texts.length] }, token: null });
        return { ms: performance.now() - started, ok: res.status === 200 };
      };
      const before: { ms: number; ok: boolean }[] = [];
      for (let i = 0; i < 60; i++) before.push(await timed('before'));

      const during: { ms: number; ok: boolean }[] = [];
      // Also watch the event loop itself: training on the main thread would stall it for seconds.
      const loopDelay = monitorEventLoopDelay({ resolution: 10 });
      loopDelay.enable();
      let settled = false;
      const publishing = api('POST', '/v1/bots/tickets/publish', { body: { author: 'alice', message: 'Mark the confirmation' } }).finally(() => {
        settled = true;
      });
      const publishStarted = performance.now();
      while (!settled) {
        during.push(await timed('during'));
        await new Promise((r) => setTimeout(r, 5));
      }
      const published = await publishing;
      const publishMs = performance.now() - publishStarted;
      loopDelay.disable();

      const stats = (xs: { ms: number }[]) => {
        const s = xs.map((x) => x.ms).sort((a, b) => a - b);
        const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
        return `n=${s.length} p50=${q(0.5)} ms p99=${q(0.99)} ms max=${s.at(-1)!.toFixed(1)} ms`;
      };
      console.log(`chat latency before publish: ${stats(before)}`);
      console.log(
        `chat latency during publish: ${stats(during)} (publish took ${Math.round(publishMs)} ms, build ${published.body.buildMs} ms in the worker; ` +
          `event-loop delay max ${(loopDelay.max / 1e6).toFixed(0)} ms)`);
      expect(before.every((r) => r.ok)).toBe(true);
      expect(during.every((r) => r.ok)).toBe(true);
      expect(during.length).toBeGreaterThan(0);

      expect(published.status).toBe(200);
      expect(published.body).toMatchObject({
        name: 'tickets',
        version: 2,
        author: 'alice',
        message: 'Mark the confirmation',
        source: 'editor',
        rollbackOf: null,
        diff: {
          states: { added: [], removed: [], changed: ['booking.confirm'] },
          intents: { added: [], removed: [], changed: ['greet'] },
          slots: { added: [], removed: [], changed: [] },
          examples: { greet: { 'en-US': { added: 1, removed: 0 } } },
          settings: [],
        },
      });
      expect(published.body.contentHash).not.toBe(version1Hash);
      const shown = await api('GET', '/v1/bots/tickets');
      expect(shown.body).toMatchObject({ published: { version: 2, author: 'alice' }, draft: null });

      // Migrated, not pinned: the conversation started on version 1 continues in version 2 from the same state.
      const confirm = await chat('inflight-zh', '明天');
      expect(confirm.state).toBe('booking.confirm');
      expect(confirm.reply).toContain('【V2】');
      const done = await chat('inflight-zh', '确认');
      expect(done.actions.map((a) => a.name)).toEqual(['charge']);
      // And new conversations see the new text.
      expect((await chat('after-v2', 'book a ticket to Boston tomorrow')).reply).toMatch(/^\[v2\] Shall I book 1 ticket to Boston/);
    },
    PUBLISH_TIMEOUT,
  );

  it('GET /v1/bots/:bot/versions lists versions newest first with their metadata and diffs', async () => {
    const res = await api('GET', '/v1/bots/tickets/versions', { token: null });
    expect(res.status).toBe(200);
    expect(res.body.versions.map((v: { version: number; author: string }) => [v.version, v.author])).toEqual([[2, 'alice'], [1, 'seed']]);
    expect(res.body.versions[1].diff.states.added).toContain('booking.confirm');
    expect(res.body.versions[0]).not.toHaveProperty('definition');
  });

  it(
    'rollback to version 1 publishes version 3 with the content of version 1, and serves it',
    async () => {
      const res = await api('POST', '/v1/bots/tickets/rollback', { body: { version: 1, author: 'bob' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 3, author: 'bob', source: 'rollback', rollbackOf: 1, message: 'Rollback to version 1' });
      expect(res.body.contentHash).toBe(version1Hash);
      expect(res.body.diff.states.changed).toEqual(['booking.confirm']);
      expect(await publishedDefinition('tickets')).toEqual(version1);
      expect((await api('GET', '/v1/bots/tickets/versions')).body.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
      expect((await chat('after-rollback', 'book a ticket to Boston tomorrow')).reply).toMatch(/^Shall I book 1 ticket to Boston/);

      expect(await api('POST', '/v1/bots/tickets/rollback', { body: { version: 99 } })).toMatchObject({
        status: 404,
        body: { error: { code: 'version_not_found' } },
      });
      expect((await api('POST', '/v1/bots/tickets/rollback', { body: { version: 'one' } })).status).toBe(400);
      expect(await api('POST', '/v1/bots/tickets/publish')).toMatchObject({ status: 409, body: { error: { code: 'no_draft' } } });
    },
    PUBLISH_TIMEOUT,
  );
});

/** A small one-locale bot: its model trains in well under a second. */
function tinyBot(states?: Record<string, unknown>): Record<string, any> {
  return {
    id: 'tiny',
    name: 'Tiny',
    locales: ['en-US'],
    initial: 'idle',
    nlu: { threshold: 0, model: { hidden: 16, epochs: 60, buckets: 4096, seed: 3 } },
    intents: {
      greet: { examples: { 'en-US': ['hello', 'hi', 'hey there', 'good morning'] } },
      ask: { examples: { 'en-US': ['ask me something', 'ask me a question', 'question please', 'quiz me'] } },
    },
    slots: {},
    messages: { fallback: { 'en-US': 'Sorry?' }, reset: { 'en-US': 'This bot was just updated, so we start over.' } },
    states: states ?? {
      idle: { reply: { 'en-US': 'Hello from tiny.' }, on: { greet: [{ target: 'idle' }], ask: [{ target: 'asking' }] } },
      asking: { reply: { 'en-US': 'What is your name?' }, on: { greet: [{ target: 'idle' }] } },
    },
  };
}

describe('flows API: new bots and sessions across versions', () => {
  it(
    'publishing a bot that does not exist yet creates it and serves it at once',
    async () => {
      expect((await api('POST', '/v1/chat', { body: { text: 'hello', bot: 'tiny' }, token: null })).status).toBe(404);
      expect((await api('PUT', '/v1/bots/tiny/draft', { body: tinyBot() })).body).toMatchObject({ publishable: true });
      expect((await api('GET', '/v1/bots/tiny')).body).toMatchObject({ published: null, draft: { publishable: true } });
      const res = await api('POST', '/v1/bots/tiny/publish', { body: { author: 'carol' } });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'tiny', version: 1, diff: { states: { added: ['asking', 'idle'] } } });
      expect((await api('GET', '/v1/bots')).body.bots.map((b: { name: string }) => b.name)).toEqual(['tickets', 'tiny']);
      const reply = await chat('tiny-1', 'ask me something', { bot: 'tiny' });
      expect(reply).toMatchObject({ state: 'asking', reply: 'What is your name?' });
    },
    PUBLISH_TIMEOUT,
  );

  it(
    'a session whose state the new version removed restarts politely, as the engine does for any vanished state',
    async () => {
      const next = tinyBot({
        idle: {
          reply: { 'en-US': 'Hello from tiny v2.' },
          on: { greet: [{ target: 'idle' }], ask: [{ actions: [{ type: 'say', text: { 'en-US': 'No questions today.' } }] }] },
        },
      });
      await api('PUT', '/v1/bots/tiny/draft', { body: next });
      const res = await api('POST', '/v1/bots/tiny/publish');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ version: 2, author: 'editor', diff: { states: { removed: ['asking'], changed: ['idle'] } } });
      const reply = await chat('tiny-1', 'hello', { bot: 'tiny' }); // was in "asking", which no longer exists
      expect(reply.state).toBe('idle');
      expect(reply.reply).toBe('This bot was just updated, so we start over. Hello from tiny v2.');
    },
    PUBLISH_TIMEOUT,
  );
});

describe('flows API: hostile definitions are refused or inert', () => {
  it('"__proto__" and "constructor.prototype" keys are refused with 400 and pollute nothing', async () => {
    const bodies = [
      '{"id":"tiny","__proto__":{"polluted":"yes"}}',
      '{"id":"tiny","states":{"idle":{"__proto__":{"polluted":"yes"}}}}',
      '{"id":"tiny","constructor":{"prototype":{"polluted":"yes"}}}',
    ];
    for (const raw of bodies) {
      const res = await api('PUT', '/v1/bots/tiny/draft', { raw });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_json');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    // The draft saved before is untouched.
    expect((await api('GET', '/v1/bots/tiny')).body.draft).toBeNull();
  });

  it('what is not a bot definition object at all is a 400; a body over 2 MB is a 413', async () => {
    for (const raw of ['[1,2]', '"flow"', '42', 'null', '{"id":']) expect((await api('PUT', '/v1/bots/tiny/draft', { raw })).status).toBe(400);
    const huge = { ...tinyBot(), description: 'x'.repeat(2 * 1024 * 1024) };
    expect(await api('PUT', '/v1/bots/tiny/draft', { body: huge })).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
    // Big but under the limit is fine (whole bots with their training examples are sent here).
    const big = tinyBot();
    big.intents.greet.examples['en-US'].push(...Array.from({ length: 3000 }, (_, i) => `hello number ${i} ${'x'.repeat(200)}`));
    expect((await api('PUT', '/v1/bots/tiny/draft', { body: big })).status).toBe(200);
  });

  it('guards and actions written as code, names that are JavaScript internals: saved as problems, refused at publish, nothing runs', async () => {
    const sentinel = join(dir, 'pwned');
    const bot = tinyBot();
    bot.states.idle.on.greet = [
      { guard: { type: 'eval(process.exit(1))' }, target: 'idle' },
      { guard: { type: 'constructor' }, actions: [{ type: `require('child_process').execSync('touch ${sentinel}')` }] },
    ];
    bot.states.idle.on.ask = [{ actions: [{ type: 'constructor' }, { type: 'say', text: { 'en-US': 'x' }, run: "process.exit(1)" }] }];
    bot.states.constructor = { reply: { 'en-US': 'proto' } };
    bot.intents.constructor = { examples: { 'en-US': ['hi'] } };
    bot.slots.hasOwnProperty = { type: 'string' };
    const saved = await api('PUT', '/v1/bots/tiny/draft', { body: bot });
    expect(saved.status).toBe(200);
    expect(saved.body.publishable).toBe(false);
    const codes = new Set(saved.body.problems.map((p: { code: string }) => p.code));
    expect(codes).toContain('invalid_schema');
    expect(codes).toContain('reserved_name');
    const refused = await api('POST', '/v1/bots/tiny/publish');
    expect(refused.status).toBe(422);
    expect(existsSync(sentinel)).toBe(false);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);
    expect((await chat('tiny-2', 'hello', { bot: 'tiny' })).reply).toBe('Hello from tiny v2.'); // version 2 still serves
  });

  it(
    'template injection in replies is printed as text, never evaluated',
    async () => {
      const payload = "{{constructor.constructor('return process')()}} ${process.exit()} #{7*7} <%= 7*7 %> `whoami`";
      const bot = tinyBot();
      bot.states.idle.reply = { 'en-US': payload };
      const saved = await api('PUT', '/v1/bots/tiny/draft', { body: bot });
      expect(saved.body).toMatchObject({ publishable: true });
      expect((await api('POST', '/v1/bots/tiny/publish')).status).toBe(200);
      const reply = await chat('tiny-3', 'hello', { bot: 'tiny' });
      expect(reply.reply).toBe(payload);
      expect(process.exitCode ?? 0).toBe(0);
      expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeNames);

      // A placeholder naming an Object.prototype member would print a JavaScript internal: refused at publish.
      const leaky = tinyBot();
      leaky.states.idle.reply = { 'en-US': 'Hi {constructor} {order.constructor} {__proto__}' };
      const problems = (await api('PUT', '/v1/bots/tiny/draft', { body: leaky })).body.problems as { code: string; message: string }[];
      expect(problems.filter((p) => p.code === 'reserved_name').map((p) => p.message)).toHaveLength(3);
      expect((await api('POST', '/v1/bots/tiny/publish')).status).toBe(422);
    },
    PUBLISH_TIMEOUT,
  );
});
