// The classifier reads the conversation's state: the same words mean different intents inside a booking and at idle.
// The tickets bot teaches it with `contextExamples` in nlu/<locale>.json; this pins the effect through ONNX Runtime.
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  chooseEvent, classifierText, exportIntentModelToOnnx, extractEntities, OnnxClassifier, parseBot, quickReplyText, trainBotModel,
  type BotDefinition, type ClassifyContext, type Locale, type OrtLike, type StateDef,
} from '@statecraft/engine';
import { readBot } from '../index.ts';

const AT_START: ClassifyContext = { state: 'idle', prevIntent: null };
const AFTER_A_BOOKING: ClassifyContext = { state: 'idle', prevIntent: 'affirm' };
const CONFIRMING_A_BOOKING: ClassifyContext = { state: 'booking.confirm', prevIntent: 'inform' };
const ASKED_FOR_THE_DATE: ClassifyContext = { state: 'booking.ask_date', prevIntent: 'book_ticket' };

/** Date edits (the issue's own phrases first, then wordings that are in no context example) and context-free controls. */
const PROBES: Record<Locale, { edits: string[]; controls: [string, string][] }> = {
  'zh-CN': {
    edits: ['改到明天', '能改到明天吗？', '能改到后天吗？', '改成下周五吧'],
    controls: [['帮我订张票', 'book_ticket'], ['我要退票', 'cancel_ticket'], ['查一下我的订单', 'query_ticket']],
  },
  'en-US': {
    edits: ['change it to tomorrow', 'can you change it to the day after tomorrow?', 'could you change it to the day after tomorrow?', 'change it to next Friday'],
    controls: [['book a ticket', 'book_ticket'], ['cancel my ticket', 'cancel_ticket'], ['show my orders', 'query_ticket']],
  },
};

let def: BotDefinition;
beforeAll(async () => {
  def = parseBot(await readBot('tickets'));
});

describe.each(['zh-CN', 'en-US'] as Locale[])('tickets classifier context, %s', (locale) => {
  it('reads a date edit as change_ticket at idle and as inform (a new slot value) inside a booking', async () => {
    const classifier = await OnnxClassifier.create(ort as unknown as OrtLike, exportIntentModelToOnnx(trainBotModel(def, locale).weights));
    try {
      const top = async (text: string, context: ClassifyContext) => (await classifier.classify(classifierText(def, locale, text), context))[0];
      for (const text of PROBES[locale].edits) {
        const idle = await top(text, AT_START);
        const afterBooking = await top(text, AFTER_A_BOOKING);
        const confirming = await top(text, CONFIRMING_A_BOOKING);
        const askedDate = await top(text, ASKED_FOR_THE_DATE);
        console.log(`[context ${locale}] "${text}": idle ${idle?.name} ${idle?.confidence.toFixed(2)} · booking.confirm ${confirming?.name} ${confirming?.confidence.toFixed(2)}`);
        expect([idle?.name, afterBooking?.name]).toEqual(['change_ticket', 'change_ticket']);
        expect([confirming?.name, askedDate?.name]).toEqual(['inform', 'inform']);
      }
      for (const [text, intent] of PROBES[locale].controls) {
        for (const context of [AT_START, CONFIRMING_A_BOOKING, ASKED_FOR_THE_DATE]) expect((await top(text, context))?.name).toBe(intent);
      }
    } finally {
      await classifier.release();
    }
  }, 60_000);
});

/** Every state with quick replies, as [path, quick replies by locale]. */
function statesWithQuickReplies(def: BotDefinition): [string, NonNullable<StateDef['quickReplies']>][] {
  const out: [string, NonNullable<StateDef['quickReplies']>][] = [];
  const walk = (states: BotDefinition['states'], prefix: string) => {
    for (const [name, state] of Object.entries(states)) {
      if (state.quickReplies) out.push([prefix + name, state.quickReplies]);
      walk(state.states ?? {}, `${prefix}${name}.`);
    }
  };
  walk(def.states, '');
  return out;
}

describe.each(['zh-CN', 'en-US'] as Locale[])('tickets quick replies, %s', (locale) => {
  // A button's label is its promise, so every tickets button declares what it means: the engine takes that meaning when
  // the label comes back, however the model is retrained ("Change the date" read as inform by a retrained model once
  // confirmed the booking again instead of asking for the day).
  it('declares the intent of every button, one its state handles', () => {
    // The state, one of its ancestors or the bot's global transitions must have a transition on the declared intent.
    const handled = (path: string, intent: string) => {
      const parts = path.split('.');
      let states: BotDefinition['states'] | undefined = def.states;
      for (const part of parts) {
        const state: StateDef | undefined = states?.[part];
        if (state?.on?.[intent]) return true;
        states = state?.states;
      }
      return Boolean(def.on?.[intent]);
    };
    const undeclared: string[] = [];
    let checked = 0;
    for (const [path, replies] of statesWithQuickReplies(def)) {
      for (const reply of replies[locale] ?? []) {
        checked++;
        if (typeof reply === 'string') undeclared.push(`${path} "${reply}": no intent declared`);
        else if (!handled(path, reply.intent)) undeclared.push(`${path} "${reply.text}": ${reply.intent} is not handled there`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(checked).toBeGreaterThanOrEqual(20);
  });

  // offer_booking offers trips of any number of tickets (a held second trip of two, a fares question with "两张"): a
  // button that names a count ("订一张", "Book one") booked one ticket of an offer for two.
  it("offers a trip with buttons that do not change its number of tickets", () => {
    const replies = statesWithQuickReplies(def).find(([path]) => path === 'offer_booking')?.[1][locale] ?? [];
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) {
      const text = quickReplyText(reply);
      const counts = extractEntities(text, { locale, now: new Date('2026-11-24T02:00:00Z'), timeZone: def.timeZone, expecting: null }).filter((e) => e.type === 'count');
      expect(counts, text).toEqual([]);
    }
  });

  // Typed words near a label ("不退了吧", "change the date please") still reach the classifier: it must know the labels.
  it("classifies each state's quick replies, in that state, as the event the button declares", async () => {
    const classifier = await OnnxClassifier.create(ort as unknown as OrtLike, exportIntentModelToOnnx(trainBotModel(def, locale).weights));
    try {
      const misread: string[] = [];
      let checked = 0;
      for (const [path, replies] of statesWithQuickReplies(def)) {
        const expecting = path.endsWith('confirm') ? 'confirm' : null;
        for (const reply of replies[locale] ?? []) {
          if (typeof reply === 'string') continue; // reported by the test above
          const { text, intent: expected } = reply;
          const entities = extractEntities(text, { locale, now: new Date('2026-11-24T02:00:00Z'), timeZone: def.timeZone, expecting: null });
          const ranking = await classifier.classify(classifierText(def, locale, text, entities), { state: path, prevIntent: null });
          const event = chooseEvent(def, ranking, entities, text, locale, { expecting, handles: () => true });
          checked++;
          if (event !== expected) misread.push(`${path} "${text}" → ${event} (${ranking[0]?.name} ${ranking[0]?.confidence.toFixed(2)}), want ${expected}`);
        }
      }
      expect(misread).toEqual([]);
      expect(checked).toBeGreaterThanOrEqual(20);
    } finally {
      await classifier.release();
    }
  }, 60_000);
});
