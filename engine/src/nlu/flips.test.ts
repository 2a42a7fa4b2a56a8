import { describe, expect, it } from 'vitest';
import { WeightsClassifier } from './classifier.ts';
import { findFlips } from './flips.ts';
import { trainIntentModel, type TrainingExample } from './train.ts';

const base: TrainingExample[] = [
  ...['book a ticket', 'I want a ticket', 'get me a seat', 'reserve a ticket'].map((text) => ({ text, intent: 'book' })),
  ...['cancel my ticket', 'refund please', 'undo the booking', 'drop my seat'].map((text) => ({ text, intent: 'cancel' })),
];
const probes = base.map((e) => ({ text: e.text, expected: e.intent, source: 'examples' }));

describe('findFlips', () => {
  it('finds nothing between a model and its deterministic retrain', async () => {
    const a = new WeightsClassifier(trainIntentModel(base, { hidden: 8, epochs: 30 }).weights);
    const b = new WeightsClassifier(trainIntentModel(base, { hidden: 8, epochs: 30 }).weights);
    expect(await findFlips(a, b, probes)).toEqual([]);
  });

  it('reports each utterance whose top intent changed, with both labels', async () => {
    const a = new WeightsClassifier(trainIntentModel(base, { hidden: 8, epochs: 30 }).weights);
    const relabelled = base.map((e) => (e.text === 'drop my seat' ? { ...e, intent: 'book' } : e));
    const b = new WeightsClassifier(trainIntentModel(relabelled, { hidden: 8, epochs: 30 }).weights);
    const flips = await findFlips(a, b, probes);
    expect(flips).toContainEqual({ text: 'drop my seat', source: 'examples', expected: 'cancel', before: 'cancel', after: 'book' });
  });
});
