import { describe, expect, it } from 'vitest';
import { miniBot } from '../test/mini-bot.ts';
import { compileBot, parseBot } from './flow/compile.ts';
import type { Classifier, IntentScore } from './nlu/classifier.ts';
import { ENTITY_PLACEHOLDER } from './nlu/mask.ts';
import { extractEntities } from './slots/index.ts';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import type { DialogueEvent } from './flow/context.ts';
import { traceRecorder } from './flow/inspect.ts';
import type { BotInput } from './flow/schema.ts';
import {
  answerAfterPause, chooseEvent, correctedRequest, expectedSlotType, HISTORY_LIMIT, newSession, runTurn, statePath, stepMachine, type Session, type TurnDeps, asksOwnQuestion, hedgedYes, noNoAfterAll } from './turn.ts';

/**
 * Test double for the classifier: a fixed intent per utterance, so these tests pin the turn's mechanics
 * (event choice, machine step, replies, persistence). The trained ONNX model is exercised in the tickets and server tests.
 */
function scripted(intents: Record<string, string>): Classifier {
  const labels = [...new Set(Object.values(intents))];
  const rank = (text: string): IntentScore[] => {
    const name = Object.entries(intents).find(([t]) => text.includes(t))?.[1] ?? 'oos';
    return [{ name, confidence: 0.9 }, ...labels.filter((l) => l !== name).map((l) => ({ name: l, confidence: 0.1 / labels.length }))];
  };
  return { labels, classify: async (t) => rank(t), classifyMany: async (rs) => rs.map((r) => rank(r.text)) };
}

// The classifier sees slot values masked, so bare answers ("to Boston", "tomorrow") arrive as placeholders.
const intents = {
  pizza: 'order', cancel: 'cancel', yes: 'affirm', no: 'deny', weather: 'oos',
  [ENTITY_PLACEHOLDER.date]: 'inform', [ENTITY_PLACEHOLDER.city]: 'inform',
};
const deps: TurnDeps = { classifiers: { 'en-US': scripted(intents) }, extractEntities };
const now = new Date('2026-11-24T10:00:00Z');

async function talk(lines: string[], session: Session = newSession(), bot = compileBot(miniBot())) {
  const responses = [];
  for (const [i, text] of lines.entries()) {
    const outcome = await runTurn(bot, session, { text, now, newOrderId: `O${i + 1}` }, deps);
    session = outcome.session;
    responses.push(outcome.response);
  }
  return { session, responses };
}

