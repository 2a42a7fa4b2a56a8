// `pnpm exec tsx bench/nlu-finetune.ts [--locale zh-CN|en-US] [--plans 1x4,1x8,2x8]`
//
// What the editor's quick update (a fine-tune of the last model, engine/src/nlu/fine-tune.ts) costs and gives up,
// measured on the tickets bot with the 5-fold split of flows/tickets/classifier.test.ts (fold 0 held out):
//   added example  examples the base model gets wrong are added one at a time (the usual reason to add one);
//                  a fine-tune per example: is it learnt, and the held-out accuracy after it.
//   new intent     an intent is left out of the base model, then added with 6 examples; fine-tune vs full retrain
//                  on the same data: are the 6 learnt, held-out recall of the new intent, overall held-out accuracy.
// A plan `EpochsxRepeat` trains E epochs over every example with the added ones repeated R times. A benchmark: it
// prints figures and asserts nothing.
import { parseArgs } from 'node:util';
import {
  botTrainingExamples, botTrainOptions, fineTuneIntentModel, parseBot, predict, seededRandom, shuffleInPlace, trainIntentModel,
  type IntentModelWeights, type Locale, type TrainingExample,
} from '@statecraft/engine';
import { readBot } from '@statecraft/flows';

const { values: args } = parseArgs({ options: { locale: { type: 'string' }, plans: { type: 'string', default: '1x4,1x8,2x8' } } });
const plans = args.plans.split(',').map((p) => {
  const [epochs, repeatAdded] = p.split('x').map(Number) as [number, number];
  return { name: p, epochs, repeatAdded, minSteps: 0 };
});
const def = parseBot(await readBot('tickets'));
const options = botTrainOptions(def);
const locales = (args.locale ? [args.locale] : def.locales) as Locale[];

function folds(examples: TrainingExample[], k: number, seed: number): TrainingExample[][] {
  const byIntent = new Map<string, TrainingExample[]>();
  for (const e of examples) byIntent.set(e.intent, [...(byIntent.get(e.intent) ?? []), e]);
  const random = seededRandom(seed);
  const out: TrainingExample[][] = Array.from({ length: k }, () => []);
  for (const intent of [...byIntent.keys()].sort()) shuffleInPlace([...(byIntent.get(intent) ?? [])], random).forEach((e, i) => out[i % k]?.push(e));
  return out;
}

const top = (w: IntentModelWeights, e: TrainingExample) => {
  const p = predict(w, e.text, e.context);
  let best = 0;
  for (let i = 1; i < p.length; i++) if ((p[i] as number) > (p[best] as number)) best = i;
  return w.labels[best];
};
const accuracy = (w: IntentModelWeights, set: TrainingExample[]) => set.filter((e) => top(w, e) === e.intent).length / set.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

for (const locale of locales) {
  const parts = folds(botTrainingExamples(def, locale), 5, 20261124);
  const test = parts[0]!;
  const train = parts.slice(1).flat();

  // Added examples: leave 240 out of the base model, add back (one at a time) those the base gets wrong.
  const pool = new Set(shuffleInPlace([...train.keys()], seededRandom(7)).slice(0, 240));
  const baseTrain = train.filter((_, i) => !pool.has(i));
  const base = trainIntentModel(baseTrain, options);
  const wrong = [...pool].map((i) => train[i]!).filter((e) => top(base.weights, e) !== e.intent).slice(0, 16);
  const full = trainIntentModel(train, options);
  console.log(`[${locale}] added example: base ${pct(accuracy(base.weights, test))} held-out (trained ${base.trainMs.toFixed(0)} ms), ` +
    `full retrain on all ${pct(accuracy(full.weights, test))} (${full.trainMs.toFixed(0)} ms); ${wrong.length} examples the base gets wrong, added one at a time`);
  for (const plan of plans) {
    const rows = wrong.map((e) => {
      const q = fineTuneIntentModel(base.weights, baseTrain, [...baseTrain, e], options, plan);
      return { learnt: top(q.weights, e) === e.intent, acc: accuracy(q.weights, test), ms: q.trainMs };
    });
    console.log(`  plan ${plan.name.padEnd(4)} learnt ${rows.filter((r) => r.learnt).length}/${rows.length}, held-out ${pct(mean(rows.map((r) => r.acc)))} ` +
      `(min ${pct(Math.min(...rows.map((r) => r.acc)))}), fine-tune ${mean(rows.map((r) => r.ms)).toFixed(0)} ms`);
  }

  // A new intent: leave one out of the base model, then add it with 6 examples.
  const intent = 'query_ticket';
  const without = train.filter((e) => e.intent !== intent);
  const six = train.filter((e) => e.intent === intent).slice(0, 6);
  const withSix = [...without, ...six];
  const base2 = trainIntentModel(without, options);
  const full2 = trainIntentModel(withSix, options);
  const ofIntent = test.filter((e) => e.intent === intent);
  console.log(`[${locale}] new intent ${intent} with 6 examples: full retrain learnt ${six.filter((e) => top(full2.weights, e) === intent).length}/6, ` +
    `held-out recall ${pct(accuracy(full2.weights, ofIntent))}, held-out ${pct(accuracy(full2.weights, test))} (${full2.trainMs.toFixed(0)} ms)`);
  for (const plan of plans) {
    const q = fineTuneIntentModel(base2.weights, without, withSix, options, plan);
    console.log(`  plan ${plan.name.padEnd(4)} learnt ${six.filter((e) => top(q.weights, e) === intent).length}/6, held-out recall ` +
      `${pct(accuracy(q.weights, ofIntent))}, held-out ${pct(accuracy(q.weights, test))}, fine-tune ${q.trainMs.toFixed(0)} ms`);
  }
}
