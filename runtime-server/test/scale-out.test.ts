// Scale-out: two real server processes share one Redis, and one conversation alternates between them turn by turn
// (as behind a load balancer without sticky sessions). Each turn must see the context the other server committed:
// a booking ends in exactly one charge with the right slots, and a cancel on the other server refunds that order.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoDay } from '@statecraft/engine';
import { deleteKeys, readSessionHash, REDIS_URL, testPrefix } from '../src/store/redis-test-utils.ts';
import type { ChatReply } from './harness.ts';
import { startServerProcess, type ServerProcess } from './processes.ts';

const prefix = testPrefix();
const runId = prefix.split(':')[1];
const dataDirs: string[] = [];
let admin: Redis;
let servers: ServerProcess[] = [];

beforeAll(async () => {
  admin = new Redis(REDIS_URL);
  // Same Redis and key prefix, each with a data directory of its own (as on two machines).
  const env = () => {
    const dir = mkdtempSync(join(tmpdir(), 'sc-scale-out-'));
    dataDirs.push(dir);
    return { REDIS_URL, REDIS_PREFIX: prefix, LOG_LEVEL: 'warn', DATA_DIR: dir };
  };
  servers = await Promise.all([startServerProcess(env()), startServerProcess(env())]);
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  if (admin) {
    await deleteKeys(admin, prefix);
    admin.disconnect();
  }
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
}, 60_000);

async function chat(server: ServerProcess, body: Record<string, unknown>): Promise<ChatReply> {
  const res = await fetch(`${server.url}/v1/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as ChatReply;
  if (res.status !== 200) throw new Error(`chat on ${server.url} failed: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** Sends turn k to server k mod 2, starting with server `first`. */
async function alternate(uid: string, lines: string[], first = 0): Promise<ChatReply[]> {
  const replies: ChatReply[] = [];
  for (const [k, text] of lines.entries()) replies.push(await chat(servers[(first + k) % 2]!, { uid, text }));
  return replies;
}

/** "Tomorrow" in the tickets bot's zone, from a clock read before and after (a run may straddle midnight). */
function tomorrowBetween(before: Date, after: Date): string[] {
  const day = 24 * 3600 * 1000;
  return [...new Set([before, after].map((t) => isoDay(new Date(t.getTime() + day), 'Asia/Shanghai')))];
}

const actionsOf = (replies: ChatReply[], name: string) => replies.flatMap((r) => r.actions).filter((a) => a.name === name);

describe('scale-out: two servers, one Redis, one conversation alternating between them', () => {
  it('runs as two separate processes', () => {
    expect(servers).toHaveLength(2);
    expect(servers[0]!.url).not.toBe(servers[1]!.url);
    expect(servers[0]!.child.pid).not.toBe(servers[1]!.child.pid);
  });

  it('a Chinese booking across servers charges exactly once with the right slots, and a cancel on the other server refunds it', async () => {
    const uid = `so-zh-${runId}`;
    const before = new Date();
    const booking = await alternate(uid, ['帮我订张票', '去北京', '明天', '确认'], 0);
    const tomorrow = tomorrowBetween(before, new Date());

    // Each turn continued from the one the other server committed.
    expect(booking.map((r) => r.turn)).toEqual([1, 2, 3, 4]);
    expect(booking.map((r) => r.state)).toEqual(['booking.ask_destination', 'booking.ask_date', 'booking.confirm', 'idle']);
    expect(booking[1]!.slots).toMatchObject({ destination: '北京' });
    expect(booking[2]!.slots).toMatchObject({ destination: '北京', count: 1 });
    expect(tomorrow).toContain(booking[2]!.slots.date);

    const charges = actionsOf(booking, 'charge');
    expect(charges).toHaveLength(1);
    const charge = charges[0]!;
    expect(charge).toMatchObject({ destination: '北京', count: 1 });
    expect(tomorrow).toContain(charge.date);
    expect(booking[3]!.reply).toContain(charge.orderId);

    // The cancel starts on the server that did not take the confirmation, and is confirmed on the other one.
    const cancel = await alternate(uid, ['我要退订', '是的'], 0);
    expect(cancel.map((r) => r.turn)).toEqual([5, 6]);
    expect(cancel[0]!.state).toBe('cancelling.confirm');
    expect(cancel[0]!.reply).toContain(charge.orderId);
    const refunds = actionsOf(cancel, 'refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]).toMatchObject({ orderId: charge.orderId, destination: '北京', date: charge.date, count: 1 });
    expect(actionsOf(cancel, 'charge')).toHaveLength(0);

    // What both servers share: one hash with six turns, one order, now cancelled.
    const hash = await readSessionHash(admin, `${prefix}tickets:${uid}`);
    expect(Number(hash.turn)).toBe(6);
    expect(Number(hash.rev)).toBe(6);
    const orders = JSON.parse(hash.orders!) as { id: string; status: string; destination: string }[];
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ id: charge.orderId, status: 'cancelled', destination: '北京' });
  });

  it('an English booking changed on the other server is charged once, for the changed date', async () => {
    const uid = `so-en-${runId}`;
    const before = new Date();
    const replies = await alternate(uid, ['I want a ticket to Boston', 'the day after tomorrow', 'can you change it to tomorrow?', 'ok'], 1);
    const tomorrow = tomorrowBetween(before, new Date());
    expect(replies.map((r) => r.turn)).toEqual([1, 2, 3, 4]);
    expect(replies[2]!.state).toBe('booking.confirm');
    expect(tomorrow).toContain(replies[2]!.slots.date);
    const charges = actionsOf(replies, 'charge');
    expect(charges).toHaveLength(1);
    expect(charges[0]).toMatchObject({ destination: 'Boston', count: 1 });
    expect(tomorrow).toContain(charges[0]!.date);

    const cancel = await alternate(uid, ['cancel my ticket', 'yes'], 1);
    const refunds = actionsOf(cancel, 'refund');
    expect(refunds).toHaveLength(1);
    expect(refunds[0]!.orderId).toBe(charges[0]!.orderId);
  });

  it('one confirmation sent to both servers at once (a double click across servers) charges once', async () => {
    const uid = `so-double-${runId}`;
    await alternate(uid, ['我要订一张明天去上海的票'], 0);
    const both = await Promise.all(servers.map((s) => chat(s, { uid, text: '确认' })));
    expect(actionsOf(both, 'charge')).toHaveLength(1);
    expect(both.map((r) => r.turn).sort()).toEqual([2, 3]);
    const orders = JSON.parse((await readSessionHash(admin, `${prefix}tickets:${uid}`)).orders!) as unknown[];
    expect(orders).toHaveLength(1);
  });
});