describe('runTurn', () => {
  it('collects slots across turns, confirms, and charges exactly once with the order details', async () => {
    const { responses, session } = await talk(['a pizza please', 'to Boston', 'tomorrow', 'yes']);
    expect(responses.map((r) => r.state)).toEqual(['ordering.ask', 'ordering.ask_date', 'ordering.confirm', 'idle']);
    expect(responses[2]?.expecting).toBe('confirm');
    expect(responses[2]?.reply).toBe('1 to Boston on Wed, Nov 25, 2026?');
    expect(responses.flatMap((r) => r.actions)).toEqual([
      { name: 'charge', orderId: 'O4', destination: 'Boston', date: '2026-11-25', count: 1 },
    ]);
    expect(responses[3]?.reply).toBe('Order O4.');
    expect(session.context.orders).toHaveLength(1);
    expect(session.turn).toBe(4);
  });

  it('answers an unhandled or out-of-scope utterance with the fallback and re-asks, keeping the slots', async () => {
    const { responses } = await talk(['a pizza to Boston', 'what about the weather', 'tomorrow']);
    expect(responses[1]?.state).toBe('ordering.ask_date');
    expect(responses[1]?.reply).toBe('Sorry? When?');
    expect(responses[1]?.slots).toMatchObject({ destination: 'Boston' });
    expect(responses[2]?.state).toBe('ordering.confirm');
  });

  it("says the bot's fallback message when no fallback transition does, and a state's own fallback wins", async () => {
    const bot = miniBot();
    delete bot.on?.fallback;
    bot.messages.fallback = { 'en-US': 'Pardon?' };
    const quiet = compileBot(bot);
    const { responses } = await talk(['what about the weather', 'a pizza to Boston', 'what about the weather'], newSession(), quiet);
    expect(responses.map((r) => r.reply)).toEqual(['Pardon?', 'When?', 'Pardon? When?']);
    // A persona may reword it like the other engine messages.
    const worded = compileBot({ ...bot, personas: { terse: { replies: { 'message:fallback': { 'en-US': '?' } } } } });
    const asked = await runTurn(worded, newSession(), { text: 'weather', now, newOrderId: 'Q', persona: 'terse' }, deps);
    expect(asked.response.reply).toBe('?');
    // With a fallback transition of its own, the state says what that transition says, and the message is not added.
    bot.states.idle!.on = { ...bot.states.idle!.on, fallback: [{ actions: [{ type: 'say', text: { 'en-US': 'I take pizza orders.' } }] }] };
    expect((await talk(['what about the weather'], newSession(), compileBot(bot))).responses[0]?.reply).toBe('I take pizza orders.');
  });

  it('never charges on "yes" to a cancellation, and refunds the selected order', async () => {
    const { responses } = await talk(['a pizza to Boston tomorrow', 'yes', 'cancel it', 'yes']);
    expect(responses.map((r) => r.actions.map((a) => a.name))).toEqual([[], ['charge'], [], ['refund']]);
    expect(responses[3]?.actions[0]).toMatchObject({ orderId: 'O2', destination: 'Boston', date: '2026-11-25' });
  });

  it('starts over politely when the stored state no longer exists in the flow, keeping orders', async () => {
    const { session } = await talk(['a pizza to Boston tomorrow', 'yes', 'a pizza']);
    const stale: Session = { ...session, value: { vanished: 'state' } };
    const outcome = await runTurn(compileBot(miniBot()), stale, { text: 'weather', now, newOrderId: 'X' }, deps);
    expect(outcome.response.reply.startsWith('Starting over.')).toBe(true);
    expect(outcome.response.state).toBe('idle');
    expect(outcome.session.context.orders).toHaveLength(1);
  });

  it('keeps at most the last 20 turns of history', async () => {
    const { session } = await talk(Array.from({ length: 25 }, (_, i) => `weather ${i}`));
    expect(session.history).toHaveLength(HISTORY_LIMIT);
    expect(session.history[0]?.turn).toBe(6);
    expect(session.history.at(-1)?.user).toBe('weather 24');
  });
});

/** The mini bot with a terse persona rewording the destination question and the named confirmation `say`. */
function personaBot(defaultPersona?: string): BotInput {
  const bot = miniBot();
  const affirm = bot.states.ordering!.states!.confirm!.on!.affirm![0]!;
  affirm.actions = [{ type: 'charge' }, { type: 'say', id: 'ordered', text: { 'en-US': 'Order {order.id}.' } }, { type: 'clearSlots' }];
  return {
    ...bot,
    personas: { terse: { replies: { 'state:ordering.ask': { 'en-US': 'To?' }, 'say:ordered': { 'en-US': '#{order.id}' } } } },
    ...(defaultPersona ? { defaultPersona } : {}),
  };
}

describe('runTurn with quick replies', () => {
  /** The confirmation offers "Yes" (affirm), "Keep pizza" (declared deny: the scripted classifier reads it as an order) and a plain "Maybe". */
  function withButtons() {
    const bot = miniBot();
    const confirm = (bot.states.ordering!.states!.confirm)!;
    confirm.quickReplies = { 'en-US': [{ text: 'Yes', intent: 'affirm' }, { text: 'No pizza', intent: 'deny' }, 'Maybe'] };
    return compileBot(bot);
  }

  it('shows the labels, and a label sent back means its declared intent, whatever the classifier says', async () => {
    const bot = withButtons();
    const { responses } = await talk(['a pizza to Boston tomorrow', 'No pizza'], newSession(), bot);
    expect(responses[0]?.quickReplies).toEqual(['Yes', 'No pizza', 'Maybe']);
    // The scripted classifier reads "pizza" as an order; the button says deny, and deny it is, with confidence 1.
    expect(responses[1]?.intent).toEqual({ name: 'deny', confidence: 1 });
    expect(responses[1]?.state).toBe('idle');
    expect(responses[1]?.actions).toEqual([]);
  });

  it('matches the label however it is typed back (case, width, spaces, a closing mark), and nothing longer', async () => {
    const bot = withButtons();
    for (const typed of ['no pizza', '  NO PIZZA!', 'Ｎｏ ｐｉｚｚａ。']) {
      const { responses } = await talk(['a pizza to Boston tomorrow', typed], newSession(), bot);
      expect(responses[1]?.intent, typed).toEqual({ name: 'deny', confidence: 1 });
    }
    const { responses } = await talk(['a pizza to Boston tomorrow', 'no pizza for me'], newSession(), bot);
    expect(responses[1]?.intent.name).toBe('order'); // not the label: the classifier decides
  });

  it("classifies a plain label, and another state's buttons as typed text", async () => {
    const bot = withButtons();
    const plain = await talk(['a pizza to Boston tomorrow', 'Maybe'], newSession(), bot);
    expect(plain.responses[1]?.intent).toEqual({ name: 'oos', confidence: 0.9 });
    // At idle no button is offered: "No pizza" is whatever the classifier makes of it.
    const idle = await talk(['No pizza'], newSession(), bot);
    expect(idle.responses[0]?.intent.name).toBe('order');
  });

  it('rejects a quick reply that declares no intent of the bot', () => {
    const bot = miniBot();
    bot.states.idle!.quickReplies = { 'en-US': [{ text: 'Dance', intent: 'dance' }] };
    expect(() => compileBot(bot)).toThrow(/quick reply "Dance" \(en-US\) of "idle" means "dance", which is no intent of this bot/);
  });
});

