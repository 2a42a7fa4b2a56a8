import { describe, expect, it } from 'vitest';
import { WeightsClassifier } from './classifier.ts';
import { DEFAULT_FEATURIZER, featurize, normalizeText } from './featurize.ts';
import { ENTITY_PLACEHOLDER, maskEntities } from './mask.ts';
import { forward, softmaxInPlace } from './model.ts';
import { roundToFloat16 } from './float16.ts';
import { exportIntentModelToOnnx, readIntentModelMetadata } from './onnx-export.ts';
import { trainIntentModel, type TrainingExample } from './train.ts';

const examples: TrainingExample[] = [
  ...['我要订票', '帮我订张票', '订一张去北京的票', '买张车票', '我想订票', 'book a ticket', 'I need a ticket'].map((text) => ({ text, intent: 'book' })),
  ...['我要退订', '退票', '取消订单', '把票退了', '我要退款', 'cancel my ticket', 'refund please'].map((text) => ({ text, intent: 'cancel' })),
  ...['你好', '在吗', '哈喽', 'hello', 'hi there'].map((text) => ({ text, intent: 'greet' })),
];

describe('featurize', () => {
  it('normalises width, case, spacing and digits so equivalent inputs share features', () => {
    expect(normalizeText('  ＢＯＯＫ   ３张  ')).toBe('book #张');
    expect(featurize('订3张', DEFAULT_FEATURIZER)).toEqual(featurize('订12张', DEFAULT_FEATURIZER));
  });

  it('returns unique ids, an L2-normalised text part, and context features in their reserved range', () => {
    const x = featurize('book a ticket to Boston', DEFAULT_FEATURIZER, { state: 'booking.confirm', prevIntent: 'book' });
    expect(new Set(x.ids).size).toBe(x.ids.length);
    const textStart = DEFAULT_FEATURIZER.buckets - DEFAULT_FEATURIZER.contextBuckets;
    const context = [...x.ids].filter((id) => id >= textStart);
    expect(context).toHaveLength(2);
    let sumSq = 0;
    x.ids.forEach((id, k) => {
      if (id < textStart) sumSq += (x.values[k] as number) ** 2;
    });
    expect(sumSq).toBeCloseTo(1, 5);
  });

  it('caps the number of features of very long texts', () => {
    const x = featurize('订票'.repeat(1000), { ...DEFAULT_FEATURIZER, maxFeatures: 64 });
    expect(x.ids.length).toBeLessThanOrEqual(64);
  });
});

describe('maskEntities', () => {
  it('replaces each entity span by its type placeholder', () => {
    const text = '订两张去广州的票';
    const masked = maskEntities(text, [
      { type: 'count', value: 2, text: '两张', start: 1, end: 3 },
      { type: 'city', value: '广州', id: 'cn-guangzhou', role: 'destination', text: '广州', start: 4, end: 6 },
    ]);
    expect(masked).toBe(`订 ${ENTITY_PLACEHOLDER.count} 去 ${ENTITY_PLACEHOLDER.city} 的票`);
  });
});

