import { describe, expect, it } from 'vitest';
import { newSession, type Session } from '@statecraft/engine';
import { CorruptSessionError, decodeConversation, encodeSession } from './session-codec.ts';

const session: Session = {
  ...newSession(),
  value: { booking: 'confirm' },
  context: {
    slots: { destination: '北京', date: '2026-11-26', count: 2, flexible: false, note: null },
    orders: [{ id: 'O-1', destination: '上海', date: '2026-11-27', count: 1, status: 'active', createdAt: '2026-11-25T01:00:00Z', updatedAt: '2026-11-25T01:00:00Z' }],
    selectedOrderId: 'O-1',
    lastIntent: 'inform',
  },
  locale: 'zh-CN',
  turn: 3,
  history: [{ turn: 3, at: '2026-11-25T01:00:00Z', locale: 'zh-CN', user: '明天', bot: '确认吗？', intent: 'inform', confidence: 0.98, state: 'booking.confirm', actions: [] }],
  flowVersion: 'v7',
};

describe('session codec', () => {
  it('round-trips a session and its processed message ids', () => {
    const processed = [{ id: 'm1', response: { reply: 'ok' } }];
    expect(decodeConversation(encodeSession(session, processed))).toEqual({ session, processed });
  });

  it('drops keys it did not write, like a schema parse', () => {
    const data = encodeSession(session);
    const orders = JSON.parse(data.orders) as Record<string, unknown>[];
    orders[0] = { ...orders[0], injected: 'x' };
    const turns = JSON.parse(data.turns) as Record<string, unknown>[];
    turns[0] = { ...turns[0], extra: 1 };
    const decoded = decodeConversation({ ...data, orders: JSON.stringify(orders), turns: JSON.stringify(turns) }).session;
    expect(decoded.context.orders[0]).not.toHaveProperty('injected');
    expect(decoded.history[0]).not.toHaveProperty('extra');
  });

  it.each([
    ['snapshot', 'not json'],
    ['snapshot', '[]'],
    ['snapshot', JSON.stringify({ value: 3, selectedOrderId: null, lastIntent: null })],
    ['snapshot', JSON.stringify({ value: 'idle', selectedOrderId: 5, lastIntent: null })],
    ['snapshot', JSON.stringify({ value: 'idle', selectedOrderId: null, lastIntent: null, processed: [{ id: 1, response: {} }] })],
    ['slots', JSON.stringify({ date: { nested: true } })],
    ['orders', JSON.stringify([{ id: 'O-1', destination: 'x', date: 'd', count: '2', status: 'active', createdAt: 'a', updatedAt: 'b' }])],
    ['orders', JSON.stringify([{ id: 'O-1', destination: 'x', date: 'd', count: 2, status: 'refunded', createdAt: 'a', updatedAt: 'b' }])],
    ['turns', JSON.stringify({})],
    ['turns', JSON.stringify([{ ...session.history[0], locale: 'fr-FR' }])],
    ['turns', JSON.stringify([{ ...session.history[0], actions: [1] }])],
  ] as const)('rejects a corrupt %s field (%s)', (field, value) => {
    expect(() => decodeConversation({ ...encodeSession(session), [field]: value })).toThrow(CorruptSessionError);
  });
});