describe('runTurn with personas', () => {
  const bot = compileBot(personaBot());
  const turn = (session: Session, text: string, persona?: string | null, b = bot) =>
    runTurn(b, session, { text, now, newOrderId: 'P1', ...(persona !== undefined ? { persona } : {}) }, deps);

  it('switches voice between two turns of one conversation, keeping its state and slots', async () => {
    const first = await turn(newSession(), 'a pizza please');
    expect(first.response.reply).toBe('Where to?');
    // The same question again (a fallback re-asks), now in the terse persona: same state, new words.
    const second = await turn(first.session, 'what about the weather', 'terse');
    expect(second.response.state).toBe('ordering.ask');
    expect(second.response.reply).toBe('Sorry? To?');
    const third = await turn(second.session, 'to Boston', null);
    expect(third.response.reply).toBe('When?');
  });

  it('rewords a named `say` inside the machine, with its placeholders filled', async () => {
    let { session } = await turn(newSession(), 'a pizza to Boston tomorrow');
    const yes = await turn(session, 'yes', 'terse');
    expect(yes.response.reply).toBe('#P1');
    ({ session } = await turn(newSession(), 'a pizza to Boston tomorrow'));
    expect((await turn(session, 'yes')).response.reply).toBe('Order P1.');
  });

  it("speaks with the bot's default persona unless the turn asks for none", async () => {
    const withDefault = compileBot(personaBot('terse'));
    expect((await turn(newSession(), 'a pizza', undefined, withDefault)).response.reply).toBe('To?');
    expect((await turn(newSession(), 'a pizza', null, withDefault)).response.reply).toBe('Where to?');
    expect((await turn(newSession(), 'a pizza', 'pirate', withDefault)).response.reply).toBe('Where to?');
  });
});

describe('runTurn with an inspection observer', () => {
  const bot = compileBot(miniBot());
  const lines = ['a pizza to Boston tomorrow', 'what about the weather', 'yes', 'cancel it', 'no'];

  it('produces exactly the outcome of the pure path, turn after turn', async () => {
    let pure = newSession();
    let inspected = newSession();
    let seen = 0;
    for (const [i, text] of lines.entries()) {
      const input = { text, now, newOrderId: `O${i}` };
      const a = await runTurn(bot, pure, input, deps);
      const b = await runTurn(bot, inspected, input, deps, { inspect: () => void seen++ });
      expect(b).toEqual(a);
      pure = a.session;
      inspected = b.session;
    }
    expect(seen).toBeGreaterThan(lines.length * 3);
  });

  it('steps the machine to the same next snapshot as transition()', () => {
    const start = initialTransition(bot.machine)[0] as AnyMachineSnapshot;
    const event: DialogueEvent = {
      type: 'order', text: 'a pizza to Boston tomorrow', intent: { name: 'order', confidence: 0.9 }, locale: 'en-US',
      entities: extractEntities('a pizza to Boston tomorrow', { locale: 'en-US', now, timeZone: 'UTC', expecting: null }),
      today: '2026-11-24', now: now.toISOString(), newOrderId: 'O1', persona: null,
    };
    const [pure] = transition(bot.machine, start, event) as [AnyMachineSnapshot, unknown];
    const observed = stepMachine(bot.machine, start, event, () => {});
    expect(observed.value).toEqual({ ordering: 'confirm' });
    expect(bot.machine.getPersistedSnapshot(observed)).toEqual(bot.machine.getPersistedSnapshot(pure));
  });

  it('reports the events received, the transitions taken and their actions, from the inspection events', async () => {
    const recorder = traceRecorder();
    await runTurn(bot, newSession(), { text: 'a pizza to Boston tomorrow', now, newOrderId: 'O1' }, deps, { inspect: recorder.inspect });
    const trace = recorder.trace();
    expect(trace.events).toEqual(['order']);
    expect(trace.microsteps.map((m) => m.transitions.map((t) => `${t.source}→${t.targets.join(',')} [${t.actions.join(',')}]`))).toEqual([
      ['idle→ordering [setSlots]'],
      ['ordering.route→ordering.confirm []'],
    ]);
    expect(trace.microsteps[0]).toMatchObject({ event: 'order', exited: ['idle'], entered: ['ordering', 'ordering.route'] });
    expect(trace.microsteps[1]?.transitions[0]?.eventType).toBe('');
    expect(trace.executed).toEqual([]);
  });
});

