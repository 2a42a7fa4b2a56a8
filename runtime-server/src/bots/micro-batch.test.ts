import { describe, expect, it } from 'vitest';
import { WeightsClassifier, trainIntentModel, type Classifier, type ClassifyRequest, type IntentScore } from '@statecraft/engine';
import { MicroBatchClassifier } from './micro-batch.ts';

const weights = trainIntentModel(
  [
    { text: '我要订票', intent: 'book' }, { text: '帮我订张票', intent: 'book' }, { text: 'book a ticket', intent: 'book' },
    { text: '我要退票', intent: 'cancel' }, { text: '取消订单', intent: 'cancel' }, { text: 'cancel my ticket', intent: 'cancel' },
  ],
  { epochs: 30, seed: 1 },
).weights;

/** Records the size of every batch it is asked for. */
class CountingClassifier implements Classifier {
  readonly batches: number[] = [];
  private readonly reference = new WeightsClassifier(weights);
  readonly labels = this.reference.labels;
  classify(text: string): Promise<IntentScore[]> {
    return this.classifyMany([{ text }]).then((r) => r[0] as IntentScore[]);
  }
  async classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]> {
    this.batches.push(requests.length);
    return this.reference.classifyMany(requests);
  }
}

describe('MicroBatchClassifier', () => {
  it('answers concurrent calls with one batch, each caller getting its own ranking', async () => {
    const inner = new CountingClassifier();
    const batching = new MicroBatchClassifier(inner);
    const texts = ['我要订票', 'cancel my ticket', '帮我订张票', '取消订单'];
    const rankings = await Promise.all(texts.map((t) => batching.classify(t)));
    expect(inner.batches).toEqual([4]);
    const reference = new WeightsClassifier(weights);
    for (const [i, t] of texts.entries()) expect(rankings[i]).toEqual(reference.rankSync(t));
  });

  it('sends a full batch at once and the rest on the next flush', async () => {
    const inner = new CountingClassifier();
    const batching = new MicroBatchClassifier(inner, 3);
    await Promise.all(Array.from({ length: 7 }, () => batching.classify('我要订票')));
    expect(inner.batches).toEqual([3, 3, 1]);
  });

  it('does not hold a lone call back: sequential calls are batches of one', async () => {
    const inner = new CountingClassifier();
    const batching = new MicroBatchClassifier(inner);
    await batching.classify('我要订票');
    await batching.classify('我要退票');
    expect(inner.batches).toEqual([1, 1]);
  });

  it('rejects every caller of a failed batch, and keeps working afterwards', async () => {
    const inner = new CountingClassifier();
    let fail = true;
    const flaky: Classifier = {
      labels: inner.labels,
      classify: (t) => inner.classify(t),
      classifyMany: (r) => (fail ? Promise.reject(new Error('ort failed')) : inner.classifyMany(r)),
    };
    const batching = new MicroBatchClassifier(flaky);
    const results = await Promise.allSettled([batching.classify('a'), batching.classify('b')]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect((await batching.classify('我要订票'))[0]?.name).toBe('book');
  });
});
