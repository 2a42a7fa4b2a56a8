import { describe, expect, it } from 'vitest';
import { newSession, type Session } from '@statecraft/engine';
import { HISTORY_LIMIT } from '@statecraft/engine';
import { appendHistory, CorruptSessionError, decodeConversation, encodeSession } from './session-codec.ts';

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

  it('round-trips a second trip held for after the booking, and leaves it out when there is none', () => {
    const held: Session = { ...session, context: { ...session.context, nextTrip: { destination: '上海', date: '2026-11-27', count: 2 } } };
    expect(decodeConversation(encodeSession(held)).session).toEqual(held);
    const setAside: Session = { ...held, context: { ...held.context, nextTripSetAside: true } };
    expect(decodeConversation(encodeSession(setAside)).session).toEqual(setAside);
    expect(JSON.parse(encodeSession(session).snapshot)).not.toHaveProperty('nextTrip');
    expect(() => decodeConversation({ ...encodeSession(held), snapshot: JSON.stringify({ value: 'idle', selectedOrderId: null, lastIntent: null, nextTrip: { date: { nested: true } } }) }))
      .toThrow(CorruptSessionError);
  });

  it('round-trips the request a "book or cancel?" question is about, and rejects a malformed one', () => {
    const asked: Session = { ...session, value: 'disambiguate', context: { ...session.context, choiceAsked: { text: '上海那个退一张', locale: 'zh-CN' } } };
    expect(decodeConversation(encodeSession(asked)).session).toEqual(asked);
    expect(JSON.parse(encodeSession(session).snapshot)).not.toHaveProperty('choiceAsked');
    const bad = (choiceAsked: unknown) => ({ ...encodeSession(asked), snapshot: JSON.stringify({ value: 'disambiguate', selectedOrderId: null, lastIntent: null, choiceAsked }) });
    expect(() => decodeConversation(bad({ text: 'x', locale: 'fr-FR' }))).toThrow(CorruptSessionError);
    expect(() => decodeConversation(bad({ text: 3, locale: 'zh-CN' }))).toThrow(CorruptSessionError);
  });

  it('round-trips the orders a cancel-everything leaves alone, and rejects a malformed list', () => {
    const kept: Session = { ...session, value: 'cancelling_all', context: { ...session.context, keptOrderIds: ['A1'] } };
    expect(decodeConversation(encodeSession(kept)).session).toEqual(kept);
    expect(JSON.parse(encodeSession(session).snapshot)).not.toHaveProperty('keptOrderIds');
    const bad = { ...encodeSession(kept), snapshot: JSON.stringify({ value: 'cancelling_all', selectedOrderId: null, lastIntent: null, keptOrderIds: [3] }) };
    expect(() => decodeConversation(bad)).toThrow(CorruptSessionError);
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

  describe('kept history (the chat path appends to the stored text)', () => {
    const record = (turn: number, user = `text ${turn}`): Session['history'][number] =>
      ({ turn, at: '2026-11-25T01:00:00Z', locale: 'en-US', user, bot: `reply ${turn}`, intent: 'inform', confidence: 0.5, state: 'idle', actions: turn % 2 ? ['charge'] : [] });

    it('appending one record at a time gives the same stored text as encoding the whole history, capped at the limit', () => {
      let kept = '[]';
      const all: Session['history'] = [];
      for (let turn = 1; turn <= HISTORY_LIMIT + 7; turn++) {
        // User text that looks like a record start must not be taken for one.
        const r = record(turn, turn === 3 ? 'say {"turn":99} and },{"turn": too' : undefined);
        all.push(r);
        kept = appendHistory(kept, [r]);
        expect(kept).toBe(JSON.stringify(all.slice(-HISTORY_LIMIT)));
      }
      expect((JSON.parse(kept) as unknown[]).length).toBe(HISTORY_LIMIT);
    });

    it("stores a record's confidence to four decimals", () => {
      const stored = appendHistory('[]', [{ ...record(1), confidence: 0.9955494403839111 }]);
      expect(stored).toContain('"confidence":0.9955,');
      expect(encodeSession({ ...session, history: [{ ...record(1), confidence: 0.123456 }] }).turns).toContain('"confidence":0.1235,');
    });

    it('decodes with an empty history and the stored text kept; encoding appends the new records to it', () => {
      const data = encodeSession({ ...session, history: [record(1), record(2)] });
      const decoded = decodeConversation(data, { history: 'kept' });
      expect(decoded.session.history).toEqual([]);
      expect(decoded.keptHistory).toBe(data.turns);
      const next = encodeSession({ ...decoded.session, history: [record(3)] }, [], decoded.keptHistory);
      expect(JSON.parse(next.turns)).toEqual([record(1), record(2), record(3)]);
    });

    it.each([
      ['a history not written by this codec', JSON.stringify([{ at: 'x', turn: 1 }])],
      ['a history that is not an array', JSON.stringify({ turn: 1 })],
      ['more records than the limit', JSON.stringify(Array.from({ length: HISTORY_LIMIT + 1 }, (_, i) => ({ turn: i })))],
    ])('falls back to the validating decode for %s (and rejects it when invalid)', (_what, turns) => {
      expect(() => decodeConversation({ ...encodeSession(session), turns }, { history: 'kept' })).toThrow(CorruptSessionError);
    });

    it('falls back to the validating decode for a valid history in another key order, and rewrites it in full', () => {
      const h = session.history[0]!;
      const reordered = JSON.stringify([{ at: h.at, turn: h.turn, locale: h.locale, user: h.user, bot: h.bot, intent: h.intent, confidence: h.confidence, state: h.state, actions: h.actions }]);
      const decoded = decodeConversation({ ...encodeSession(session), turns: reordered }, { history: 'kept' });
      expect(decoded.keptHistory).toBeUndefined();
      expect(decoded.session.history).toEqual(session.history);
    });
  });
});