describe('chooseEvent', () => {
  const def = parseBot(miniBot());
  const situation = { expecting: null, handles: () => true };
  const rank = (...pairs: [string, number][]) => pairs.map(([name, confidence]) => ({ name, confidence }));

  it('passes a confident, uncontested intent through', () => {
    expect(chooseEvent(def, rank(['order', 0.9], ['cancel', 0.05]), [], 'a pizza', 'en-US', situation)).toBe('order');
  });

  it('disambiguates an order whose cancel partner is the close runner-up', () => {
    expect(chooseEvent(def, rank(['order', 0.55], ['cancel', 0.4]), [], 'pizza thing', 'en-US', situation)).toBe('disambiguate');
  });

  it('disambiguates an order that carries a cancel or negation cue', () => {
    expect(chooseEvent(def, rank(['order', 0.95], ['cancel', 0.01]), [], "Don't order a pizza", 'en-US', situation)).toBe('disambiguate');
  });

  it('disambiguates slot values said with a cancel cue while no question is open, which would start an order', () => {
    expect(chooseEvent(def, rank(['inform', 0.6], ['cancel', 0.3]), [], "large, don't need it", 'en-US', situation)).toBe('disambiguate');
    // Answering a question, the values are taken: the state asked for them.
    expect(chooseEvent(def, rank(['inform', 0.6], ['cancel', 0.3]), [], "large, don't need it", 'en-US', { ...situation, expecting: 'size' })).toBe('inform');
    // Without a cue they are just values.
    expect(chooseEvent(def, rank(['inform', 0.6], ['cancel', 0.3]), [], 'large, two of them', 'en-US', situation)).toBe('inform');
  });

  it('does the same for values read as a "no" when the bot names its deny intent', () => {
    const base = miniBot();
    const withDeny = parseBot({ ...base, nlu: { ...base.nlu, deny: 'deny' } });
    const size = { type: 'count' as const, value: 2, text: 'two', start: 7, end: 10 };
    expect(chooseEvent(withDeny, rank(['deny', 0.6], ['cancel', 0.3]), [size], "large, two, don't need them", 'en-US', situation)).toBe('disambiguate');
    // A bare "no", a "no" without a cue, or a bot that names no deny intent: the deny stands.
    expect(chooseEvent(withDeny, rank(['deny', 0.9]), [], "no, don't", 'en-US', situation)).toBe('deny');
    expect(chooseEvent(withDeny, rank(['deny', 0.9]), [size], 'no, two', 'en-US', situation)).toBe('deny');
    expect(chooseEvent(def, rank(['deny', 0.6], ['cancel', 0.3]), [size], "large, two, don't need them", 'en-US', situation)).toBe('deny');
  });

  it('leaves a clear cancel alone even though it contains order words', () => {
    expect(chooseEvent(def, rank(['cancel', 0.9], ['order', 0.08]), [], 'cancel my pizza order', 'en-US', situation)).toBe('cancel');
  });

  it('disambiguates a cancel without a cancel cue when the order is the close runner-up or an order awaits confirmation', () => {
    expect(chooseEvent(def, rank(['cancel', 0.5], ['order', 0.3]), [], 'pizza thing', 'en-US', situation)).toBe('disambiguate');
    const confirming = (confirms: 'charge' | 'refund') => ({ expecting: 'confirm', handles: () => true, confirms });
    expect(chooseEvent(def, rank(['cancel', 0.55], ['affirm', 0.4]), [], 'ok book it', 'en-US', confirming('charge'))).toBe('disambiguate');
    expect(chooseEvent(def, rank(['cancel', 0.84], ['affirm', 0.07]), [], 'ok book it', 'en-US', confirming('charge'))).toBe('disambiguate');
    // A cancel cue backs the cancel reading; while confirming a refund a cancel naming nothing is the yes; elsewhere
    // an uncontested cancel stays.
    expect(chooseEvent(def, rank(['cancel', 0.55], ['affirm', 0.4]), [], 'ok cancel it', 'en-US', confirming('charge'))).toBe('cancel');
    expect(chooseEvent(def, rank(['cancel', 0.55], ['affirm', 0.4]), [], 'ok then', 'en-US', confirming('refund'))).toBe('affirm');
    expect(chooseEvent(def, rank(['cancel', 0.55], ['affirm', 0.4]), [], 'ok then', 'en-US', situation)).toBe('cancel');
    expect(chooseEvent(def, rank(['cancel', 0.5], ['order', 0.3]), [], 'cancel the pizza', 'en-US', situation)).toBe('cancel');
  });

  it('takes a plain cancel as the yes while a whole order awaits its refund, not a part of one', () => {
    const refunding = (confirmsPart: boolean) => ({ expecting: 'confirm', handles: () => true, confirms: 'refund' as const, confirmsPart });
    expect(chooseEvent(def, rank(['cancel', 0.8], ['affirm', 0.1]), [], 'just cancel it', 'en-US', refunding(false))).toBe('affirm');
    expect(chooseEvent(def, rank(['cancel', 0.8], ['affirm', 0.1]), [], 'just cancel it', 'en-US', refunding(true))).toBe('cancel');
    expect(chooseEvent(def, rank(['cancel', 0.8], ['affirm', 0.1]), [], 'cancel the other one', 'en-US', refunding(false))).toBe('cancel');
    expect(chooseEvent(def, rank(['cancel', 0.8], ['affirm', 0.1]), [], 'cancel them all', 'en-US', refunding(false))).toBe('cancel');
  });

  it('takes new values in such a cancel as a correction of the order being confirmed ("no wait, I meant to London")', () => {
    const city = { type: 'city' as const, value: 'London', id: 'london', role: 'destination' as const, text: 'London', start: 20, end: 26 };
    const confirming = { expecting: 'confirm', handles: () => true, confirms: 'charge' as const };
    expect(chooseEvent(def, rank(['cancel', 0.85], ['inform', 0.1]), [city], 'no wait, I meant to London', 'en-US', confirming)).toBe('inform');
    // With a cancel cue the values name what to cancel; with no question open they start nothing; a state that takes
    // no values still asks book-or-cancel.
    expect(chooseEvent(def, rank(['cancel', 0.85], ['inform', 0.1]), [city], 'cancel the London one', 'en-US', confirming)).toBe('cancel');
    expect(chooseEvent(def, rank(['cancel', 0.5], ['order', 0.3]), [city], 'I meant London', 'en-US', situation)).toBe('disambiguate');
    const noInform = { ...confirming, handles: (event: string) => event !== 'inform' };
    expect(chooseEvent(def, rank(['cancel', 0.85], ['inform', 0.1]), [city], 'no wait, I meant to London', 'en-US', noInform)).toBe('disambiguate');
    expect(chooseEvent(def, rank(['cancel', 0.85], ['inform', 0.1]), [], 'no wait, I meant it', 'en-US', confirming)).toBe('disambiguate');
  });

  it('disambiguates a cancel whose words negate it, even a confident one', () => {
    const base = miniBot();
    const withNegations = parseBot({
      ...base,
      disambiguation: { ...base.disambiguation!, negatedCancelCues: { 'en-US': ["don't want to cancel", "don't cancel"] } },
    });
    expect(chooseEvent(withNegations, rank(['cancel', 0.97], ['order', 0.01]), [], "I don't want to cancel", 'en-US', situation)).toBe('disambiguate');
    expect(chooseEvent(withNegations, rank(['cancel', 0.97], ['order', 0.01]), [], "Don't cancel it!", 'en-US', situation)).toBe('disambiguate');
    // A negation elsewhere in the sentence is no negated cancel; without the list nothing changes.
    expect(chooseEvent(withNegations, rank(['cancel', 0.97], ['order', 0.01]), [], "I don't need it, cancel it", 'en-US', situation)).toBe('cancel');
    expect(chooseEvent(def, rank(['cancel', 0.97], ['order', 0.01]), [], "I don't want to cancel", 'en-US', situation)).toBe('cancel');
  });

  it('reads a yes that keeps the order ("yes keep it", 好的，保留吧) as a no while a refund or a reschedule awaits its yes', () => {
    const base = miniBot();
    const withKeep = parseBot({
      ...base,
      nlu: { ...base.nlu, deny: 'deny' },
      disambiguation: { ...base.disambiguation!, keepCues: { 'en-US': ['keep'] } },
    });
    const confirming = (confirms: 'charge' | 'reschedule' | 'refund') => ({ expecting: 'confirm', handles: () => true, confirms });
    expect(chooseEvent(withKeep, rank(['affirm', 0.86]), [], 'yes keep it', 'en-US', confirming('refund'))).toBe('deny');
    expect(chooseEvent(withKeep, rank(['affirm', 0.86]), [], 'sure, keep friday', 'en-US', confirming('reschedule'))).toBe('deny');
    // A booking's yes is not about an order to keep; without the list nothing changes.
    expect(chooseEvent(withKeep, rank(['affirm', 0.86]), [], 'yes keep it', 'en-US', confirming('charge'))).toBe('affirm');
    expect(chooseEvent(def, rank(['affirm', 0.86]), [], 'yes keep it', 'en-US', confirming('refund'))).toBe('affirm');
  });

  it('falls back below the threshold or on out-of-scope', () => {
    expect(chooseEvent(def, rank(['order', 0.4], ['deny', 0.3]), [], 'hm', 'en-US', situation)).toBe('fallback');
    // Unsure, nothing asked, values with a cancel cue: book or cancel? (without the cue, still a fallback).
    const city = { type: 'city' as const, value: 'Boston', id: 'boston', role: null, text: 'Boston', start: 0, end: 6 };
    expect(chooseEvent(def, rank(['deny', 0.26], ['inform', 0.2]), [city], "Boston, two, don't need them", 'en-US', situation)).toBe('disambiguate');
    expect(chooseEvent(def, rank(['deny', 0.26], ['inform', 0.2]), [city], 'Boston, two of them', 'en-US', situation)).toBe('fallback');
    expect(chooseEvent(def, rank(['oos', 0.99]), [], 'weather', 'en-US', situation)).toBe('fallback');
  });

  it('asks again when a yes to a charge or a reschedule carries a cancel or negation cue', () => {
    const confirming = (confirms: 'charge' | 'reschedule' | 'refund') => ({ expecting: 'confirm', handles: () => true, confirms });
    expect(chooseEvent(def, rank(['affirm', 0.8]), [], "yes, don't go ahead", 'en-US', confirming('charge'))).toBe('fallback');
    expect(chooseEvent(def, rank(['affirm', 0.8]), [], 'yes, cancel it', 'en-US', confirming('reschedule'))).toBe('fallback');
    expect(chooseEvent(def, rank(['affirm', 0.8]), [], 'yes, go ahead', 'en-US', confirming('charge'))).toBe('affirm');
    // Confirming a refund: "cancel" agrees with the yes.
    expect(chooseEvent(def, rank(['affirm', 0.8]), [], 'yes, cancel it', 'en-US', confirming('refund'))).toBe('affirm');
    // Outside a confirmation the cue check on affirm does not apply.
    expect(chooseEvent(def, rank(['affirm', 0.8]), [], "yes, don't go ahead", 'en-US', situation)).toBe('affirm');
  });

  it('takes slot values from an unsure utterance when the state asked a question', () => {
    const date = { type: 'date' as const, value: '2026-11-26', text: 'Thursday', start: 0, end: 8 };
    expect(chooseEvent(def, rank(['deny', 0.4]), [date], 'no, Thursday', 'en-US', { expecting: 'confirm', handles: () => true })).toBe('inform');
    expect(chooseEvent(def, rank(['deny', 0.4]), [date], 'no, Thursday', 'en-US', situation)).toBe('fallback');
  });
});

