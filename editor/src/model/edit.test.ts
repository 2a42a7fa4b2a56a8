import { describe, expect, it } from 'vitest';
import { ticketsBot } from '../test/fixtures.ts';
import {
  addExamples, addState, addTransition, deleteIntent, deleteState, deleteTransitions, moveTransition, removeExample, renameState,
  retargetEvent, transitionsInto, transitionsOnEvent,
} from './edit.ts';
import { allTransitions, getState, getTransition } from './paths.ts';
import { validate } from './validate.ts';

describe('state edits', () => {
  it('renames a nested state and every reference to it', async () => {
    const bot = await ticketsBot();
    const next = renameState(bot, 'booking.confirm', 'review');
    expect(getState(next, 'booking.review')?.kind).toBe('confirm');
    expect(getState(next, 'booking.confirm')).toBeUndefined();
    expect(getState(next, 'booking.route')?.always?.at(-1)?.target).toBe('booking.review');
    expect(Object.keys(getState(next, 'booking')!.states!)).toEqual(['route', 'ask_destination', 'ask_date', 'review']);
    expect(validate('tickets', next).errors).toBe(0);
    expect(bot.states.booking!.states!.confirm).toBeDefined(); // the original is untouched
  });

  it('renames a top-level state, its children paths, the start state and the disambiguation state', async () => {
    const bot = await ticketsBot();
    let next = renameState(bot, 'idle', 'start');
    expect(next.initial).toBe('start');
    next = renameState(next, 'disambiguate', 'which');
    expect(next.disambiguation?.state).toBe('which');
    next = renameState(next, 'booking', 'buying');
    expect(getState(next, 'buying.route')?.always?.[0]?.target).toBe('buying.ask_destination');
    expect(validate('tickets', next).errors).toBe(0);
  });

  it('deletes a state with the transitions leading into it', async () => {
    const bot = await ticketsBot();
    const incoming = transitionsInto(bot, 'rescheduling');
    expect(incoming.length).toBeGreaterThan(0);
    const next = deleteState(bot, 'rescheduling');
    expect(getState(next, 'rescheduling')).toBeUndefined();
    expect(allTransitions(next).some(({ transition }) => transition.target?.startsWith('rescheduling'))).toBe(false);
    expect(validate('tickets', next).errors).toBe(0);
  });

  it('keeps a valid initial child when the initial one is deleted', async () => {
    const bot = await ticketsBot();
    const next = deleteState(bot, 'booking.route');
    expect(getState(next, 'booking')?.initial).toBe('ask_destination');
    const routeless = deleteState(next, 'cancelling.route');
    expect(getState(routeless, 'cancelling')?.initial).toBe('confirm');
    const gone = deleteState(deleteState(routeless, 'cancelling.confirm'), 'cancelling.confirm_part');
    expect(getState(gone, 'cancelling')?.states).toBeUndefined();
    expect(getState(gone, 'cancelling')?.initial).toBeUndefined();
  });

  it('adds a state, a child state and transitions to it', async () => {
    const bot = await ticketsBot();
    let next = addState(bot, null, 'survey', { reply: { 'zh-CN': '请给我们打分', 'en-US': 'Rate us' } });
    next = addState(next, 'survey', 'ask_score');
    expect(getState(next, 'survey')?.initial).toBe('ask_score');
    const added = addTransition(next, 'idle', 'on', 'greet', { target: 'survey', guard: { type: 'hasActiveOrder' } });
    expect(getTransition(added.def, added.ref)).toEqual({ target: 'survey', guard: { type: 'hasActiveOrder' } });
    expect(added.ref).toEqual({ owner: 'idle', kind: 'on', event: 'greet', index: 2 }); // after idle's price answer and its greeting
    const v = validate('tickets', added.def);
    expect(v.errors).toBe(0);
    expect(v.problems).toEqual([]); // reachable now, and the bot's global transitions lead out of it
  });
});

describe('transition edits', () => {
  it('moves a transition to another event and reorders within a list', async () => {
    const bot = await ticketsBot();
    const ref = { owner: 'booking.route', kind: 'always' as const, event: '', index: 2 };
    const moved = moveTransition(bot, ref, -1);
    expect(moved.ref.index).toBe(1);
    expect(getState(moved.def, 'booking.route')?.always?.[1]?.target).toBe('booking.confirm');
    const re = retargetEvent(bot, { owner: 'offer_booking', kind: 'on', event: 'book_ticket', index: 0 }, 'on', 'greet');
    expect(getState(re.def, 'offer_booking')?.on?.book_ticket).toBeUndefined(); // emptied lists are removed
    expect(getTransition(re.def, re.ref)?.target).toBe('booking');
  });

  it('deletes transitions and drops empty records', async () => {
    const bot = await ticketsBot();
    const refs = transitionsOnEvent(bot, 'affirm');
    const next = deleteTransitions(bot, refs);
    expect(getState(next, 'booking.confirm')?.on?.affirm).toBeUndefined();
    expect(transitionsOnEvent(next, 'affirm')).toEqual([]);
  });
});

describe('intent edits', () => {
  it('adds Chinese examples one per line, skipping blanks and duplicates', async () => {
    const bot = await ticketsBot();
    const before = bot.intents.query_ticket!.examples!['zh-CN']!.length;
    const { def, added } = addExamples(bot, 'query_ticket', 'zh-CN', ['看看我买了哪些票', '  ', '看看我买了哪些票', '我的订单呢？']);
    expect(added).toBe(2);
    expect(def.intents.query_ticket!.examples!['zh-CN']!.slice(-2)).toEqual(['看看我买了哪些票', '我的订单呢？']);
    const removed = removeExample(def, 'query_ticket', 'zh-CN', before);
    expect(removed.intents.query_ticket!.examples!['zh-CN']!.at(-1)).toBe('我的订单呢？');
  });

  it('deletes an intent with its transitions', async () => {
    const bot = await ticketsBot();
    const next = deleteIntent(bot, 'goodbye');
    expect(next.intents.goodbye).toBeUndefined();
    expect(next.on?.goodbye).toBeUndefined();
    expect(validate('tickets', next).errors).toBe(0);
  });
});
