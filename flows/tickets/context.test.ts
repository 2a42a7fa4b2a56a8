// The classifier reads the conversation's state: the same words mean different intents inside a booking and at idle.
// The tickets bot teaches it with `contextExamples` in nlu/<locale>.json; this pins the effect through ONNX Runtime.
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  classifierText, exportIntentModelToOnnx, OnnxClassifier, parseBot, trainBotModel,
  type BotDefinition, type ClassifyContext, type Locale, type OrtLike,
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