describe('correctedRequest (what the classifier reads when a request is taken back)', () => {
  const tail = (text: string) => correctedRequest(text, extractEntities(text, { locale: /[a-z]/i.test(text) ? 'en-US' : 'zh-CN', now, timeZone: 'UTC', expecting: null })).text;

  it('reads what follows the last retraction', () => {
    expect(tail('我要退票，不对，我要订票')).toBe('我要订票');
    expect(tail('我要退票，哦不，说错了，我要订票')).toBe('我要订票');
    expect(tail('cancel my ticket, no wait, I want to book one')).toBe('I want to book one');
    expect(tail('refund it... sorry, I meant move it to Friday')).toBe('move it to Friday');
  });

  it('reads the whole request when what follows the retraction only corrects its values', () => {
    for (const text of ['订一张去上海明天，哦不对，后天', '订去北京的，哦不对是天津，周六，两张', '订一张去上海明天，不对，是去南京']) expect(tail(text)).toBe(text);
    expect(tail('我要退票去上海，不对，我要订票去上海')).toBe('我要订票去上海');
  });

  it('reads what follows a denied cancel', () => {
    expect(tail('我不是要退票，我要订票')).toBe('我要订票');
    expect(tail('不要退票，订两张周六去杭州的')).toBe('订两张周六去杭州的');
    expect(tail("I don't want to cancel, I want to book a ticket to Boston")).toBe('I want to book a ticket to Boston');
    expect(tail('no cancellation please, I need 2 tickets to Denver')).toBe('I need 2 tickets to Denver');
    expect(tail('不要退票')).toBe('不要退票'); // nothing after it: the denial is the whole answer
    expect(tail("don't cancel it")).toBe("don't cancel it");
  });

  it('keeps the whole text when nothing before is taken back, or nothing after is asked', () => {
    expect(tail('不是要订票')).toBe('不是要订票'); // a negation, not a retraction
    expect(tail('我要订票，不是退票')).toBe('我要订票，不是退票'); // a contrast: the request stands
    expect(tail('no wait, book one')).toBe('no wait, book one');
    expect(tail('我要订票，不对')).toBe('我要订票，不对');
    expect(tail('actually I need two tickets')).toBe('actually I need two tickets');
    expect(tail('book a ticket to Boston')).toBe('book a ticket to Boston');
  });

  it('carries the entities said after the retraction, their spans made relative to it', () => {
    const text = 'cancel Boston, no wait, book Chicago tomorrow';
    const { text: after, entities } = correctedRequest(text, extractEntities(text, { locale: 'en-US', now, timeZone: 'UTC', expecting: null }));
    expect(after).toBe('book Chicago tomorrow');
    expect(entities.map((e) => [e.type, after.slice(e.start, e.end)])).toEqual([['city', 'Chicago'], ['date', 'tomorrow']]);
  });
});

