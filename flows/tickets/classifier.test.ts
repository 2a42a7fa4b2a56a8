// The tickets bot's intent models, evaluated the way production runs them: masked text through onnxruntime-node.
import * as ort from 'onnxruntime-node';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  botTrainingExamples, botTrainOptions, chooseEvent, classifierText, exportIntentModelToOnnx, OnnxClassifier, parseBot,
  seededRandom, shuffleInPlace, trainIntentModel, WeightsClassifier,
  type BotDefinition, type Locale, type OrtLike, type TrainingExample,
} from '@statecraft/engine';
import { readBot, readRegressionSet } from '../index.ts';

const FOLDS = 5;
/**
 * Regression floors, a little under what 5-fold cross-validation measures today (zh-CN 92.3%, en-US 90.1%, on 2,933 and
 * 2,891 examples: 600+ hard near-domain negatives and small talk written later, and ~105 context examples, classified
 * with their state; 91.9% / 89.3% before the bot averaged its last 20 epochs' weights). A 3-member ensemble measured
 * +0.7 / +0.9 points on the same folds but is not used for tickets: it would triple the editor's quick fine-tune.
 * The foundation issue asks for 95%: not met, and said so in the issue. These floors catch a model that got worse,
 * not that one.
 */
const ACCURACY_FLOOR: Record<Locale, number> = { 'zh-CN': 0.915, 'en-US': 0.89 };

/** Stratified k-fold: each intent's examples are dealt round-robin into folds after a seeded shuffle. */
function folds(examples: TrainingExample[], k: number, seed: number): TrainingExample[][] {
  const byIntent = new Map<string, TrainingExample[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  const random = seededRandom(seed);
  const out: TrainingExample[][] = Array.from({ length: k }, () => []);
  for (const intent of [...byIntent.keys()].sort())
    shuffleInPlace([...(byIntent.get(intent) ?? [])], random).forEach((e, i) => out[i % k]?.push(e));
  return out;
}

let def: BotDefinition;
beforeAll(async () => {
  def = parseBot(await readBot('tickets'));
});

/** The bot's full model per locale, trained once for the tests below that use it (each training takes seconds). */
const fullModels = new Map<Locale, ReturnType<typeof trainIntentModel>>();
function fullModel(locale: Locale) {
  let model = fullModels.get(locale);
  if (!model) fullModels.set(locale, (model = trainIntentModel(botTrainingExamples(def, locale), botTrainOptions(def))));
  return model;
}

describe.each(['zh-CN', 'en-US'] as Locale[])('tickets intent model, %s', (locale) => {
  it(`holds its ${FOLDS}-fold cross-validated accuracy through ONNX Runtime (floor, not the 95% target)`, async () => {
    const parts = folds(botTrainingExamples(def, locale), FOLDS, 20261124);
    let correct = 0;
    let total = 0;
    const perFold: string[] = [];
    const misses: string[] = [];
    for (let f = 0; f < FOLDS; f++) {
      const test = parts[f] ?? [];
      const train = parts.filter((_, i) => i !== f).flat();
      const trained = trainIntentModel(train, botTrainOptions(def));
      const classifier = await OnnxClassifier.create(ort as unknown as OrtLike, exportIntentModelToOnnx(trained.weights));
      const rankings = await classifier.classifyMany(test.map((e) => ({ text: e.text, ...(e.context ? { context: e.context } : {}) })));
      const ok = test.filter((e, i) => rankings[i]?.[0]?.name === e.intent).length;
      test.forEach((e, i) => rankings[i]?.[0]?.name !== e.intent && misses.push(`${e.text} (${e.intent}→${rankings[i]?.[0]?.name})`));
      perFold.push(`${((ok / test.length) * 100).toFixed(1)}%`);
      correct += ok;
      total += test.length;
      await classifier.release();
    }
    const accuracy = correct / total;
    const full = fullModel(locale);
    console.log(
      `[tickets ${locale}] ${FOLDS}-fold held-out accuracy ${(accuracy * 100).toFixed(1)}% (${correct}/${total}; folds ${perFold.join(' ')}); ` +
        `full model: ${full.weights.labels.length} intents, ${botTrainingExamples(def, locale).length} examples, trained in ${full.trainMs.toFixed(0)} ms`,
    );
    console.log(`[tickets ${locale}] first misses: ${misses.slice(0, 25).join(' | ')}`);
    expect(accuracy).toBeGreaterThanOrEqual(ACCURACY_FLOOR[locale]);
  }, 120_000);

  it('gives the same ranking and confidences (to 1e-5) in ONNX Runtime as the reference forward pass', async () => {
    const trained = trainIntentModel(botTrainingExamples(def, locale), botTrainOptions(def, { epochs: 3 }));
    const onnx = await OnnxClassifier.create(ort as unknown as OrtLike, exportIntentModelToOnnx(trained.weights));
    const reference = new WeightsClassifier(trained.weights);
    const texts = locale === 'zh-CN' ? ['帮我订张票', '我要退订', '能改到明天吗？', '好的'] : ['book a ticket', 'cancel it', 'move it to Friday', 'yes'];
    const batch = await onnx.classifyMany(texts.map((t) => ({ text: classifierText(def, locale, t), context: { state: 'idle' } })));
    texts.forEach((t, i) => {
      const expected = reference.rankSync(classifierText(def, locale, t), { state: 'idle' });
      expect(batch[i]?.map((r) => r.name)).toEqual(expected.map((r) => r.name));
      batch[i]?.forEach((r, j) => expect(Math.abs(r.confidence - (expected[j]?.confidence ?? NaN))).toBeLessThan(1e-5));
    });
  }, 60_000);

  it('classifies the pinned regression set (cancel vs order and other confusions), and reports each miss', async () => {
    const regression = (await readRegressionSet('tickets'))[locale] ?? [];
    expect(regression.length).toBeGreaterThanOrEqual(30);
    const classifier = new WeightsClassifier(fullModel(locale).weights);
    const misses = regression.filter((r) => classifier.rankSync(classifierText(def, locale, r.text))[0]?.name !== r.intent);
    const accuracy = 1 - misses.length / regression.length;
    console.log(`[tickets ${locale}] regression set ${(accuracy * 100).toFixed(1)}% (${regression.length - misses.length}/${regression.length})`);
    if (misses.length) console.log(`[tickets ${locale}] regression misses: ${misses.map((m) => `${m.text} (${m.intent})`).join(' | ')}`);
    // Not every miss is dangerous (a miss may land in disambiguation); the cancel-vs-order safety is pinned in the
    // conversation tests. This floor catches a model that has lost the distinction altogether.
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
  }, 60_000);

  it('never turns a cancel-type utterance of the regression set into a booking event (cues and margins included)', async () => {
    const regression = ((await readRegressionSet('tickets'))[locale] ?? []).filter((r) => r.intent === 'cancel_ticket');
    expect(regression.length).toBeGreaterThanOrEqual(10);
    const classifier = new WeightsClassifier(fullModel(locale).weights);
    const situation = { expecting: null, handles: () => true };
    const booked = regression.filter((r) => {
      const ranking = classifier.rankSync(classifierText(def, locale, r.text));
      return chooseEvent(def, ranking, [], r.text, locale, situation) === 'book_ticket';
    });
    expect(booked.map((r) => r.text)).toEqual([]);
  }, 60_000);
});

