import { describe, expect, it } from 'vitest';
import { miniBot } from '../test/mini-bot.ts';
import { compileBot, parseBot } from './flow/compile.ts';
import type { Classifier, IntentScore } from './nlu/classifier.ts';
import { ENTITY_PLACEHOLDER } from './nlu/mask.ts';
import { extractEntities } from './slots/index.ts';
import { chooseEvent, HISTORY_LIMIT, newSession, runTurn, statePath, type Session, type TurnDeps } from './turn.ts';

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

  it('leaves a clear cancel alone even though it contains order words', () => {
    expect(chooseEvent(def, rank(['cancel', 0.9], ['order', 0.08]), [], 'cancel my pizza order', 'en-US', situation)).toBe('cancel');
  });

  it('falls back below the threshold or on out-of-scope', () => {
    expect(chooseEvent(def, rank(['order', 0.4], ['deny', 0.3]), [], 'hm', 'en-US', situation)).toBe('fallback');
    expect(chooseEvent(def, rank(['oos', 0.99]), [], 'weather', 'en-US', situation)).toBe('fallback');
  });

  it('takes slot values from an unsure utterance when the state asked a question', () => {
    const date = { type: 'date' as const, value: '2026-11-26', text: 'Thursday', start: 0, end: 8 };
    expect(chooseEvent(def, rank(['deny', 0.4]), [date], 'no, Thursday', 'en-US', { expecting: 'confirm', handles: () => true })).toBe('inform');
    expect(chooseEvent(def, rank(['deny', 0.4]), [date], 'no, Thursday', 'en-US', situation)).toBe('fallback');
  });
});

describe('statePath', () => {
  it('turns nested state values into dotted paths', () => {
    expect(statePath('idle')).toBe('idle');
    expect(statePath({ ordering: 'confirm' })).toBe('ordering.confirm');
    expect(statePath({ a: { b: 'c' } })).toBe('a.b.c');
  });
});
