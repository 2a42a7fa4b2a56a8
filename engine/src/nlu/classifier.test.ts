import { describe, expect, it } from 'vitest';
import { packBatch, rankProbabilities } from './classifier.ts';
import { seededRandom } from './random.ts';

const byComparator = (labels: string[], probs: ArrayLike<number>, offset = 0) =>
  labels.map((name, i) => ({ name, confidence: probs[offset + i] as number })).sort((a, b) => b.confidence - a.confidence);

/** 300 random label sets (2–201 labels) with probabilities at an offset: a third exact zeros or repeated values, so
 * ties are common; the rest spread over many magnitudes. */
function* randomRankings(seed: number) {
  const random = seededRandom(seed);
  for (let round = 0; round < 300; round++) {
    const n = 2 + Math.floor(random() * 200);
    const labels = Array.from({ length: n }, (_, i) => `intent_${i}`);
    const probs = new Float32Array(n + 3);
    for (let i = 0; i < probs.length; i++) {
      const r = random();
      probs[i] = r < 0.2 ? 0 : r < 0.33 ? 0.125 : r ** 8;
    }
    yield { round, labels, probs, offset: round % 4 };
  }
}

describe('rankProbabilities', () => {
  it('ranks like a stable comparator sort, ties in label order, on random, tied and saturated probabilities', () => {
    for (const { labels, probs, offset } of randomRankings(11)) {
      expect(rankProbabilities(labels, probs, offset)).toEqual(byComparator(labels, probs, offset));
    }
  });

  it('lists the first `size` entries of that ranking when asked for fewer than every label', () => {
    for (const { round, labels, probs, offset } of randomRankings(12)) {
      const size = round % 7;
      expect(rankProbabilities(labels, probs, offset, size)).toEqual(byComparator(labels, probs, offset).slice(0, size));
    }
  });

  it('falls back to the comparator for float64 input and negative values', () => {
    const labels = ['a', 'b', 'c'];
    expect(rankProbabilities(labels, [0.2, 0.5, 0.3])).toEqual(byComparator(labels, [0.2, 0.5, 0.3]));
    const odd = new Float32Array([0.1, -0.5, 0.4]);
    expect(rankProbabilities(labels, odd)).toEqual(byComparator(labels, odd));
    expect(rankProbabilities(labels, odd, 0, 2)).toEqual(byComparator(labels, odd).slice(0, 2));
  });
});

describe('packBatch', () => {
  it('pads rows to the longest with id 0 / value 0 and writes every id as an int64', () => {
    const rows = [
      { ids: new Int32Array([5, 2_000_000_000, 7]), values: new Float32Array([0.5, 0.25, 1]) },
      { ids: new Int32Array([9]), values: new Float32Array([2]) },
    ];
    const { ids, values, k } = packBatch(rows);
    expect(k).toBe(3);
    expect([...ids]).toEqual([5n, 2_000_000_000n, 7n, 9n, 0n, 0n]);
    expect([...values]).toEqual([0.5, 0.25, 1, 2, 0, 0]);
  });
});
