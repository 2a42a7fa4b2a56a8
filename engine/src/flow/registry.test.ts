import { describe, expect, it } from 'vitest';
import { miniBot } from '../../test/mini-bot.ts';
import { extractEntities } from '../slots/index.ts';
import { parseBot } from './compile.ts';
import { emptyContext, type DialogueContext, type DialogueEvent, type Order } from './context.ts';
import { applyAction, evaluateGuard, selectOrder } from './registry.ts';

const bot = parseBot(miniBot());
const now = new Date('2026-11-24T10:00:00Z');
const today = '2026-11-24';

function event(text: string): DialogueEvent {
  return {
    type: 'x', text, intent: null, locale: 'en-US', today, now: now.toISOString(), newOrderId: 'N', persona: null,
    entities: extractEntities(text, { locale: 'en-US', now, timeZone: 'UTC', expecting: null }),
  };
}
const order = (id: string, destination: string, date: string, status: Order['status'] = 'active'): Order => ({
  id, destination, date, count: 1, status, createdAt: now.toISOString(), updatedAt: now.toISOString(),
});
const withOrders = (...orders: Order[]): DialogueContext => ({ ...emptyContext(), orders });

describe('namesNoOrder', () => {
  const context = withOrders(order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27'), order('C', 'Denver', '2026-11-26', 'cancelled'));
  const names = (text: string, by: ('city' | 'date')[] = ['city', 'date']) => evaluateGuard(bot, { type: 'namesNoOrder', by }, context, event(text));

  it('holds when the utterance names a destination or a day no active order has', () => {
    expect(names('cancel my ticket to Seattle')).toBe(true);
    expect(names('cancel the one on December 1')).toBe(true);
    // A cancelled order is not one to act on.
    expect(names('cancel my ticket to Denver')).toBe(true);
  });

  it('does not hold when something named matches an active order, or nothing is named', () => {
    expect(names('cancel my ticket to Boston')).toBe(false);
    expect(names('cancel the one tomorrow')).toBe(false);
    expect(names('cancel my Chicago ticket for December 1')).toBe(false); // the city matches
    expect(names('cancel my ticket')).toBe(false);
    // A shift ("a day later") names no order's day.
    expect(names('push it back a day')).toBe(false);
    // Without any active order the answer is "you have no order", not "no such order".
    expect(evaluateGuard(bot, { type: 'namesNoOrder', by: ['city'] }, withOrders(), event('cancel my ticket to Seattle'))).toBe(false);
  });

  it('counts only the kinds it is given: a change names its new day, not the order', () => {
    expect(names('move it to December 1', ['city'])).toBe(false);
    expect(names('move my Seattle ticket to tomorrow', ['city'])).toBe(true);
  });
});

describe('namesOtherOrder', () => {
  const context: DialogueContext = {
    ...withOrders(order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27'), order('C', 'Denver', '2026-11-26', 'cancelled')),
    selectedOrderId: 'B',
  };
  const names = (text: string, by: ('city' | 'date')[] = ['city', 'date']) => evaluateGuard(bot, { type: 'namesOtherOrder', by }, context, event(text));

  it('holds when the utterance names another active order than the selected one', () => {
    expect(names('no, the Boston one')).toBe(true);
    expect(names('no, the one tomorrow')).toBe(true);
  });

  it('does not hold for the selected order, a cancelled or missing one, or nothing named', () => {
    expect(names('no, the Chicago one')).toBe(false);
    expect(names('no, the Denver one')).toBe(false);
    expect(names('no, the Seattle one')).toBe(false);
    expect(names('no')).toBe(false);
    // A change's day is its new day, not a way to name the order.
    expect(names('no, tomorrow', ['city'])).toBe(false);
  });
});

describe('newDestination', () => {
  const boston = order('A', 'Boston', '2026-11-25');
  const chicago = order('B', 'Chicago', '2026-11-27');
  const sends = (text: string, context: DialogueContext) => evaluateGuard(bot, { type: 'newDestination' }, context, event(text));

  it('holds when the utterance sends the order it means to a place that is not its destination', () => {
    expect(sends('change my Boston ticket to Chicago', withOrders(boston))).toBe(true);
    expect(sends('change my ticket to Chicago', withOrders(boston))).toBe(true);
    // The order the other words name, not the latest: the Boston one goes to Denver.
    expect(sends('move my Boston trip to Denver', withOrders(boston, chicago))).toBe(true);
    // The selected order, when nothing else names one.
    expect(sends('to Denver', { ...withOrders(boston, chicago), selectedOrderId: 'A' })).toBe(true);
    // A day said with it: the trip's new day, with another city naming the order.
    expect(sends('move my Boston trip to Denver on Friday', withOrders(boston))).toBe(true);
  });

  it('does not hold for a destination that names an active order, a day, its own destination, or a named order that is missing', () => {
    expect(sends('change my ticket to Chicago', withOrders(boston, chicago))).toBe(false);
    expect(sends('change my ticket to Friday', withOrders(boston))).toBe(false);
    expect(sends('move my Boston trip to Boston', withOrders(boston))).toBe(false);
    expect(sends('change my Seattle ticket to Denver', withOrders(boston))).toBe(false);
    expect(sends('change my ticket to Chicago', withOrders())).toBe(false);
    // A lone city said with a new day names the order to move ("my ticket to Chicago"), even one that does not exist.
    expect(sends('change my ticket to Chicago to Friday', withOrders(boston))).toBe(false);
  });
});

describe('selectOrder', () => {
  const orders = [order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27'), order('C', 'Boston', '2026-11-28', 'cancelled')];
  it('picks the latest active order matching a named destination or day, else the latest active one', () => {
    expect(selectOrder(orders, event('cancel my Boston ticket').entities)?.id).toBe('A');
    expect(selectOrder(orders, event('the one tomorrow').entities)?.id).toBe('A');
    expect(selectOrder(orders, event('cancel my ticket').entities)?.id).toBe('B');
    expect(selectOrder([orders[2] as Order], event('cancel my ticket').entities)).toBeUndefined();
  });

  it('picks the order at the place the utterance points at, counted as listings show them (soonest trip first)', () => {
    // Booked later, travelling sooner: D is listed first.
    const listed = [...orders, order('D', 'Denver', '2026-11-24')];
    const select = (text: string) => selectOrder(listed, event(text).entities, text)?.id;
    expect(select('cancel the first one')).toBe('D');
    expect(select('cancel the second one')).toBe('A');
    expect(select('cancel the last one')).toBe('B');
    // The place names the order alone: the day is the new one.
    expect(select('move the first one to Friday')).toBe('D');
    // With one active order "the second one" is no place in a list (第二张 may be one of its tickets).
    expect(selectOrder([orders[0] as Order], event('the second one').entities, 'the second one')?.id).toBe('A');
  });

  it('says there is no such order for a place past the end of the list', () => {
    const context = withOrders(order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27'));
    expect(evaluateGuard(bot, { type: 'namesNoOrder', by: ['city', 'date'] }, context, event('cancel the third one'))).toBe(true);
    expect(evaluateGuard(bot, { type: 'namesNoOrder', by: ['city', 'date'] }, context, event('cancel the second one'))).toBe(false);
    expect(evaluateGuard(bot, { type: 'namesOtherOrder', by: ['city', 'date'] }, { ...context, selectedOrderId: 'B' }, event('no, the first one'))).toBe(true);
  });
});

describe('changesSlots', () => {
  const draft: DialogueContext = { ...emptyContext(), slots: { destination: 'Boston', date: '2026-11-25' } };
  const changes = (text: string) => evaluateGuard(bot, { type: 'changesSlots' }, draft, event(text));

  it('holds when a value in the utterance differs from the slot it would fill', () => {
    expect(changes('no, to Chicago')).toBe(true);
    expect(changes('no, the day after tomorrow')).toBe(true);
    expect(changes('no, two tickets')).toBe(true); // count is empty in the draft (its default is not a value)
    expect(changes('no, a day later')).toBe(true); // a shift moves the slot's own day
  });

  it('reads the city a correction turns to, not the one it turns down', () => {
    expect(changes('not Boston, Chicago')).toBe(true);
    expect(changes('Chicago instead of Boston')).toBe(true);
    expect(changes('not Chicago, Boston')).toBe(false);
  });

  it('with `slots`, counts only those: a reschedule\'s correction is its day, the order\'s city is no change', () => {
    const changesDate = (text: string) => evaluateGuard(bot, { type: 'changesSlots', slots: ['date'] }, draft, event(text));
    expect(changesDate('no wait, I meant the day after tomorrow')).toBe(true);
    expect(changesDate('no, to Chicago')).toBe(false);
    expect(changesDate('no, two tickets')).toBe(false);
    // ...and nothing else may be said with the day.
    expect(changesDate("no, I'd rather go to Chicago the day after tomorrow")).toBe(false);
  });

  it('does not hold when the utterance only repeats the draft, or names nothing', () => {
    expect(changes("I don't need the ticket to Boston anymore")).toBe(false);
    expect(changes('not tomorrow after all')).toBe(false);
    expect(changes('no')).toBe(false);
  });
});

describe('a refund of part of an order', () => {
  const refundEvent = { ...event('yes'), type: 'affirm' };
  const three = order('A', 'Boston', '2026-11-25');
  const context = (count: number | undefined): DialogueContext => ({
    ...emptyContext(),
    orders: [{ ...three, count: 3 }],
    selectedOrderId: 'A',
    slots: count === undefined ? {} : { count },
  });

  it('is asked about (partOfOrder) only for a count the user gave, from 1 to one below the order', () => {
    const part = (count: number | undefined) => evaluateGuard(bot, { type: 'partOfOrder', slot: 'count' }, context(count), refundEvent);
    expect([part(1), part(2)]).toEqual([true, true]);
    expect([part(undefined), part(3), part(5), part(0)]).toEqual([false, false, false, false]);
  });

  it('refunds that many tickets and keeps the order active with the rest; without partSlot, the whole order', () => {
    const partial = applyAction(bot, { type: 'refund', partSlot: 'count' }, context(1), refundEvent);
    expect(partial.effects).toEqual([{ name: 'refund', orderId: 'A', destination: 'Boston', date: '2026-11-25', count: 1, remaining: 2 }]);
    expect(partial.orders?.[0]).toMatchObject({ status: 'active', count: 2 });
    const whole = applyAction(bot, { type: 'refund' }, context(1), refundEvent);
    expect(whole.effects).toEqual([{ name: 'refund', orderId: 'A', destination: 'Boston', date: '2026-11-25', count: 3 }]);
    expect(whole.orders?.[0]).toMatchObject({ status: 'cancelled', count: 3 });
    // A count of the whole order (or more) is a whole refund.
    expect(applyAction(bot, { type: 'refund', partSlot: 'count' }, context(3), refundEvent).orders?.[0]).toMatchObject({ status: 'cancelled' });
  });
});

describe('setSlots with several values for one slot', () => {
  const listing = parseBot({
    ...miniBot(),
    messages: { ...miniBot().messages, severalValues: { 'en-US': 'You named {values}: one at a time, please.' } },
  });
  const set = (text: string, context: DialogueContext = emptyContext()) =>
    applyAction(listing, { type: 'setSlots' }, context, event(text));

  it('fills none of them, says so with the values, and still takes the other slots', () => {
    const changed = set('two tickets to Boston and Chicago tomorrow');
    expect(changed.slots).toEqual({ count: 2, date: '2026-11-25' });
    expect(changed.outbox).toEqual(['You named Boston and Chicago: one at a time, please.']);
    expect(set('Paris or Rome').outbox).toEqual(['You named Paris and Rome: one at a time, please.']);
  });

  it('keeps the value the slot had', () => {
    const draft: DialogueContext = { ...emptyContext(), slots: { destination: 'Denver' } };
    expect(set('make it Boston or Chicago', draft).slots).toEqual({ destination: 'Denver' });
  });

  it('takes one city, a trip with an origin, and a correction as one value', () => {
    expect(set('to Boston').slots).toEqual({ destination: 'Boston' });
    expect(set('from Boston to Chicago').slots).toEqual({ destination: 'Chicago' });
    expect(set('not Boston, Chicago').slots).toEqual({ destination: 'Chicago' });
    expect(set('not Boston, Chicago').outbox).toEqual([]);
  });
});

describe('setSlots with a change of the count in play', () => {
  const set = (text: string, slots: DialogueContext['slots'] = {}) =>
    applyAction(bot, { type: 'setSlots' }, { ...emptyContext(), slots }, event(text)).slots;

  it('adds to the count of the draft, or to the default while a booking is under way', () => {
    expect(set('add one more ticket', { destination: 'Boston', count: 2 })).toMatchObject({ count: 3 });
    expect(set('two more tickets', { destination: 'Boston' })).toMatchObject({ count: 3 });
    expect(set('one less', { destination: 'Boston', count: 3 })).toMatchObject({ count: 2 });
  });

  it('starts a fresh booking with the tickets added: "one more ticket to Chicago" is one ticket', () => {
    expect(set('one more ticket to Chicago')).toEqual({ destination: 'Chicago', count: 1 });
  });

  it('refuses to take the count below one', () => {
    expect(set('one less', { destination: 'Boston', count: 1 })).toEqual({ destination: 'Boston', count: 1 });
  });
});

describe('turnsDownSlot', () => {
  const draft: DialogueContext = { ...emptyContext(), slots: { destination: 'Boston', date: '2026-11-25' } };
  const turnsDown = (text: string) => evaluateGuard(bot, { type: 'turnsDownSlot', slot: 'destination' }, draft, event(text));

  it('holds when the utterance turns down the value the slot holds, offering none in its place', () => {
    expect(turnsDown("I won't be going to Boston")).toBe(true);
    expect(turnsDown("I don't want Boston")).toBe(true);
  });

  it('does not hold for another city, a correction, or nothing turned down', () => {
    expect(turnsDown("I won't be going to Chicago")).toBe(false);
    expect(turnsDown('not Boston, Chicago')).toBe(false);
    expect(turnsDown('Boston please')).toBe(false);
    expect(evaluateGuard(bot, { type: 'turnsDownSlot', slot: 'destination' }, emptyContext(), event("I don't want Boston"))).toBe(false);
  });
});

describe('turnsDownOrder', () => {
  const withOrders: DialogueContext = { ...emptyContext(), orders: [order('A', 'Boston', '2026-11-25'), order('B', 'Denver', '2026-11-26', 'cancelled')] };
  const turnsDown = (text: string, context = withOrders) => evaluateGuard(bot, { type: 'turnsDownOrder' }, context, event(text));

  it('holds when the utterance turns down the trip of an active order', () => {
    expect(turnsDown("I won't be going to Boston")).toBe(true);
  });

  it('does not hold for a place no active order goes to, a contrast, or a trip merely named', () => {
    expect(turnsDown("I won't be going to Chicago")).toBe(false);
    expect(turnsDown("I won't be going to Denver")).toBe(false); // that order is cancelled already
    expect(turnsDown('not Boston, Chicago')).toBe(false);
    expect(turnsDown('my Boston trip')).toBe(false);
    expect(turnsDown("I won't be going to Boston", emptyContext())).toBe(false);
  });
});

describe('a stretch of days names no order; a day not on the calendar names one that cannot be found', () => {
  const withOrders: DialogueContext = { ...emptyContext(), orders: [order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27')] };
  it('so "my ticket for next week" is not an order that cannot be found', () => {
    const none = (text: string) => evaluateGuard(bot, { type: 'namesNoOrder', by: ['city', 'date'] }, withOrders, event(text));
    expect(none('cancel my ticket for next week')).toBe(false);
    expect(none('cancel my ticket for February 30')).toBe(true);
    expect(none('cancel my ticket for Denver')).toBe(true);
    expect(selectOrder(withOrders.orders, event('cancel my Boston ticket for next week').entities)?.id).toBe('A');
  });
});

describe('a trip turned down still names its order; a contrast does not', () => {
  const orders = [order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27')];
  it('selects the order of a city declined ("I won\'t be going to Boston"), not the one contrasted ("not Boston")', () => {
    expect(selectOrder(orders, event("I won't be going to Boston").entities)?.id).toBe('A');
    expect(selectOrder(orders, event('not Chicago, Boston').entities)?.id).toBe('A');
    expect(selectOrder(orders, event('not Boston').entities)?.id).toBe('B'); // none named: the latest
  });
});

describe('onlyEntity', () => {
  const only = (text: string) => evaluateGuard(bot, { type: 'onlyEntity', entity: 'count' }, emptyContext(), event(text));
  it('holds when every value of the utterance is of the kind', () => {
    expect(only('change my order to 3 tickets')).toBe(true);
    expect(only('three tickets to Boston')).toBe(false);
    expect(only('move it to Friday')).toBe(false);
    expect(only('change my order')).toBe(false);
  });
});

describe('a weekday said alone', () => {
  // Today is Tuesday 2026-11-24.
  const set = (text: string, context: DialogueContext = emptyContext()) => applyAction(bot, { type: 'setSlots' }, context, event(text)).slots?.date;
  const draftOn = (date: string): DialogueContext => ({ ...emptyContext(), slots: { destination: 'Boston', date } });

  it('is the next one after today with no day in play', () => {
    expect(set('on Saturday')).toBe('2026-11-28');
  });

  it('is the one within three days of the draft day, before or after it', () => {
    // The draft is Friday 2026-12-04.
    expect(set('make it Saturday', draftOn('2026-12-04'))).toBe('2026-12-05');
    expect(set('make it Monday', draftOn('2026-12-04'))).toBe('2026-12-07');
    expect(set('make it Thursday', draftOn('2026-12-04'))).toBe('2026-12-03');
    expect(set('make it Tuesday', draftOn('2026-12-04'))).toBe('2026-12-01');
  });

  it("is the selected order's week when no draft day is in play and the slot is about the order (a change of date)", () => {
    const context: DialogueContext = { ...withOrders(order('A', 'Boston', '2026-12-06')), selectedOrderId: 'A' };
    const reschedule = applyAction(bot, { type: 'setSlots', slots: ['date'], relativeTo: 'selectedOrder' }, context, event('move it to Saturday'));
    expect(reschedule.slots?.date).toBe('2026-12-05');
    // A new booking after that Sunday order: the coming Friday, not the one near the order booked last (was: 2026-12-04).
    expect(set('book 2 tickets to Chicago on Friday', context)).toBe('2026-11-27');
  });

  it("is the next one after today for the draft day's own weekday, or when the near one is not after today", () => {
    expect(set('make it Friday', draftOn('2026-12-04'))).toBe('2026-11-27');
    // Near Wednesday the 25th, "Tuesday" would be today: the next Tuesday instead.
    expect(set('make it Tuesday', draftOn('2026-11-25'))).toBe('2026-12-01');
    // A modifier keeps the reading from today: "this Saturday", "next Saturday".
    expect(set('make it this Saturday', draftOn('2026-12-10'))).toBe('2026-11-28');
  });

  it('names the order a value with an order word after it names outright ("the Shanghai trip"); the other values only narrow it', () => {
    const orders = [order('S', 'Shanghai', '2026-12-04'), order('B', 'Beijing', '2026-12-06'), order('T', 'Shanghai', '2026-12-06')];
    // Sunday is the new day: it named the Beijing order too, which was moved (was: B).
    expect(selectOrder(orders.slice(0, 2), event('move the Shanghai trip to Sunday').entities, 'move the Shanghai trip to Sunday')?.id).toBe('S');
    // Two Shanghai orders: the Sunday one, as the other value narrows them down.
    expect(selectOrder([orders[2]!, orders[0]!, orders[1]!], event('cancel the Shanghai one on Sunday').entities, 'cancel the Shanghai one on Sunday')?.id).toBe('T');
  });

  it('names the orders on that weekday, whichever week they are in', () => {
    const orders = [order('A', 'Boston', '2026-11-25'), order('E', 'Seattle', '2026-12-04'), order('F', 'Denver', '2026-11-26')];
    expect(selectOrder(orders, event('cancel the Friday one').entities)?.id).toBe('E');
    expect(selectOrder(orders, event('cancel the Saturday one').entities)?.id).toBe('F'); // none: the latest
  });
});

describe('a change from one day to another', () => {
  const orders = [order('A', 'Boston', '2026-11-27'), order('B', 'Chicago', '2026-11-30'), order('C', 'Denver', '2026-12-04')];
  it('names the order by the day it moves away from, not the day it moves to', () => {
    expect(selectOrder(orders, event('change my November 27 ticket to December 4').entities)?.id).toBe('A');
    expect(selectOrder(orders, event('move it from November 27 to December 4').entities)?.id).toBe('A');
  });
  it('fills the date with the day it moves to', () => {
    const set = (text: string) => applyAction(bot, { type: 'setSlots' }, emptyContext(), event(text)).slots?.date;
    expect(set('change my November 27 ticket to December 4')).toBe('2026-12-04');
    expect(set('move it from November 27 to December 4')).toBe('2026-12-04');
  });
});

describe('all of the orders', () => {
  const two = withOrders(order('A', 'Boston', '2026-11-25'), order('B', 'Chicago', '2026-11-27'), order('C', 'Denver', '2026-11-26', 'cancelled'));
  const asksAll = (text: string, context = two, locale: 'en-US' | 'zh-CN' = 'en-US') =>
    evaluateGuard(bot, { type: 'allOrders' }, context, { ...event(text), locale });

  it('are asked for with all, both, every(thing), 全部, 所有, 都退, 两个都', () => {
    for (const text of ['cancel all my orders', 'refund both', 'cancel everything', 'cancel all of them', 'cancel every ticket'])
      expect(asksAll(text), text).toBe(true);
    for (const text of ['把我的票全部退掉', '所有的票都退了', '两个都退了吧', '都给我取消'])
      expect(asksAll(text, two, 'zh-CN'), text).toBe(true);
  });

  it('are not asked for by "after all", "at all", "that\'s all", "all good", 都 alone, or with a single active order', () => {
    for (const text of ['cancel it after all', "I don't want it at all", "cancel it, that's all", 'all good, cancel the Boston one', 'cancel my ticket'])
      expect(asksAll(text), text).toBe(false);
    expect(asksAll('我都不想去了', two, 'zh-CN')).toBe(false);
    expect(asksAll('cancel all my orders', withOrders(order('A', 'Boston', '2026-11-25')))).toBe(false);
  });

  it('are refunded together, one effect per active order', () => {
    const done = applyAction(bot, { type: 'refund', all: true }, two, event('yes'));
    expect(done.orders?.map((o) => [o.id, o.status])).toEqual([['A', 'cancelled'], ['B', 'cancelled'], ['C', 'cancelled']]);
    expect(done.effects?.map((e) => [e.name, e.orderId, e.count])).toEqual([['refund', 'A', 1], ['refund', 'B', 1]]);
  });
});

describe('namesSecondTrip', () => {
  const holds = (text: string) => evaluateGuard(bot, { type: 'namesSecondTrip' }, emptyContext(), event(text));
  it('holds for two trips said one after the other, not for a list, a route or a correction', () => {
    expect(holds('book a ticket to Boston tomorrow and another to Chicago on Friday')).toBe(true);
    expect(holds('Boston on Monday, Denver on Tuesday')).toBe(true);
    expect(holds('book tickets to Boston or Chicago')).toBe(false);
    expect(holds('from Boston to Chicago tomorrow')).toBe(false);
    expect(holds('Boston, no wait, Chicago tomorrow')).toBe(false);
    expect(holds('a ticket to Boston')).toBe(false);
  });
});

describe('swapsTrip', () => {
  const swaps = (text: string, context: DialogueContext) => evaluateGuard(bot, { type: 'swapsTrip' }, context, event(text));
  const boston = order('B', 'Boston', '2026-11-28');
  const denver = order('D', 'Denver', '2026-11-29');
  it('holds when the first place is an active order and the second is none', () => {
    expect(swaps('cancel the Boston trip and book me Chicago instead', withOrders(boston))).toBe(true);
    expect(swaps('change my Boston ticket to Chicago', withOrders(boston, denver))).toBe(true);
  });
  it('does not when both places have orders, the first has none, or one place is said', () => {
    expect(swaps('cancel my Boston and Denver tickets', withOrders(boston, denver))).toBe(false);
    expect(swaps('cancel Chicago and book Boston', withOrders(boston))).toBe(false);
    expect(swaps('cancel the Boston trip and book me Chicago instead', withOrders(order('B', 'Boston', '2026-11-28', 'cancelled')))).toBe(false);
    expect(swaps('change it to Chicago', withOrders(boston))).toBe(false);
  });
});

describe('holdNextTrip and offerNextTrip (two trips in one sentence)', () => {
  const held = (text: string) => applyAction(bot, { type: 'holdNextTrip' }, { ...emptyContext(), slots: { destination: 'Boston', date: '2026-11-28', count: 1 } }, event(text));

  it("holds the second trip's place, day and count, and drops from the draft a day only the second part said", () => {
    expect(held('a ticket to Boston tomorrow and two more to Chicago on Friday').nextTrip).toEqual({ destination: 'Chicago', date: expect.any(String), count: 2 });
    const second = held('a ticket to Boston and another one to Chicago tomorrow');
    expect(second.nextTrip).toMatchObject({ destination: 'Chicago' });
    expect(second.slots).not.toHaveProperty('date');
    expect(held('a ticket to Boston tomorrow').nextTrip).toBeNull();
  });

  it('offers the held trip once, and a full clearSlots forgets it', () => {
    const context = { ...emptyContext(), nextTrip: { destination: 'Chicago' } };
    expect(applyAction(bot, { type: 'offerNextTrip' }, context, event('yes'))).toEqual({ slots: { destination: 'Chicago' }, nextTrip: null, nextTripSetAside: false });
    expect(applyAction(bot, { type: 'clearSlots' }, context, event('no')).nextTrip).toBeNull();
    expect(applyAction(bot, { type: 'clearSlots', slots: ['date'] }, context, event('no'))).not.toHaveProperty('nextTrip');
    expect(evaluateGuard(bot, { type: 'hasNextTrip' }, context, undefined)).toBe(true);
    expect(evaluateGuard(bot, { type: 'hasNextTrip' }, emptyContext(), undefined)).toBe(false);
  });
});

describe('asksPrice', () => {
  it('holds for a question about what a ticket costs', () => {
    expect(evaluateGuard(bot, { type: 'asksPrice' }, emptyContext(), event('how much is a ticket to Boston'))).toBe(true);
    expect(evaluateGuard(bot, { type: 'asksPrice' }, emptyContext(), event('去上海多少钱'))).toBe(true);
    expect(evaluateGuard(bot, { type: 'asksPrice' }, emptyContext(), event('book a ticket to Boston'))).toBe(false);
  });
});

describe('asksAnotherOrder', () => {
  it('holds for words asking for more tickets, in either language, not for a refund of more', () => {
    const context = withOrders(order('A', 'Boston', '2026-11-25'));
    expect(evaluateGuard(bot, { type: 'asksAnotherOrder' }, context, event('no no, book one more'))).toBe(true);
    expect(evaluateGuard(bot, { type: 'asksAnotherOrder' }, context, event('不是，我是想再订一张'))).toBe(true);
    expect(evaluateGuard(bot, { type: 'asksAnotherOrder' }, context, event('cancel one more'))).toBe(false);
    expect(evaluateGuard(bot, { type: 'asksAnotherOrder' }, context, undefined)).toBe(false);
  });
});

describe('changesOrderCount and changeOrderCount (a new number of tickets for an order)', () => {
  const three = (o: Order): Order => ({ ...o, count: 3 });
  const lone = withOrders(three(order('A', 'Denver', '2026-11-27')));
  const two = withOrders(three(order('A', 'Denver', '2026-11-27')), order('B', 'Boston', '2026-11-28'));
  const holds = (direction: 'fewer' | 'more', text: string, context = lone) =>
    evaluateGuard(bot, { type: 'changesOrderCount', direction }, context, event(text));
  const changed = (text: string, context = lone) => applyAction(bot, { type: 'changeOrderCount' }, context, event(text));

  it('reads a new total against the order meant, and a shift as it is', () => {
    expect([holds('fewer', 'make it 2 tickets'), holds('more', 'make it 2 tickets')]).toEqual([true, false]);
    expect([holds('fewer', 'change my Denver booking to 4 tickets'), holds('more', 'change my Denver booking to 4 tickets')]).toEqual([false, true]);
    expect(holds('more', 'add one more ticket to my Denver booking')).toBe(true);
    expect(holds('fewer', 'one less ticket')).toBe(true);
  });

  it('holds for no change, no order meant, a bare count or a cancel of every ticket', () => {
    expect(holds('fewer', 'make it 3 tickets')).toBe(false);
    expect(holds('more', 'make it 3 tickets')).toBe(false);
    expect(holds('fewer', 'make it 2 tickets', two)).toBe(false); // which order?
    expect(holds('fewer', 'make the Denver one 2 tickets', two)).toBe(false); // no total word: "make ... it N" / "to N"
    expect(holds('fewer', 'change the Denver one to 2 tickets', two)).toBe(true);
    expect(holds('fewer', 'book 2 tickets')).toBe(false);
    expect(holds('fewer', 'make it 2 tickets', emptyContext())).toBe(false);
  });

  it('refunds the difference of the order, or drafts the added tickets as a new order of its trip', () => {
    expect(changed('make it 2 tickets')).toMatchObject({ selectedOrderId: 'A', slots: { count: 1 } });
    expect(changed('change the Denver one to 1 ticket', two)).toMatchObject({ selectedOrderId: 'A', slots: { count: 2 } });
    const more = changed('make it 5 tickets');
    expect(more.selectedOrderId).toBeUndefined();
    expect(more.slots).toMatchObject({ destination: 'Denver', date: '2026-11-27', count: 2 });
  });

  it('reads 再来/再订 N张 about an order the utterance names, with no day said, as N more of its trip', () => {
    const zh = (text: string): DialogueEvent => ({
      ...event(''), text, locale: 'zh-CN',
      entities: extractEntities(text, { locale: 'zh-CN', now, timeZone: 'UTC', expecting: null }),
    });
    const chengdu = withOrders(order('C', '成都', '2026-11-27'), order('B', '北京', '2026-11-28'));
    const more = (text: string) => evaluateGuard(bot, { type: 'changesOrderCount', direction: 'more' }, chengdu, zh(text));
    expect(more('成都的再来两张')).toBe(true);
    expect(more('成都那单再订一张')).toBe(true);
    expect(applyAction(bot, { type: 'changeOrderCount' }, chengdu, zh('成都的再来两张')).slots).toMatchObject({ destination: '成都', date: '2026-11-27', count: 2 });
    expect(more('再来两张')).toBe(false); // which order?
    expect(more('再订一张去深圳的')).toBe(false); // no order there: a new booking
    expect(more('成都的再来两张，后天的')).toBe(false); // a day of its own: a new booking
  });
});

describe('sameAsOrder and copyOrder ("the same again")', () => {
  const twoTickets = (o: Order): Order => ({ ...o, count: 2 });
  const context = withOrders(twoTickets(order('A', 'Boston', '2026-11-25')), order('B', 'Chicago', '2026-11-27', 'cancelled'));
  const copied = (text: string, from = context) => applyAction(bot, { type: 'copyOrder' }, from, event(text)).slots;

  it('holds when the utterance asks for a trip like an order, and there is one', () => {
    expect(evaluateGuard(bot, { type: 'sameAsOrder' }, context, event('the same again please'))).toBe(true);
    expect(evaluateGuard(bot, { type: 'sameAsOrder' }, emptyContext(), event('the same again please'))).toBe(false);
    expect(evaluateGuard(bot, { type: 'sameAsOrder' }, context, event('book a ticket to Denver'))).toBe(false);
  });

  it('copies the latest order, cancelled or not, unless the utterance names one by place or destination', () => {
    expect(copied('the same again')).toMatchObject({ destination: 'Chicago', date: '2026-11-27', count: 1 });
    expect(copied('the same as my Boston trip')).toMatchObject({ destination: 'Boston', date: '2026-11-25', count: 2 });
  });

  it('puts what the utterance says on top; a day said is the new trip\'s, not a way to name the old order', () => {
    expect(copied('the same as my Boston trip, but 3 tickets')).toMatchObject({ destination: 'Boston', count: 3 });
    expect(copied('same as the Boston one, on November 27')).toMatchObject({ destination: 'Boston', date: '2026-11-27' });
    expect(copied('same as last time, on November 25')).toMatchObject({ destination: 'Chicago', date: '2026-11-25' });
  });

  it('reads tickets added as the new order\'s own: "one more like that" is one ticket, not the old count plus one', () => {
    expect(copied('one more ticket like the Boston one')).toMatchObject({ destination: 'Boston', count: 1 });
    expect(copied('two more of the same as Boston')).toMatchObject({ destination: 'Boston', count: 2 });
  });

  it('with onlyMissing, fills only what the draft lacks: "same as last time" asked where to, in a booking for tomorrow', () => {
    const draft: DialogueContext = { ...context, slots: { date: '2026-11-28' } };
    const slots = applyAction(bot, { type: 'copyOrder', onlyMissing: true }, draft, event('same as last time')).slots;
    expect(slots).toMatchObject({ destination: 'Chicago', date: '2026-11-28', count: 1 });
    expect(applyAction(bot, { type: 'copyOrder' }, draft, event('same as last time')).slots).toMatchObject({ date: '2026-11-27' });
  });

  it('leaves a day that has passed for the booking to ask again', () => {
    const past = withOrders(order('A', 'Boston', '2026-11-20'));
    const slots = copied('the same again', past);
    expect(slots).toMatchObject({ destination: 'Boston', count: 1 });
    expect(slots).not.toHaveProperty('date');
  });
});

describe('outOfScope', () => {
  const withIntent = (name: string, confidence: number) => ({ ...event('what is the weather like'), intent: { name, confidence } });
  it('holds when the top intent is an out-of-scope one at or above the threshold, not when the classifier is unsure', () => {
    expect(evaluateGuard(bot, { type: 'outOfScope' }, emptyContext(), withIntent('oos', 0.9))).toBe(true);
    expect(evaluateGuard(bot, { type: 'outOfScope' }, emptyContext(), withIntent('oos', bot.nlu.threshold - 0.01))).toBe(false);
    expect(evaluateGuard(bot, { type: 'outOfScope' }, emptyContext(), withIntent('order', 0.9))).toBe(false);
    expect(evaluateGuard(bot, { type: 'outOfScope' }, emptyContext(), event('weather'))).toBe(false); // no intent at all
  });
});

describe('refersToOrder and holdDraft (a request about an order in the middle of a booking)', () => {
  const refers = (text: string, context: DialogueContext) => evaluateGuard(bot, { type: 'refersToOrder' }, context, event(text));
  const orders = withOrders(order('o1', '北京', '2026-11-25'), order('o2', 'Boston', '2026-11-26'));

  it('holds when the utterance points at an order by its destination, as an order', () => {
    expect(refers('算了，把北京那张改到周五吧', orders)).toBe(true);
    expect(refers('北京的票改到周五', orders)).toBe(true);
    expect(refers('move my Boston ticket to Friday', orders)).toBe(true);
    expect(refers('the Boston one, to Friday', orders)).toBe(true);
  });

  it('does not for a bare city, a city with no order, or a destination', () => {
    expect(refers('去北京', orders)).toBe(false);
    expect(refers('to Boston on Friday', orders)).toBe(false);
    expect(refers('把上海那张改到周五', orders)).toBe(false);
    expect(refers('move my Boston ticket to Friday', withOrders())).toBe(false);
  });

  it('holdDraft sets the draft aside as the next trip and empties it; an empty draft holds nothing', () => {
    const drafting = { ...orders, slots: { destination: '上海', date: '2026-11-28', count: 2 } };
    expect(applyAction(bot, { type: 'holdDraft' }, drafting, event('把北京那张改到周五'))).toEqual({
      nextTrip: { destination: '上海', date: '2026-11-28', count: 2 },
      nextTripSetAside: true,
      slots: {},
    });
    expect(applyAction(bot, { type: 'holdDraft' }, orders, event('把北京那张改到周五'))).toEqual({ nextTrip: null, nextTripSetAside: false, slots: {} });
  });
});

describe('matchesOrder (a change to what the order has already)', () => {
  const matches = (slots: DialogueContext['slots'], selectedOrderId: string | null, status: Order['status'] = 'active') =>
    evaluateGuard(bot, { type: 'matchesOrder', slot: 'date' }, { ...withOrders(order('A', 'Boston', '2026-11-27', status)), slots, selectedOrderId }, event('move it to friday'));

  it('holds when the slot holds the selected active order\'s own value', () => {
    expect(matches({ date: '2026-11-27' }, 'A')).toBe(true);
  });

  it('does not hold for another value, an empty slot, no selected order or a cancelled one', () => {
    expect(matches({ date: '2026-11-28' }, 'A')).toBe(false);
    expect(matches({}, 'A')).toBe(false);
    expect(matches({ date: '2026-11-27' }, null)).toBe(false);
    expect(matches({ date: '2026-11-27' }, 'A', 'cancelled')).toBe(false);
  });
});

describe('wholeOrder', () => {
  const whole = (text: string) => evaluateGuard(bot, { type: 'wholeOrder' }, withOrders(order('A', 'Boston', '2026-11-27')), event(text));
  it.each(['还是全部退了吧', '整单退掉', 'cancel the whole order', 'all of them', 'everything'])('%s asks for the whole order', (text) => {
    expect(whole(text)).toBe(true);
  });
  it.each(['退票', 'cancel it', 'cancel one ticket', '退一张'])('%s does not', (text) => {
    expect(whole(text)).toBe(false);
  });
});
