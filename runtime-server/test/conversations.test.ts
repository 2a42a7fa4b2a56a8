// The foundation's acceptance conversations, through HTTP, against the real tickets bot, ONNX models and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSessionHash } from '../src/store/redis-test-utils.ts';
import { converse, dayAfter, startServer, type ChatReply, type RunningServer } from './harness.ts';

// A fixed clock makes "明天" a known date; 02:00 UTC is 10:00 in Shanghai, well clear of midnight.
const NOW = new Date('2026-11-24T02:00:00Z');
const TOMORROW = dayAfter(NOW, 1);
const DAY_AFTER_TOMORROW = dayAfter(NOW, 2);

let server: RunningServer;
beforeAll(async () => {
  server = await startServer({ now: () => NOW });
});
afterAll(async () => server?.close());

const actionsOf = (replies: ChatReply[]) => replies.flatMap((r) => r.actions);

function describeConversation(replies: ChatReply[]): string {
  return replies.map((r) => `${r.state} ${r.intent.name}(${r.intent.confidence.toFixed(2)}) ${r.reply}`).join('\n');
}

describe('zh-CN conversations', () => {
  it('帮我订张票 → 去北京 → 明天 → 确认: one charge, destination 北京, date tomorrow', async () => {
    const replies = await converse(server, 'zh-book-1', ['帮我订张票', '去北京', '明天', '确认']);
    const trace = describeConversation(replies);
    expect(replies.map((r) => r.expecting), trace).toEqual(['destination', 'date', 'confirm', null]);
    expect(replies[2]?.slots, trace).toMatchObject({ destination: '北京', date: TOMORROW, count: 1 });
    const charges = actionsOf(replies).filter((a) => a.name === 'charge');
    expect(charges, trace).toHaveLength(1);
    expect(charges[0]).toMatchObject({ destination: '北京', date: TOMORROW, count: 1 });
    expect(charges[0]?.orderId).toMatch(/\S/);
    expect(replies[3]?.reply).toContain(charges[0]!.orderId);
    expect(replies.map((r) => r.turn)).toEqual([1, 2, 3, 4]);
  });

  it('我想订一张去上海的票 → 后天 → 能改到明天吗？ → 好的: one charge dated tomorrow', async () => {
    const replies = await converse(server, 'zh-change-1', ['我想订一张去上海的票', '后天', '能改到明天吗？', '好的']);
    const trace = describeConversation(replies);
    expect(replies[1]?.slots, trace).toMatchObject({ destination: '上海', date: DAY_AFTER_TOMORROW });
    expect(replies[2]?.slots, trace).toMatchObject({ destination: '上海', date: TOMORROW });
    expect(replies[2]?.expecting, trace).toBe('confirm');
    const actions = actionsOf(replies);
    expect(actions, trace).toHaveLength(1);
    expect(actions[0]).toMatchObject({ name: 'charge', destination: '上海', date: TOMORROW });
  });

  it('我要订一张明天去北京的票 → 确认 → 我要退订 → 是的: one charge, then one refund of that order, never a second charge', async () => {
    const replies = await converse(server, 'zh-cancel-1', ['我要订一张明天去北京的票', '确认', '我要退订', '是的']);
    const trace = describeConversation(replies);
    expect(replies.map((r) => r.actions.map((a) => a.name)), trace).toEqual([[], ['charge'], [], ['refund']]);
    expect(replies[2]?.state, trace).toBe('cancelling.confirm');
    const [charge, refund] = actionsOf(replies);
    expect(refund).toEqual({ ...charge, name: 'refund' });
    expect(refund).toMatchObject({ destination: '北京', date: TOMORROW, count: 1 });
  });

  it('fills every slot given at once, in any order: 订两张后天去广州的票', async () => {
    const [reply] = await converse(server, 'zh-all-at-once', ['订两张后天去广州的票']);
    expect(reply?.slots).toEqual({ destination: '广州', date: DAY_AFTER_TOMORROW, count: 2 });
    expect(reply?.expecting).toBe('confirm');
  });

  it('asks "订票还是退票" for a negated order and charges nothing', async () => {
    const replies = await converse(server, 'zh-negated', ['别帮我订明天去北京的票', '退票']);
    expect(replies[0]?.expecting, describeConversation(replies)).toBe('disambiguate');
    expect(replies[0]?.reply).toContain('订票还是退票');
    expect(actionsOf(replies)).toEqual([]);
  });

  it('lists orders with destination and date', async () => {
    const replies = await converse(server, 'zh-list', ['订两张明天去广州的票', '确认', '查一下我的订单']);
    expect(replies[2]?.reply, describeConversation(replies)).toMatch(/广州/);
    expect(replies[2]?.reply).toMatch(/11月25日/);
  });
});

