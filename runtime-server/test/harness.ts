// Shared by the integration tests: the real tickets bot (trained once per machine and code, see bots/model-cache.ts)
// behind a real HTTP server.
import { Redis } from 'ioredis';
import { readBot } from '@statecraft/flows';
import { buildApp } from '../src/app.ts';
import { sharedModelCache } from '../src/bots/model-cache.ts';
import { BotRegistry, loadBotRuntime, type BotRuntime } from '../src/bots/registry.ts';
import { RedisSessionStore, type SessionStore } from '../src/store/index.ts';
import { deleteKeys, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';

let tickets: Promise<BotRuntime> | undefined;

/** The tickets bot as the server loads it: compiled, models trained and opened in onnxruntime-node. */
export function ticketsRuntime(): Promise<BotRuntime> {
  tickets ??= readBot('tickets').then((raw) => loadBotRuntime(raw, { modelCache: sharedModelCache() }));
  return tickets;
}

export interface RunningServer {
  url: string;
  store: SessionStore;
  redis: Redis;
  prefix: string;
  chat(body: Record<string, unknown>): Promise<ChatReply>;
  close(): Promise<void>;
}

export interface ChatReply {
  uid: string;
  reply: string;
  state: string;
  intent: { name: string; confidence: number };
  slots: Record<string, unknown>;
  expecting: string | null;
  actions: { name: string; orderId: string; destination: string; date: string; count: number }[];
  quickReplies: string[];
  turn: number;
}

/** Starts the app on a free port with a Redis store under a prefix of its own; `close()` deletes its keys. */
export async function startServer(options: { now?: () => Date } = {}): Promise<RunningServer> {
  const prefix = testPrefix();
  const store = await RedisSessionStore.connect({ url: REDIS_URL, prefix });
  const redis = new Redis(REDIS_URL, { lazyConnect: false });
  const app = await buildApp({
    store,
    bots: BotRegistry.of([await ticketsRuntime()]),
    chat: options.now ? { now: options.now } : {},
  });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  const chat = async (body: Record<string, unknown>) => {
    const res = await fetch(`${address}/v1/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await res.json()) as ChatReply & { error?: unknown };
    if (res.status !== 200) throw new Error(`chat failed: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  return {
    url: address,
    store,
    redis,
    prefix,
    chat,
    async close() {
      await app.close();
      await store.close();
      await deleteKeys(redis, prefix);
      redis.disconnect();
    },
  };
}

/** Runs a conversation for one uid and returns every reply. */
export async function converse(server: RunningServer, uid: string, lines: string[], extra: Record<string, unknown> = {}): Promise<ChatReply[]> {
  const replies: ChatReply[] = [];
  for (const text of lines) replies.push(await server.chat({ uid, text, ...extra }));
  return replies;
}

/** ISO date `days` after `now`, in the bot's time zone (Asia/Shanghai). */
export function dayAfter(now: Date, days: number, timeZone = 'Asia/Shanghai'): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
