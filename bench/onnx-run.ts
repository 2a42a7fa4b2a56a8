// `pnpm exec tsx bench/onnx-run.ts [--rounds 8]`
//
// What one classification costs through onnxruntime-node's public `InferenceSession.run()` and through the native
// session the server opens directly (runtime-server/src/bots/onnx-node.ts), on the same model in the same process:
// the tickets bot's intent model per locale, its own examples as the utterances, one per call and 16 per call
// (featurization and ranking included, one thread). The two run in interleaved rounds (A B, then B A, …) because this
// VM's speed drifts within a minute; the table gives the fastest and the median round. A benchmark: it asserts nothing.
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import {
  botTrainingExamples, botTrainOptions, exportIntentModelToOnnx, OnnxClassifier, parseBot, trainIntentModel,
  type Locale, type OrtLike,
} from '@statecraft/engine';
import { readBot } from '@statecraft/flows';
import { openOnnxClassifier, SESSION_OPTIONS } from '../runtime-server/src/bots/onnx-node.ts';

const { values: args } = parseArgs({ options: { rounds: { type: 'string', default: '8' } } });
const rounds = Number(args.rounds);
const def = parseBot(await readBot('tickets'));
const BATCH = 16;

const rows: string[][] = [];
for (const locale of def.locales as Locale[]) {
  const examples = botTrainingExamples(def, locale);
  const model = exportIntentModelToOnnx(trainIntentModel(examples, botTrainOptions(def)).weights);
  const texts = examples.map((e) => e.text);
  const systems = {
    direct: await openOnnxClassifier(model),
    'public API': await OnnxClassifier.create(ort as unknown as OrtLike, model, SESSION_OPTIONS),
  };
  const timings: Record<string, number[]> = {};
  const time = async (key: string, body: () => Promise<void>, calls: number) => {
    const start = process.hrtime.bigint();
    await body();
    (timings[key] ??= []).push(Number(process.hrtime.bigint() - start) / 1000 / calls);
  };
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? (['direct', 'public API'] as const) : (['public API', 'direct'] as const);
    for (const name of order) {
      const classifier = systems[name];
      await time(`${name}|1`, async () => {
        for (const text of texts) await classifier.classify(text);
      }, texts.length);
      await time(`${name}|${BATCH}`, async () => {
        for (let i = 0; i < texts.length; i += BATCH) await classifier.classifyMany(texts.slice(i, i + BATCH).map((text) => ({ text })));
      }, texts.length);
    }
  }
  for (const [key, values] of Object.entries(timings)) {
    const [name, perCall] = key.split('|') as [string, string];
    const sorted = [...values].sort((a, b) => a - b);
    rows.push([locale, name, perCall, (sorted[0] as number).toFixed(1), (sorted[sorted.length >> 1] as number).toFixed(1)]);
  }
  await Promise.all(Object.values(systems).map((s) => s.release()));
}
console.log(`tickets intent models, ${rounds} interleaved rounds over each locale's examples; µs per utterance`);
console.log('| locale | session | utterances per call | fastest round | median round |\n|---|---|---|---|---|');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
