import { describe, expect, it } from 'vitest';
import { miniBot } from '../../test/mini-bot.ts';
import { parseBot } from './compile.ts';
import { emptyContext, type DialogueContext } from './context.ts';
import { renderTemplate } from './render.ts';

const bot = parseBot(miniBot());
const withSlots = (slots: DialogueContext['slots']): DialogueContext => ({ ...emptyContext(), slots });

describe('renderTemplate', () => {
  it('picks the word for a number by its plural category: {count|ticket|tickets}', () => {
    const template = '{count} {count|ticket|tickets} to {destination}';
    expect(renderTemplate(template, bot, withSlots({ count: 1, destination: 'Boston' }), 'en-US')).toBe('1 ticket to Boston');
    expect(renderTemplate(template, bot, withSlots({ count: 3, destination: 'Boston' }), 'en-US')).toBe('3 tickets to Boston');
    expect(renderTemplate(template, bot, withSlots({ count: 0, destination: 'Boston' }), 'en-US')).toBe('0 tickets to Boston');
    // An empty count speaks for the slot's default (1).
    expect(renderTemplate(template, bot, withSlots({ destination: 'Boston' }), 'en-US')).toBe('1 ticket to Boston');
  });

  it('does the same for an order field', () => {
    const context: DialogueContext = {
      ...emptyContext(),
      orders: [{ id: 'A', destination: 'Boston', date: '2026-11-25', count: 2, status: 'active', createdAt: '', updatedAt: '' }],
    };
    expect(renderTemplate('{order.count} {order.count|seat|seats}', bot, context, 'en-US')).toBe('2 seats');
  });

  it('leaves a choice visible when its value is not a number, is missing, or is not a value at all', () => {
    const context = withSlots({ destination: 'Boston' });
    expect(renderTemplate('{destination|a|b}', bot, context, 'en-US')).toBe('{destination|a|b}');
    expect(renderTemplate('{date|day|days}', bot, context, 'en-US')).toBe('{date|day|days}');
    expect(renderTemplate('{orders|order|orders}', bot, context, 'en-US')).toBe('{orders|order|orders}');
    expect(renderTemplate('{constructor|a|b} {order.constructor}', bot, context, 'en-US')).toBe('{constructor|a|b} {order.constructor}');
  });

  it('lists active orders soonest first, and {named_orders} only those the utterance names', () => {
    const order = (id: string, destination: string, date: string, status: 'active' | 'cancelled' = 'active') =>
      ({ id, destination, date, count: 1, status, createdAt: '', updatedAt: '' });
    const context: DialogueContext = {
      ...emptyContext(),
      orders: [order('A', 'Seattle', '2026-12-14'), order('B', 'Miami', '2026-12-08'), order('C', 'Miami', '2026-12-01', 'cancelled')],
    };
    const ids = (text: string) => [...text.matchAll(/\b([ABC]):/g)].map((m) => m[1]);
    expect(ids(renderTemplate('{orders}', bot, context, 'en-US'))).toEqual(['B', 'A']);
    const miami = (o: { destination: string }) => o.destination === 'Miami';
    expect(ids(renderTemplate('{named_orders}', bot, context, 'en-US', null, miami))).toEqual(['B']);
    // Naming nothing lists them all; {orders} ignores what was named.
    expect(ids(renderTemplate('{named_orders}', bot, context, 'en-US'))).toEqual(['B', 'A']);
    expect(ids(renderTemplate('{orders}', bot, context, 'en-US', null, miami))).toEqual(['B', 'A']);
    // A cancel-everything that leaves A alone lists B to cancel; {orders} still lists both.
    const keeping = { ...context, keptOrderIds: ['A'] };
    expect(ids(renderTemplate('{orders_to_cancel}', bot, keeping, 'en-US'))).toEqual(['B']);
    expect(ids(renderTemplate('{orders}', bot, keeping, 'en-US'))).toEqual(['B', 'A']);
  });

  it('prints one full stop where a listed value ends a sentence before the template\'s own ("Your orders: {orders}." with none)', () => {
    const none = renderTemplate('Your orders: {orders}.', bot, emptyContext(), 'en-US');
    expect(none).not.toMatch(/\.\.$/);
    expect(none.endsWith('.')).toBe(true);
    expect(renderTemplate('您的订单：{orders}。', bot, emptyContext(), 'zh-CN')).not.toContain('。。');
  });
});