describe('answerAfterPause (what answers a confirmation the user pauses in)', () => {
  const answer = (text: string) => answerAfterPause(text, extractEntities(text, { locale: /[a-z]/i.test(text) ? 'en-US' : 'zh-CN', now, timeZone: 'UTC', expecting: 'count' }));

  it('is held when nothing follows the last pause', () => {
    for (const text of ['ok ok wait', 'sure why not... actually hang on', 'yes, one sec', 'hmm not sure', "I'm not sure", '好吧…等下', '好…等一下', '稍等', '让我想想'])
      expect(answer(text), text).toMatchObject({ held: true });
  });

  it('is held on a deferral: 考虑考虑, 回头再说, "hold that thought", "brb", 等一下我问问我老婆', () => {
    for (const text of ['好的，我考虑考虑', '嗯我想一想', '好吧，回头再说', '行，晚点再说', 'sure, hold that thought', 'sure, brb', '等一下我问问我老婆要不要一起去'])
      expect(answer(text), text).toMatchObject({ held: true });
  });

  it('is held when the user is undecided, whatever follows, unless a value does', () => {
    expect(answer('hmm, not sure of the date yet')).toMatchObject({ held: true });
    expect(answer('还没想好哪天')).toMatchObject({ held: true });
    expect(answer("I haven't decided yet")).toMatchObject({ held: true });
    expect(answer('not sure, maybe Friday')).toMatchObject({ text: 'maybe Friday', held: false });
  });

  it('is what follows the last pause, with its entities', () => {
    expect(answer('yes, wait, no')).toMatchObject({ text: 'no', held: false });
    expect(answer('等等，还是别退了')).toMatchObject({ text: '还是别退了', held: false });
    const later = answer('hold on, make it two');
    expect(later).toMatchObject({ text: 'make it two', held: false });
    expect(later.entities.map((e) => [e.type, later.text.slice(e.start, e.end)])).toEqual([['count', 'two']]);
  });

  it('is the whole text without a pause; 先别 and "waiting" are no pause', () => {
    for (const text of ['yes', '先别下单', 'no waiting list please', 'not now', '确认']) expect(answer(text), text).toMatchObject({ text, held: false });
  });
});

