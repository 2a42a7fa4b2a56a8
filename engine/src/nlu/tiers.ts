// Named accuracy/latency trade-offs a bot (or the eval CLI) can pick instead of tuning training options by hand.
import { mostlyCjk } from './featurize.ts';
import type { TrainOptions } from './train.ts';

interface TierDefinition extends TrainOptions {
  /**
   * The hashed space's size when the training texts are mostly Chinese characters. Chinese character 1–4-grams are
   * as many as English character and word n-grams from far fewer examples (SMP2017's 2,299 training rows give 44k
   * distinct features; 2^15 buckets hold them in 23k), and on SMP2017 dev twice the buckets gained 0.8–1.3 points for
   * `balanced` over three seeds and 0.9–1.2 for `accurate`. On CLINC150 (English) it cost 0.7 points in-scope, so
   * Latin-script data keeps `featurizer.buckets`.
   */
  cjkBuckets?: number;
}

export const MODEL_TIERS = {
  /** Softmax regression over char 1–3-grams and words: smallest and quickest, a few points less accurate. */
  fast: { hidden: 0, epochs: 15, learningRate: 0.05, featurizer: { buckets: 1 << 15, charNgrams: [1, 3], wordNgrams: [1, 1] } },
  /**
   * Five networks (hidden layer of 24, 6 epochs each) over char 1–4-grams and word 1–2-grams, probabilities averaged.
   * Against one network of 64 for 20 epochs (the tier before 2026-11-25): +1.6 points in-scope on CLINC150 and +1.8 on
   * SMP2017, better out-of-scope recall at the calibrated threshold, less training time (2^15 × 120 weights, stored as float16: ≈ 7.9 MB).
   * 6 epochs rather than 10 (2026-12-06): the same on CLINC150, +0.3 on SMP2017, 40% less training. Each member ends
   * on the mean of its last 2 epochs' weights (2026-12-06): CLINC150 val in-scope 93.3 → 93.5%, out-of-scope recall
   * 65 → 67% at the calibrated threshold, SMP2017 dev 91.0 → 91.3% (3 epochs: 93.4% / 71%, 91.3%). The `accurate`
   * tier did not gain from it (CLINC150 93.4 → 93.3% / 71 → 70%, SMP2017 90.9% both) and does without.
   */
  balanced: {
    hidden: 24, members: 5, epochs: 6, hiddenDropout: 0.2, averageLastEpochs: 2, featurizer: { buckets: 1 << 15, charNgrams: [1, 4], wordNgrams: [1, 2] },
    cjkBuckets: 1 << 16,
  },
  /**
   * Six networks instead of five, for 20% more arithmetic per utterance: more out-of-scope recall on CLINC150 val at
   * the calibrated threshold (71% against `balanced`'s 67%), the same in-scope accuracy (93.4 against 93.5%). The embedding
   * (2^15 × 144 weights in float16 ≈ 9.4 MB) stays well under the 20 MB model budget. (Before 2026-12-06: one network with a hidden
   * layer of 128, 20 epochs, which was less accurate than the ensemble.)
   */
  accurate: {
    hidden: 24, members: 6, epochs: 6, hiddenDropout: 0.2, featurizer: { buckets: 1 << 15, charNgrams: [1, 4], wordNgrams: [1, 2] },
    cjkBuckets: 1 << 16,
  },
} as const satisfies Record<string, TierDefinition>;

export type ModelTier = keyof typeof MODEL_TIERS;

export function isModelTier(name: string): name is ModelTier {
  return Object.hasOwn(MODEL_TIERS, name);
}

/**
 * Training options of a tier, as a fresh mutable object. Given the training texts, a tier with `cjkBuckets` uses
 * that many buckets when they are mostly Chinese characters.
 */
export function tierOptions(tier: ModelTier, trainingTexts?: readonly string[]): TrainOptions {
  const { cjkBuckets, featurizer: f = {}, ...training }: TierDefinition = MODEL_TIERS[tier];
  const buckets = cjkBuckets && trainingTexts && mostlyCjk(trainingTexts) ? cjkBuckets : f.buckets;
  return {
    ...training,
    featurizer: {
      ...f,
      ...(buckets !== undefined ? { buckets } : {}),
      ...(f.charNgrams ? { charNgrams: [f.charNgrams[0], f.charNgrams[1]] } : {}),
      ...(f.wordNgrams ? { wordNgrams: [f.wordNgrams[0], f.wordNgrams[1]] } : {}),
    },
  };
}
