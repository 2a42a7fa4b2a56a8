import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { exportIntentModelToOnnx, OnnxClassifier, trainIntentModel, WeightsClassifier, type OrtLike, type TrainingExample } from '@statecraft/engine';
import { openOnnxClassifier, SESSION_OPTIONS } from './onnx-node.ts';

const examples: TrainingExample[] = [
  ...['我要订票', '帮我订张票', '订一张去北京的票', 'book a ticket', 'I need a ticket'].map((text) => ({ text, intent: 'book' })),
  ...['我要退订', '退票', '取消订单', 'cancel my ticket', 'refund please'].map((text) => ({ text, intent: 'cancel' })),
  ...['你好', '在吗', 'hello', 'hi there'].map((text) => ({ text, intent: 'greet' })),
  ...['今天天气怎么样', 'what is the weather'].map((text) => ({ text, intent: 'weather' })),
];
const probes = ['帮我订一张明天的票', 'cancel it please', 'hello?', '随便说点什么', 'weather tomorrow', 'x'];

describe('exported graphs in onnxruntime-node', () => {
  // Each model shape has its own graph (linear, one hidden layer, ensembles of either); all must match the reference.
  it.each([
    { hidden: 0, members: 1 },
    { hidden: 8, members: 1 },
    { hidden: 0, members: 3 },
    { hidden: 8, members: 4 },
  ])('ranks like the TypeScript forward pass, to 1e-6, one at a time and in a padded batch (hidden $hidden, members $members)', async (shape) => {
    const { weights } = trainIntentModel(examples, { ...shape, epochs: 8, seed: 5, featurizer: { buckets: 1 << 12, contextBuckets: 1 << 6 } });
    const reference = new WeightsClassifier(weights);
    const onnx = await openOnnxClassifier(exportIntentModelToOnnx(weights));
    const batch = await onnx.classifyMany(probes.map((text) => ({ text, context: { state: 'idle' } })));
    for (const [i, text] of probes.entries()) {
      const expected = reference.rankSync(text, { state: 'idle' });
      const single = await onnx.classify(text, { state: 'idle' });
      for (const got of [single, batch[i]]) {
        expect(got?.map((r) => r.name)).toEqual(expected.map((r) => r.name));
        got?.forEach((r, j) => expect(Math.abs(r.confidence - (expected[j]?.confidence ?? NaN))).toBeLessThan(1e-6));
      }
    }
    await onnx.release();
  });

  it('runs the native session directly and gets what the public (deferred) API gets, bit for bit', async () => {
    const { weights } = trainIntentModel(examples, { hidden: 8, members: 2, epochs: 8, seed: 5, featurizer: { buckets: 1 << 12, contextBuckets: 1 << 6 } });
    const model = exportIntentModelToOnnx(weights);
    const direct = await openOnnxClassifier(model);
    const viaPublicApi = await OnnxClassifier.create(ort as unknown as OrtLike, model, SESSION_OPTIONS);
    const requests = probes.map((text) => ({ text, context: { state: 'idle' } }));
    expect(await direct.classifyMany(requests)).toEqual(await viaPublicApi.classifyMany(requests));
    for (const text of probes) expect(await direct.classify(text)).toEqual(await viaPublicApi.classify(text));
    await Promise.all([direct.release(), viaPublicApi.release()]);
  });

  it('turns an error of the native run into a rejected promise, not a throw', async () => {
    const { weights } = trainIntentModel(examples, { hidden: 0, epochs: 2, seed: 5, featurizer: { buckets: 1 << 12, contextBuckets: 1 << 6 } });
    const classifier = await openOnnxClassifier(exportIntentModelToOnnx(weights));
    const session = (classifier as unknown as { session: { run(feeds: Record<string, unknown>): Promise<unknown> } }).session;
    let pending: Promise<unknown> | undefined;
    expect(() => {
      pending = session.run({ ids: new ort.Tensor('float32', new Float32Array(1), [1, 1]) });
    }).not.toThrow();
    await expect(pending).rejects.toThrow();
    await classifier.release();
  });
});