describe('expectedSlotType', () => {
  it("is the asked slot's type, a count at a charge's confirmation (bare numbers there are its count), else none", () => {
    const bot = compileBot(miniBot());
    expect(expectedSlotType(bot, 'ordering.ask_date')).toBe('date');
    expect(expectedSlotType(bot, 'ordering.ask')).toBe('city');
    expect(expectedSlotType(bot, 'ordering.confirm')).toBe('count');
    expect(expectedSlotType(bot, 'idle')).toBeNull();
    const { count: _count, ...withoutCount } = miniBot().slots;
    expect(expectedSlotType(compileBot({ ...miniBot(), slots: withoutCount }), 'ordering.confirm')).toBeNull();
  });
});

describe('statePath', () => {
  it('turns nested state values into dotted paths', () => {
    expect(statePath('idle')).toBe('idle');
    expect(statePath({ ordering: 'confirm' })).toBe('ordering.confirm');
    expect(statePath({ a: { b: 'c' } })).toBe('a.b.c');
  });
});

describe('asksOwnQuestion (a question at a confirmation is no yes)', () => {
  it.each(['可以用支付宝吗', '能用微信付款吗？', 'can I pay with paypal?', 'do you take apple pay?', 'ok?'])('%s is the user\'s own question', (text) => {
    expect(asksOwnQuestion(text)).toBe(true);
  });

  it.each(['can you book it?', '可以帮我订吗', 'could you go ahead?', 'why not?', 'yes', '好的', 'sure thing'])('%s is not', (text) => {
    expect(asksOwnQuestion(text)).toBe(false);
  });

  it.each(['确认吗？', '确认？', '要确认吗', '是要我确认吗？', 'do I need to confirm?', 'confirm?'])('%s asks back whether to confirm', (text) => {
    expect(asksOwnQuestion(text)).toBe(true);
  });

  it.each(['can you confirm the date?', 'can you confirm which one?', '能确认一下日期吗'])('%s asks about the details, whatever verb it holds', (text) => {
    expect(asksOwnQuestion(text)).toBe(true);
  });
});

