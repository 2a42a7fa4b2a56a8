// A retried request never charges twice: the same messageId (or Idempotency-Key) gets the first reply back.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Effect } from '@statecraft/engine';
import { buildApp } from '../src/app.ts';
import { BotRegistry } from '../src/bots/registry.ts';
import { RedisSessionStore } from '../src/store/index.ts';
import { deleteKeys, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import { ticketsRuntime, type ChatReply } from './harness.ts';

type App = Awaited<ReturnType<typeof buildApp>>;
let app: App;
let store: RedisSessionStore;
let admin: Redis;
const prefix = testPrefix();
/** Every effect the service executed, as a payment provider would see them. */
const executed: { uid: string; effect: Effect }[] = [];

beforeAll(async () => {
  store = await RedisSessionStore.connect({ url: REDIS_URL, prefix });
  admin = new Redis(REDIS_URL);
  app = await buildApp({
    store,
    bots: BotRegistry.of([await ticketsRuntime()]),
    chat: { executeEffects: (effects, where) => void executed.push(...effects.map((effect) => ({ uid: where.uid, effect }))) },
  });
});
afterAll(async () => {
  await app?.close();
  await store?.close();
  await deleteKeys(admin, prefix);
  admin.disconnect();
});

async function chat(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'POST', url: '/v1/chat', payload: body, headers });
  return { status: res.statusCode, body: res.json() as ChatReply & { error?: { code: string } } };
}

async function readyToConfirm(uid: string) {
  const booking = await chat({ uid, text: '我要订一张明天去北京的票' });
  expect(booking.status).toBe(200);
  expect(booking.body.expecting).toBe('confirm');
}

const charges = (uid: string) => executed.filter((e) => e.uid === uid && e.effect.name === 'charge').length;

describe('idempotent turns', () => {
  it('the same confirming message sent 5 times in a row charges once and returns the first reply each time', async () => {
    const uid = 'idem-seq-1';
    await readyToConfirm(uid);
    const replies = [];
    for (let i = 0; i < 5; i++) replies.push(await chat({ uid, text: '确认', messageId: 'm-confirm-1' }));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(replies[0]?.body.actions.map((a) => a.name)).toEqual(['charge']);
    for (const r of replies) expect(r.body).toEqual(replies[0]?.body);
    expect(charges(uid)).toBe(1);
    console.log(`[idempotency] sequential: 5 identical confirmations → ${charges(uid)} charge`);
  });

  it('the same confirming message sent 5 times concurrently charges once', async () => {
    const uid = 'idem-par-1';
    await readyToConfirm(uid);
    const replies = await Promise.all(Array.from({ length: 5 }, () => chat({ uid, text: '确认', messageId: 'm-confirm-2' })));
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    for (const r of replies) expect(r.body).toEqual(replies[0]?.body);
    expect(charges(uid)).toBe(1);
    const stored = await admin.hget(`${prefix}tickets:${uid}`, 'turn');
    expect(Number(stored)).toBe(2); // the booking and one confirmation
    console.log(`[idempotency] concurrent: 5 identical confirmations → ${charges(uid)} charge, ${stored} turns stored`);
  });

  it('accepts the id as an Idempotency-Key header, and refuses a header that contradicts the body', async () => {
    const uid = 'idem-hdr-1';
    await readyToConfirm(uid);
    const first = await chat({ uid, text: '确认' }, { 'idempotency-key': 'k-1' });
    const again = await chat({ uid, text: '确认' }, { 'idempotency-key': 'k-1' });
    expect(first.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(charges(uid)).toBe(1);
    const clash = await chat({ uid, text: '确认', messageId: 'a' }, { 'idempotency-key': 'b' });
    expect(clash.status).toBe(400);
    expect(clash.body.error?.code).toBe('invalid_body');
  });

  it('a new messageId is a new turn', async () => {
    const uid = 'idem-new-1';
    const a = await chat({ uid, text: 'hello', messageId: 'x-1' });
    const b = await chat({ uid, text: 'hello', messageId: 'x-2' });
    expect(b.body.turn).toBe(a.body.turn + 1);
  });

  it('refuses a messageId over 128 characters', async () => {
    const res = await chat({ uid: 'idem-long', text: 'hi', messageId: 'm'.repeat(129) });
    expect(res.status).toBe(400);
  });
});
