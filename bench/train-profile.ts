// `pnpm exec tsx bench/train-profile.ts`: trains the tickets bot's full models as the server and the editor do and
// prints, per locale, where the time goes (masking examples, featurizing, training, ONNX export) and a hash of the
// weights, so a speed-up can be checked to leave the model bit-identical. For a CPU profile:
//   node --cpu-prof --cpu-prof-dir=/tmp/train-prof --import tsx bench/train-profile.ts
import { createHash } from 'node:crypto';
import {
  botTrainingExamples, botTrainOptions, DEFAULT_FEATURIZER, exportIntentModelToOnnx, featurize, parseBot, trainIntentModel,
  type IntentModelWeights,
} from '@statecraft/engine';
import { readBot } from '@statecraft/flows';

const weightsHash = (w: IntentModelWeights) => {
  const h = createHash('sha256');
  for (const a of [w.embedding, w.embeddingBias, w.output, w.outputBias]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex').slice(0, 16);
};

const def = parseBot(await readBot('tickets'));
const options = botTrainOptions(def);
for (const locale of def.locales) {
  let t = performance.now();
  const examples = botTrainingExamples(def, locale);
  const maskMs = performance.now() - t;
  t = performance.now();
  const featurizer = { ...DEFAULT_FEATURIZER, ...options.featurizer };
  for (const e of examples) featurize(e.text, featurizer, e.context);
  const featurizeMs = performance.now() - t;
  const { weights, trainMs } = trainIntentModel(examples, options);
  t = performance.now();
  exportIntentModelToOnnx(weights);
  const exportMs = performance.now() - t;
  console.log(
    `${locale}: ${examples.length} examples; mask ${maskMs.toFixed(0)} ms, featurize ${featurizeMs.toFixed(0)} ms, ` +
      `train ${trainMs.toFixed(0)} ms (featurizing included), export ${exportMs.toFixed(0)} ms; weights ${weightsHash(weights)}`,
  );
}