describe('noNoAfterAll (a "no" reading of words that say no no)', () => {
  it.each(['还是订吧', '那算了，还是订吧', '不错，订吧', '不错', '好，不用再问了', "I don't mind", 'not bad, book it', 'nothing wrong with that, go ahead', 'why not', 'never mind, book it', '别犹豫了，订吧', '不用想了，订吧'])('%s says no no', (text) => {
    expect(noNoAfterAll(text)).toBe(true);
  });

  it.each(["don't ask again, just cancel it", '还是退吧'])('%s says no no to a refund, not to a booking', (text) => {
    expect(noNoAfterAll(text, 'refund')).toBe(true);
    expect(noNoAfterAll(text, 'charge')).toBe(false);
  });

  it.each(['不用订了吧', '别订了吧', '还是别订了', '算了吧', '不错，不过还是算了', '先别退吧', '我不想订了，你帮我退吧', "don't book it", "don't go ahead", 'no thanks', 'not bad but no', 'nah', "don't cancel it", '别订了吧'])('%s says no', (text) => {
    expect(noNoAfterAll(text)).toBe(false);
  });
});

describe('hedgedYes (a yes on a condition, taken back, or asked A-not-A)', () => {
  it.each(["yes if it's free", "yes if it's under $100", 'ok as long as it is refundable', '如果便宜就订', 'yeah, nah', 'sure thing... actually no', '好吧，算了', '可以不', '行不行', 'probably', 'hmm i guess', 'i think so', '好吧…其实不太确定', '可以是可以，就是时间有点赶', '应该吧', '应该没问题', '估计可以', 'I believe so', "I'd say yes", '差不多吧'])('%s is no plain yes', (text) => {
    expect(hedgedYes(text)).toBe(true);
  });

  it.each(['yes', 'yes please', 'sure', 'ok book it', '好的', '可以', '行', 'no', 'yes, no problem', "yes, if that's ok", 'yes if you can', 'sure why not', 'yes I think that works', '好吧', '行吧'])('%s is', (text) => {
    expect(hedgedYes(text)).toBe(false);
  });
});
