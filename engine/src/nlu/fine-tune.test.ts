import { describe, expect, it } from 'vitest';
import { addedExamples, fineTuneIntentModel } from './fine-tune.ts';
import { memberWeights, predict, trainIntentModel, type TrainingExample, type TrainOptions } from './train.ts';
import { warmStartWeights } from './warm-start.ts';
import { seededRandom } from './random.ts';

const examples: TrainingExample[] = [
  ...['我要订票', '帮我订张票', '订一张去北京的票', '买张车票', '我想订票', 'book a ticket', 'I need a ticket'].map((text) => ({ text, intent: 'book' })),
  ...['我要退订', '退票', '取消订单', '把票退了', '我要退款', 'cancel my ticket', 'refund please'].map((text) => ({ text, intent: 'cancel' })),
  ...['你好', '在吗', '哈喽', 'hello', 'hi there'].map((text) => ({ text, intent: 'greet' })),
];
const options: TrainOptions = { hidden: 16, epochs: 30, seed: 3, featurizer: { buckets: 1 << 12, contextBuckets: 1 << 6 } };
const base = trainIntentModel(examples, options).weights;
const same = (a: Float32Array, b: Float32Array) => a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
const top = (w: typeof base, text: string) => w.labels[predict(w, text).indexOf(Math.max(...predict(w, text)))];

describe('warmStartWeights', () => {
  it('keeps the output column of each kept intent by name, gives new intents fresh columns and drops removed ones', () => {
    const labels = ['book', 'greet', 'thanks']; // cancel removed, thanks added
    const w = warmStartWeights(base, labels, base.featurizer, base.hidden, seededRandom(1));
    const col = (m: typeof base, label: string, j: number) => m.output[j * m.labels.length + m.labels.indexOf(label)];
    for (let j = 0; j < base.hidden; j++) {
      expect(col(w, 'book', j)).toBe(col(base, 'book', j));
      expect(col(w, 'greet', j)).toBe(col(base, 'greet', j));
    }
    expect(w.outputBias[labels.indexOf('greet')]).toBe(base.outputBias[base.labels.indexOf('greet')]);
    expect(w.outputBias[labels.indexOf('thanks')]).toBe(0);
    expect([...Array(base.hidden).keys()].some((j) => col(w, 'thanks', j) !== 0)).toBe(true);
    expect(w.output.length).toBe(base.hidden * labels.length);
    expect(same(w.embedding, base.embedding)).toBe(true);
    expect(w.embedding).not.toBe(base.embedding); // a copy: fine-tuning never changes the model it started from
  });

  it('refuses another featurizer or hidden width', () => {
    expect(() => warmStartWeights(base, base.labels, { ...base.featurizer, charNgrams: [1, 3] }, base.hidden, Math.random)).toThrow(/same featurizer/);
    expect(() => warmStartWeights(base, base.labels, base.featurizer, base.hidden + 1, Math.random)).toThrow(/hidden width/);
  });
});

describe('warm-starting ensembles and linear models', () => {
  it('splits an ensemble into its members exactly: each predicts what a single network of its seed predicts', () => {
    const ensemble = trainIntentModel(examples, { ...options, members: 3, epochs: 5 }).weights;
    for (let m = 0; m < 3; m++) {
      const single = trainIntentModel(examples, { ...options, epochs: 5, seed: (options.seed ?? 0) + m }).weights;
      const part = memberWeights(ensemble, m);
      expect(part.members).toBeUndefined();
      expect(same(part.embedding, single.embedding)).toBe(true);
      expect(same(part.output, single.output)).toBe(true);
      expect(same(part.outputBias, single.outputBias)).toBe(true);
    }
  });

  it('continues member m of an ensemble from member m of the model it starts from', () => {
    const start = trainIntentModel(examples, { ...options, members: 2, epochs: 5 }).weights;
    const continued = trainIntentModel(examples, { ...options, members: 2, epochs: 3, initialWeights: start }).weights;
    const byHand = [0, 1].map((m) => trainIntentModel(examples, { ...options, epochs: 3, seed: (options.seed ?? 0) + m, initialWeights: memberWeights(start, m) }).weights);
    byHand.forEach((w, m) => expect(same(memberWeights(continued, m).embedding, w.embedding)).toBe(true));
    expect(() => trainIntentModel(examples, { ...options, members: 3, initialWeights: start })).toThrow(/ensemble of 3 members, got 2/);
  });

  it('warm-starts a linear model only onto the same intents', () => {
    const linear = trainIntentModel(examples, { ...options, hidden: 0 }).weights;
    const w = warmStartWeights(linear, linear.labels, linear.featurizer, 0, Math.random);
    expect(same(w.embedding, linear.embedding)).toBe(true);
    expect(w.embedding).not.toBe(linear.embedding);
    expect(() => warmStartWeights(linear, ['book', 'cancel'], linear.featurizer, 0, Math.random)).toThrow(/same intents/);
  });
});

describe('fineTuneIntentModel', () => {
  it('learns an added example the base model gets wrong, and keeps the others', () => {
    const added = { text: 'reserve a seat please', intent: 'book' };
    expect(top(base, added.text)).not.toBe('book');
    const tuned = fineTuneIntentModel(base, examples, [...examples, added], options);
    expect(tuned.added).toBe(1);
    expect(top(tuned.weights, added.text)).toBe('book');
    expect(examples.filter((e) => top(tuned.weights, e.text) === e.intent).length).toBe(examples.length);
  });

  it('learns a new intent from a few examples and maps labels by name', () => {
    const thanks = ['谢谢', '多谢了', 'thank you'].map((text) => ({ text, intent: 'thanks' }));
    const tuned = fineTuneIntentModel(base, examples, [...examples, ...thanks], options);
    expect(tuned.weights.labels).toEqual(['book', 'cancel', 'greet', 'thanks']);
    for (const e of thanks) expect(top(tuned.weights, e.text)).toBe('thanks');
    expect(examples.filter((e) => top(tuned.weights, e.text) === e.intent).length).toBeGreaterThanOrEqual(examples.length - 1);
  });

  it('drops a removed intent', () => {
    const tuned = fineTuneIntentModel(base, examples, examples.filter((e) => e.intent !== 'greet'), options);
    expect(tuned.weights.labels).toEqual(['book', 'cancel']);
    expect(top(tuned.weights, '退票')).toBe('cancel');
  });

  it('is deterministic and leaves the base model untouched', () => {
    const before = base.embedding.slice();
    const next = [...examples, { text: '来张去上海的票', intent: 'book' }];
    const a = fineTuneIntentModel(base, examples, next, options).weights;
    const b = fineTuneIntentModel(base, examples, next, options).weights;
    expect(same(a.embedding, b.embedding) && same(a.output, b.output) && same(a.outputBias, b.outputBias)).toBe(true);
    expect(same(base.embedding, before)).toBe(true);
  });
});

describe('addedExamples', () => {
  it('counts an example added again as added, and context examples by their context', () => {
    const prev = [{ text: 'a', intent: 'x' }, { text: 'b', intent: 'x' }];
    const next = [...prev, { text: 'a', intent: 'x' }, { text: 'b', intent: 'y' }, { text: 'a', intent: 'x', context: { state: 's' } }];
    expect(addedExamples(prev, next)).toEqual(next.slice(2));
    expect(addedExamples(next, prev)).toEqual([]);
  });
});
