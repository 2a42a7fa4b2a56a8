import { describe, expect, it } from 'vitest';
import { fastestPass, quantile, scoreIntents, thresholdForRejectRate } from './metrics.ts';

describe('scoreIntents', () => {
  it('computes accuracy, per-intent F1 and macro-F1', () => {
    const m = scoreIntents(['a', 'a', 'b', 'b'], ['a', 'b', 'b', 'b']);
    expect(m.accuracy).toBe(0.75);
    const a = m.perIntent.find((r) => r.intent === 'a');
    const b = m.perIntent.find((r) => r.intent === 'b');
    expect(a).toMatchObject({ precision: 1, recall: 0.5, support: 2 });
    expect(a?.f1).toBeCloseTo(2 / 3, 10);
    expect(b).toMatchObject({ precision: 2 / 3, recall: 1 });
    expect(m.macroF1).toBeCloseTo(((2 / 3) + 0.8) / 2, 10);
    expect(m.oosRecall).toBeNull();
  });

  it('separates in-scope accuracy from out-of-scope recall', () => {
    const m = scoreIntents(['a', 'oos', 'oos', 'b'], ['a', 'oos', 'a', 'a']);
    expect(m.inScopeAccuracy).toBe(0.5);
    expect(m.oosRecall).toBe(0.5);
  });

  it('refuses mismatched inputs', () => {
    expect(() => scoreIntents(['a'], [])).toThrow(/differ in length/);
  });
});

describe('quantile', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(quantile(values, 0.99)).toBe(99);
    expect(quantile(values, 0.5)).toBe(50);
    expect(quantile([7], 0.99)).toBe(7);
  });
});

describe('thresholdForRejectRate', () => {
  it('rejects the requested share of in-scope confidences, and nothing at rate 0', () => {
    const confidences = Array.from({ length: 100 }, (_, i) => (i + 1) / 100); // 0.01 … 1.00
    expect(thresholdForRejectRate(confidences, 0.03)).toBeCloseTo(0.04, 10); // 0.01–0.03 fall below it
    expect(confidences.filter((c) => c < thresholdForRejectRate(confidences, 0.03))).toHaveLength(3);
    expect(thresholdForRejectRate(confidences, 0)).toBe(0);
    expect(thresholdForRejectRate([], 0.1)).toBe(0);
  });
});

describe('fastestPass', () => {
  it('keeps the pass with the lowest total, whatever its single slowest call', () => {
    expect(fastestPass([[3, 3], [2, 2], [1, 5]])).toEqual([2, 2]);
    expect(fastestPass([[1, 9], [4, 4]])).toEqual([4, 4]);
  });
  it('returns a copy, and nothing for no passes', () => {
    const pass = [1, 2];
    expect(fastestPass([pass])).not.toBe(pass);
    expect(fastestPass([])).toEqual([]);
  });
});