describe('trainIntentModel', () => {
  it('learns separable intents in Chinese and English', async () => {
    const { weights } = trainIntentModel(examples, { hidden: 16, epochs: 60 });
    const classifier = new WeightsClassifier(weights);
    expect(classifier.rankSync('帮我订一张票')[0]?.name).toBe('book');
    expect(classifier.rankSync('我要退票')[0]?.name).toBe('cancel');
    expect(classifier.rankSync('cancel the ticket')[0]?.name).toBe('cancel');
    expect(classifier.rankSync('hello')[0]?.name).toBe('greet');
    const ranking = await classifier.classify('退票');
    expect(ranking.map((r) => r.name).sort()).toEqual(['book', 'cancel', 'greet']);
    expect(ranking.reduce((s, r) => s + r.confidence, 0)).toBeCloseTo(1, 5);
  });

  it('is deterministic for a seed, independent of example order, and changes with the seed', () => {
    const a = trainIntentModel(examples, { hidden: 8, epochs: 5, seed: 1 }).weights;
    const b = trainIntentModel([...examples].reverse(), { hidden: 8, epochs: 5, seed: 1 }).weights;
    const c = trainIntentModel(examples, { hidden: 8, epochs: 5, seed: 2 }).weights;
    expect(a.labels).toEqual(b.labels);
    expect(exportIntentModelToOnnx(a)).toEqual(exportIntentModelToOnnx(trainIntentModel(examples, { hidden: 8, epochs: 5, seed: 1 }).weights));
    expect(a.embedding).not.toEqual(c.embedding);
    // Reordering changes the shuffle, not the label space.
    expect(b.labels).toEqual(['book', 'cancel', 'greet']);
  });

  it('uses context features: the same words mean different intents in different states', () => {
    const withContext: TrainingExample[] = [
      ...examples,
      ...['改到明天', '换成后天'].map((text) => ({ text, intent: 'change_pending', context: { state: 'booking.confirm' } })),
      ...['改到明天', '换成后天'].map((text) => ({ text, intent: 'reschedule', context: { state: 'idle' } })),
    ];
    const classifier = new WeightsClassifier(trainIntentModel(withContext, { hidden: 16, epochs: 80 }).weights);
    expect(classifier.rankSync('改到明天', { state: 'booking.confirm' })[0]?.name).toBe('change_pending');
    expect(classifier.rankSync('改到明天', { state: 'idle' })[0]?.name).toBe('reschedule');
  });

  it('trains an ensemble (members) whose logits are the mean of its members\' logits, each a single network of the next seed', () => {
    for (const hidden of [0, 8]) {
      const options = { hidden, epochs: 5, seed: 3 };
      const ensemble = trainIntentModel(examples, { ...options, members: 3 }).weights;
      const singles = [3, 4, 5].map((seed) => trainIntentModel(examples, { ...options, seed }).weights);
      expect(ensemble.members).toBe(3);
      expect(ensemble.embedding.length).toBe(3 * (singles[0]?.embedding.length ?? 0));
      for (const text of ['帮我订一张票', 'cancel the ticket', 'hello', '随便说点什么']) {
        const x = featurize(text, ensemble.featurizer);
        // A member's log-probabilities are its logits up to a constant, which the softmax of their mean ignores.
        const meanLogits = Float32Array.from(
          singles.map((w) => forward(w, x)).reduce((acc, p) => acc.map((v, i) => v + Math.log(p[i] as number) / 3), [0, 0, 0]),
        );
        softmaxInPlace(meanLogits);
        forward(ensemble, x).forEach((p, i) => expect(p).toBeCloseTo(meanLogits[i] as number, 6));
      }
      expect(exportIntentModelToOnnx(ensemble).byteLength).toBeGreaterThan(2 * ensemble.embedding.length);
    }
  });

  it('averages the weights of the last epochs (averageLastEpochs): the mean of the models after each of them', () => {
    // The first k epochs of a run are those of a run of k epochs (same seed, same shuffles), so the models after
    // epochs 4, 5 and 6 are the results of training for 4, 5 and 6 epochs.
    const withContext: TrainingExample[] = [
      ...examples,
      { text: '改到明天', intent: 'book', context: { state: 'booking.confirm' } },
      { text: '改到明天', intent: 'cancel', context: { state: 'idle' } },
    ];
    const featurizer = { buckets: 1 << 12, contextBuckets: 1 << 6 };
    const textRows = featurizer.buckets - featurizer.contextBuckets;
    for (const hidden of [0, 8]) {
      const options = { hidden, seed: 3, hiddenDropout: hidden ? 0.2 : 0, featurizer };
      const runs = [4, 5, 6].map((epochs) => trainIntentModel(withContext, { ...options, epochs }).weights);
      const last = runs[2] as (typeof runs)[number];
      const averaged = trainIntentModel(withContext, { ...options, epochs: 6, averageLastEpochs: 3 }).weights;
      const width = averaged.embeddingBias.length;
      for (const key of ['embedding', 'embeddingBias', 'output', 'outputBias'] as const) {
        expect(averaged[key].length).toBe(last[key].length);
        let worst = 0;
        const averagedPart = key === 'embedding' ? textRows * width : averaged[key].length;
        for (let j = 0; j < averagedPart; j++) {
          const values = runs.map((w) => w[key][j] as number);
          const mean = values.reduce((s, v) => s + v, 0) / 3;
          // Embeddings end rounded to float16 (each run's, and the average): allow that rounding, relative 2^-11 twice.
          const allowed = key === 'embedding' ? 2 ** -10 * Math.max(...values.map(Math.abs)) + 2 ** -24 : 0;
          worst = Math.max(worst, Math.abs((averaged[key][j] as number) - mean) - allowed);
        }
        expect(worst).toBeLessThan(1e-6);
      }
      // The context rows are the last epoch's (they were trained: not all zero); the text rows are not.
      const contextRows = averaged.embedding.subarray(textRows * width);
      expect(contextRows).toEqual(last.embedding.subarray(textRows * width));
      expect(contextRows.some((v) => v !== 0)).toBe(true);
      expect(averaged.embedding.subarray(0, textRows * width).some((v, j) => v !== last.embedding[j])).toBe(true);
      // 0 or 1 epoch of averaging leaves the weights exactly as they are.
      for (const averageLastEpochs of [0, 1]) {
        expect(trainIntentModel(withContext, { ...options, epochs: 6, averageLastEpochs }).weights.embedding).toEqual(last.embedding);
      }
    }
  });

  it('refuses to train on nothing or on a single intent', () => {
    expect(() => trainIntentModel([])).toThrow(/without examples/);
    expect(() => trainIntentModel([{ text: 'a', intent: 'x' }])).toThrow(/at least two intents/);
  });
});

describe('exportIntentModelToOnnx', () => {
  it('embeds labels and featurizer settings so the model file is self-describing', () => {
    for (const hidden of [0, 8]) {
      const { weights } = trainIntentModel(examples, { hidden, epochs: 2 });
      const bytes = exportIntentModelToOnnx(weights);
      expect(readIntentModelMetadata(bytes)).toEqual({ labels: weights.labels, featurizer: weights.featurizer });
      // The embedding is stored as float16: 2 bytes per weight, not 4.
      expect(bytes.byteLength).toBeGreaterThan(2 * weights.embedding.length);
      expect(bytes.byteLength).toBeLessThan(3 * weights.embedding.length);
    }
  });

  it('trains embeddings that float16 stores exactly', () => {
    const { weights } = trainIntentModel(examples, { hidden: 8, epochs: 3 });
    expect(weights.embedding.some((v) => v !== 0)).toBe(true);
    expect(roundToFloat16(weights.embedding.slice())).toEqual(weights.embedding);
  });

  it('rejects bytes that are not a Statecraft model, or not a whole ONNX model', () => {
    expect(() => readIntentModelMetadata(new Uint8Array([8, 8]))).toThrow(/not a Statecraft intent model/);
    const bytes = exportIntentModelToOnnx(trainIntentModel(examples, { hidden: 4, epochs: 1 }).weights);
    expect(() => readIntentModelMetadata(bytes.subarray(0, bytes.length - 100))).toThrow(/not an ONNX model/);
    expect(() => readIntentModelMetadata(new Uint8Array([0x0f]))).toThrow(/not an ONNX model/);
  });
});