describe('zh-CN edge cases', () => {
  it('refuses a date in the past and asks again', async () => {
    const [reply] = await converse(server, 'zh-past', ['订一张昨天去北京的票']);
    expect(reply?.reply).toContain('已经过去');
    expect(reply?.slots).not.toHaveProperty('date');
    expect(reply?.expecting).toBe('date');
  });

  it('cancels the order the user names when there are several', async () => {
    const replies = await converse(server, 'zh-two-orders', [
      '订一张明天去北京的票', '确认', '订一张后天去上海的票', '确认', '退掉去北京的票', '是的',
    ]);
    const trace = describeConversation(replies);
    const [beijing] = actionsOf(replies);
    expect(replies[4]?.state, trace).toBe('cancelling.confirm');
    expect(replies[5]?.actions, trace).toEqual([{ ...beijing, name: 'refund' }]);
    expect(beijing?.destination).toBe('北京');
  });

  it('books after the user resolves a disambiguation with 订票, charging only after confirmation', async () => {
    const replies = await converse(server, 'zh-disambiguate-book', ['别帮我订票', '订票', '去杭州', '明天', '确认']);
    const trace = describeConversation(replies);
    expect(replies[0]?.expecting, trace).toBe('disambiguate');
    expect(replies.map((r) => r.actions.map((a) => a.name)), trace).toEqual([[], [], [], [], ['charge']]);
    expect(actionsOf(replies)[0]).toMatchObject({ destination: '杭州', date: TOMORROW });
  });

  it('drops a booking in progress on 不订了 without charging', async () => {
    const replies = await converse(server, 'zh-abandon', ['订一张明天去北京的票', '算了不订了']);
    expect(replies[1]?.state, describeConversation(replies)).toBe('idle');
    expect(actionsOf(replies)).toEqual([]);
  });

  it('keeps the booking through an out-of-scope interruption', async () => {
    const replies = await converse(server, 'zh-interrupt', ['订一张明天去北京的票', '今天天气怎么样', '确认']);
    const trace = describeConversation(replies);
    expect(replies[1]?.state, trace).toBe('booking.confirm');
    expect(replies[1]?.slots, trace).toMatchObject({ destination: '北京', date: TOMORROW });
    expect(actionsOf(replies).map((a) => a.name), trace).toEqual(['charge']);
  });
});

describe('en-US conversations', () => {
  it('book a ticket to Boston tomorrow → yes: one charge', async () => {
    const replies = await converse(server, 'en-book-1', ['book a ticket to Boston tomorrow', 'yes']);
    const trace = describeConversation(replies);
    expect(replies[0]?.slots, trace).toMatchObject({ destination: 'Boston', date: TOMORROW, count: 1 });
    expect(actionsOf(replies), trace).toEqual([expect.objectContaining({ name: 'charge', destination: 'Boston', date: TOMORROW })]);
  });

  it('book → can you change it to the day after tomorrow? → yes: one charge dated the day after tomorrow', async () => {
    const replies = await converse(server, 'en-change-1', [
      'book a ticket to Boston tomorrow',
      'can you change it to the day after tomorrow?',
      'yes',
    ]);
    const trace = describeConversation(replies);
    expect(replies[1]?.slots, trace).toMatchObject({ destination: 'Boston', date: DAY_AFTER_TOMORROW });
    const actions = actionsOf(replies);
    expect(actions, trace).toHaveLength(1);
    expect(actions[0]).toMatchObject({ name: 'charge', destination: 'Boston', date: DAY_AFTER_TOMORROW });
  });

  it('book → yes → cancel my ticket → yes: one charge then one refund, never a second charge', async () => {
    const replies = await converse(server, 'en-cancel-1', ['book a ticket to Boston tomorrow', 'yes', 'cancel my ticket', 'yes']);
    const trace = describeConversation(replies);
    expect(replies.map((r) => r.actions.map((a) => a.name)), trace).toEqual([[], ['charge'], [], ['refund']]);
    expect(actionsOf(replies)[1]).toMatchObject({ name: 'refund', destination: 'Boston', date: TOMORROW });
  });

  it('reschedules an existing order after confirmation', async () => {
    const replies = await converse(server, 'en-reschedule', [
      'I need 2 tickets to Chicago tomorrow',
      'yes',
      'move my ticket to the day after tomorrow',
      'yes',
    ]);
    const trace = describeConversation(replies);
    expect(replies.map((r) => r.actions.map((a) => a.name)), trace).toEqual([[], ['charge'], [], ['reschedule']]);
    expect(actionsOf(replies)[1]).toMatchObject({ destination: 'Chicago', date: DAY_AFTER_TOMORROW, count: 2, previousDate: TOMORROW });
  });
});

