// The intent model's weights and its forward pass in plain TypeScript (the reference the ONNX graph must match).
import type { FeaturizerConfig, SparseFeatures } from './featurize.ts';

/**
 * An embedding-bag network: h = b1 + Σ value·E[id]. With a hidden layer, probabilities = softmax(W2·relu(h) + b2);
 * without one (`hidden === 0`), E maps straight to the classes and probabilities = softmax(h).
 */
export interface IntentModelWeights {
  labels: string[];
  featurizer: FeaturizerConfig;
  hidden: number;
  /** [buckets × width] row-major, width = hidden || labels.length. */
  embedding: Float32Array;
  /** [width] */
  embeddingBias: Float32Array;
  /** [hidden × labels] row-major; empty without a hidden layer. */
  output: Float32Array;
  /** [labels]; empty without a hidden layer. */
  outputBias: Float32Array;
}

export function layerWidth(w: Pick<IntentModelWeights, 'hidden' | 'labels'>): number {
  return w.hidden > 0 ? w.hidden : w.labels.length;
}

/** Forward pass for one utterance. `scratch` lets the trainer keep the hidden activations. */
export function forward(
  w: IntentModelWeights,
  x: SparseFeatures,
  scratch?: { h: Float32Array; probs: Float32Array },
): Float32Array {
  const width = layerWidth(w);
  const h = scratch?.h ?? new Float32Array(width);
  h.set(w.embeddingBias);
  for (let k = 0; k < x.ids.length; k++) {
    const v = x.values[k] as number;
    const row = (x.ids[k] as number) * width;
    for (let j = 0; j < width; j++) h[j] = (h[j] as number) + v * (w.embedding[row + j] as number);
  }
  const classes = w.labels.length;
  const probs = scratch?.probs ?? new Float32Array(classes);
  if (w.hidden === 0) {
    probs.set(h);
  } else {
    probs.set(w.outputBias);
    for (let j = 0; j < width; j++) {
      const a = h[j] as number;
      if (a <= 0) continue; // relu
      const row = j * classes;
      for (let c = 0; c < classes; c++) probs[c] = (probs[c] as number) + a * (w.output[row + c] as number);
    }
  }
  softmaxInPlace(probs);
  return probs;
}

export function softmaxInPlace(z: Float32Array): void {
  let max = -Infinity;
  for (let i = 0; i < z.length; i++) if ((z[i] as number) > max) max = z[i] as number;
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const e = Math.exp((z[i] as number) - max);
    z[i] = e;
    sum += e;
  }
  for (let i = 0; i < z.length; i++) z[i] = (z[i] as number) / sum;
}