describe('a Chinese conversation with short English replies', () => {
  it('reads "my orders" in English, which the Chinese model does not know', async () => {
    const replies = await converse(server, 'mixed-orders-1', ['你好', 'my orders']);
    const trace = describeConversation(replies);
    expect(replies[1]?.intent.name, trace).toBe('query_ticket');
    expect(replies[1]?.reply, trace).toMatch(/order/i);
  });

  it('reads "tomorrow" as a date and writes 波士顿 as Boston in the English reply; "ok" and "Boston" stay Chinese', async () => {
    const replies = await converse(server, 'mixed-dates-1', ['我要订票', 'Boston', 'tomorrow', 'ok']);
    const trace = describeConversation(replies);
    expect(replies[1]?.reply, trace).toBe('请问哪天出发？');
    expect(replies[2]?.slots, trace).toMatchObject({ destination: '波士顿', date: TOMORROW });
    expect(replies[2]?.reply, trace).toContain('Boston');
    expect(replies[2]?.reply, trace).not.toContain('波士顿');
    expect(actionsOf(replies), trace).toEqual([expect.objectContaining({ name: 'charge', destination: '波士顿', date: TOMORROW })]);
  });

  it('keeps a Chinese conversation Chinese on "ok"', async () => {
    const replies = await converse(server, 'mixed-ok-1', ['订一张明天去北京的票', 'ok']);
    const trace = describeConversation(replies);
    expect(actionsOf(replies).map((a) => a.name), trace).toEqual(['charge']);
    expect(replies[1]?.reply, trace).toMatch(/^已为您订好/);
  });

  it('finds the 波士顿 order booked in Chinese when an English turn names Boston', async () => {
    const replies = await converse(server, 'mixed-cancel-1', ['订一张明天去波士顿的票', '确认', 'cancel my Boston ticket', 'yes']);
    const trace = describeConversation(replies);
    expect(replies[2]?.state, trace).toBe('cancelling.confirm');
    expect(replies[2]?.reply, trace).toContain('Boston');
    expect(actionsOf(replies).map((a) => a.name), trace).toEqual(['charge', 'refund']);
  });
});

describe('a yes and another request in one message', () => {
  it('确认，再帮我订一张后天去苏州的: one turn that charges the first booking and asks about the second', async () => {
    const replies = await converse(server, 'yes-and-more-1', ['订一张明天去北京的票', '确认，再帮我订一张后天去苏州的', '确认']);
    const trace = describeConversation(replies);
    expect(replies.map((r) => r.turn), trace).toEqual([1, 2, 3]);
    expect(replies[1]?.actions, trace).toEqual([expect.objectContaining({ name: 'charge', destination: '北京', date: TOMORROW, count: 1 })]);
    expect(replies[1]?.state, trace).toBe('booking.confirm');
    expect(replies[1]?.slots, trace).toMatchObject({ destination: '苏州', date: DAY_AFTER_TOMORROW });
    expect(replies[2]?.actions, trace).toEqual([expect.objectContaining({ name: 'charge', destination: '苏州', date: DAY_AFTER_TOMORROW })]);
    expect(replies[2]?.actions[0]?.orderId).not.toBe(replies[1]?.actions[0]?.orderId);
  });
});

describe('session storage in Redis', () => {
  it('keeps one hash per user with a TTL of at most 24 h and at most 20 turns', async () => {
    const uid = 'storage-check';
    const lines = Array.from({ length: 23 }, (_, i) => (i % 2 ? '今天天气怎么样' : '你好'));
    await converse(server, uid, lines);
    const key = `${server.prefix}tickets:${uid}`;
    const ttl = await server.redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(86_400);
    const hash = await readSessionHash(server.redis, key);
    expect(Object.keys(hash).sort()).toEqual(['flow', 'locale', 'orders', 'rev', 'slots', 'snapshot', 'turn', 'turns']);
    const turns = JSON.parse(hash.turns ?? '[]') as { turn: number }[];
    expect(turns).toHaveLength(20);
    expect(turns.at(-1)?.turn).toBe(23);
    expect(hash.turn).toBe('23');
    // Twenty turns of history are over a kilobyte: stored deflated (field-compression.ts), small fields as text.
    expect((await server.redis.hgetBuffer(key, 'turns'))?.[0]).toBe(0);
    expect(await server.redis.hget(key, 'slots')).toBe(hash.slots);
  });

  it('carries context across turns only through the store: a new uid starts fresh', async () => {
    await converse(server, 'ctx-a', ['我想订一张去上海的票']);
    const [other] = await converse(server, 'ctx-b', ['后天']);
    expect(other?.state).not.toMatch(/^booking/);
  });

  it('serialises concurrent turns of one uid: none is lost', async () => {
    const uid = 'concurrent';
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => server.chat({ uid, text: `你好 ${i}` })));
    expect(results.map((r) => r.turn).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const turns = JSON.parse((await readSessionHash(server.redis, `${server.prefix}tickets:${uid}`)).turns ?? '[]') as { user: string }[];
    expect(new Set(turns.map((t) => t.user)).size).toBe(10);
  });

  it('generates a uid when none is given and continues the conversation with it', async () => {
    const first = await server.chat({ text: '帮我订张票' });
    expect(first.uid).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    const second = await server.chat({ uid: first.uid, text: '去北京' });
    expect(second.slots).toMatchObject({ destination: '北京' });
  });
});
