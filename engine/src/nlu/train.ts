// The intent trainer: an embedding-bag network over hashed n-grams, trained with Adam, deterministic per seed.
import { DEFAULT_FEATURIZER, featurize, type ClassifyContext, type FeaturizerConfig, type SparseFeatures } from './featurize.ts';
import { roundToFloat16 } from './float16.ts';
import { forward, layerWidth, memberCount, softmaxInPlace, type IntentModelWeights } from './model.ts';
import { seededRandom, shuffleInPlace } from './random.ts';
import { warmStartWeights } from './warm-start.ts';

export interface TrainingExample {
  text: string;
  intent: string;
  /** When an example only means its intent in some state ("改到明天" while booking), say so here. */
  context?: ClassifyContext;
}

export interface TrainOptions {
  featurizer?: Partial<FeaturizerConfig>;
  /** Hidden layer width; 0 trains a linear (softmax regression) model. */
  hidden?: number;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  /** Decoupled weight decay (AdamW), applied to the rows a batch touches. */
  weightDecay?: number;
  /** Probability of dropping each text feature of an example during training; makes short texts robust. */
  featureDropout?: number;
  /** Target mass spread over the other classes; softens over-confident probabilities. */
  labelSmoothing?: number;
  /** Probability of zeroing each hidden unit during training (inverted dropout). */
  hiddenDropout?: number;
  seed?: number;
  /**
   * Train this many networks (seeds seed, seed+1, …) and average their probabilities: fewer confident mistakes on
   * phrasings no example has. Costs that many times the training time, embedding size and per-utterance arithmetic.
   */
  members?: number;
  /**
   * Return the mean of the weights after each of the last this many epochs instead of the last epoch's (stochastic
   * weight averaging, Izmailov et al. 2018): a flatter optimum that generalises better, at no cost per utterance.
   * Context rows are the exception: they keep the last epoch's weights (see `trainNetwork`). 0 or 1: the last epoch's.
   */
  averageLastEpochs?: number;
  /** Fine-tune: start from these weights (same featurizer and width; labels matched by name, see `warmStartWeights`). */
  initialWeights?: IntentModelWeights;
}

export const DEFAULT_TRAIN_OPTIONS: Required<Omit<TrainOptions, 'featurizer' | 'initialWeights'>> = {
  hidden: 64,
  epochs: 40,
  batchSize: 16,
  learningRate: 0.01,
  weightDecay: 1e-4,
  featureDropout: 0.1,
  labelSmoothing: 0.05,
  hiddenDropout: 0,
  seed: 42,
  members: 1,
  averageLastEpochs: 0,
};

export interface TrainResult {
  weights: IntentModelWeights;
  trainMs: number;
  /** Mean cross-entropy of the last epoch. */
  finalLoss: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPS = 1e-8;

/**
 * Trains an intent model. Labels are sorted, so the label order (and with the same seed, every weight)
 * depends only on the examples and options, never on the order examples were written in.
 *
 * @example
 * const { weights } = trainIntentModel([{ text: '我要订票', intent: 'book' }, { text: '退票', intent: 'cancel' }]);
 */
export function trainIntentModel(examples: TrainingExample[], options: TrainOptions = {}): TrainResult {
  const featurizer: FeaturizerConfig = { ...DEFAULT_FEATURIZER, ...options.featurizer };
  if (examples.length === 0) throw new Error('cannot train an intent model without examples');
  const labels = [...new Set(examples.map((e) => e.intent))].sort();
  if (labels.length < 2) throw new Error(`an intent model needs at least two intents, got ${labels.join(', ')}`);
  const started = performance.now();
  const data = featurizeExamples(examples, labels, featurizer);
  const result = (options.members ?? 1) > 1 || (options.initialWeights?.members ?? 1) > 1
    ? trainEnsemble(data, labels, featurizer, options)
    : trainNetwork(data, labels, featurizer, options);
  // The exported model stores the embedding in float16 (see exportIntentModelToOnnx): round it here, once, so the
  // weights used in TypeScript (held-out scores, the forgetting guard, fine-tunes) are the ones every runtime serves.
  roundToFloat16(result.weights.embedding);
  return { ...result, trainMs: performance.now() - started };
}

/**
 * Training examples featurized once, packed end to end (example i's features are ids/values[offsets[i] ..
 * offsets[i+1]]): one allocation instead of two typed arrays per example, and shared by every member of an ensemble.
 */
interface FeaturizedExamples {
  ids: Int32Array;
  values: Float32Array;
  offsets: Int32Array;
  /** Index into the sorted labels. */
  labels: Int32Array;
}

function featurizeExamples(examples: TrainingExample[], labels: string[], featurizer: FeaturizerConfig): FeaturizedExamples {
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  // Two passes (count, then fill) instead of growing buffers: featurizing is ~1% of training, and the packed arrays are
  // allocated once at their final size, which keeps the training peak in memory down on large sets.
  const offsets = new Int32Array(examples.length + 1);
  examples.forEach((e, i) => (offsets[i + 1] = (offsets[i] as number) + featurize(e.text, featurizer, e.context).ids.length));
  const total = offsets[examples.length] as number;
  const ids = new Int32Array(total);
  const values = new Float32Array(total);
  const y = new Int32Array(examples.length);
  examples.forEach((e, i) => {
    const x = featurize(e.text, featurizer, e.context);
    ids.set(x.ids, offsets[i]);
    values.set(x.values, offsets[i]);
    y[i] = labelIndex.get(e.intent) as number;
  });
  return { ids, values, offsets, labels: y };
}

/** One network (an ensemble member, or the whole model) on featurized examples. */
function trainNetwork(data: FeaturizedExamples, labels: string[], featurizer: FeaturizerConfig, options: TrainOptions): Omit<TrainResult, 'trainMs'> {
  const opt = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const random = seededRandom(opt.seed);
  const classes = labels.length;
  const hidden = opt.hidden;
  const width = hidden > 0 ? hidden : classes;
  const textBuckets = featurizer.buckets - featurizer.contextBuckets;

  const weights: IntentModelWeights = options.initialWeights
    ? warmStartWeights(options.initialWeights, labels, featurizer, hidden, random)
    : {
        labels,
        featurizer,
        hidden,
        embedding: new Float32Array(featurizer.buckets * width),
        embeddingBias: new Float32Array(width),
        output: new Float32Array(hidden > 0 ? hidden * classes : 0),
        outputBias: new Float32Array(hidden > 0 ? classes : 0),
      };
  if (hidden > 0 && !options.initialWeights) {
    // Small random text rows (fastText's scale); context rows start at zero so an untrained context adds nothing.
    const scale = 1 / width;
    for (let i = 0; i < textBuckets * width; i++) weights.embedding[i] = (random() * 2 - 1) * scale;
    const limit = Math.sqrt(6 / (hidden + classes));
    for (let i = 0; i < weights.output.length; i++) weights.output[i] = (random() * 2 - 1) * limit;
  }

  // Adam's two moments of an embedding row sit side by side ([m of the row | v of the row]): a touched row's update
  // reads two adjacent cache lines instead of two far apart. The embedding is too large for the cache (2^16 rows ×
  // 24 on SMP2017), so these random row accesses, not arithmetic, were most of the training time.
  const momentsE = new Float32Array(weights.embedding.length * 2);
  const dense = [weights.embeddingBias, weights.output, weights.outputBias].map((p) => ({
    p,
    g: new Float32Array(p.length),
    m: new Float32Array(p.length),
    v: new Float32Array(p.length),
  }));
  const [gB1, gW2, gB2] = dense.map((d) => d.g) as [Float32Array, Float32Array, Float32Array];
  // Embedding gradients of the rows the current batch touched, compactly: the batch's t-th new row accumulates in
  // gE[t·width ..], a buffer small enough to stay in cache. seen[2·id] is the step that last touched bucket id and
  // seen[2·id + 1] its slot t then (side by side: one cache line for both).
  const maxTouched = opt.batchSize * featurizer.maxFeatures;
  const gE = new Float32Array(maxTouched * width);
  const seen = new Int32Array(featurizer.buckets * 2).fill(-1);
  const touched = new Int32Array(maxTouched);

  const order = Array.from({ length: data.labels.length }, (_, i) => i);
  let finalLoss = 0;
  const state: BatchState = {
    data, weights, random, order,
    classes, hidden, width, textBuckets,
    featureDropout: opt.featureDropout, hiddenDropout: hidden > 0 ? opt.hiddenDropout : 0, labelSmoothing: opt.labelSmoothing,
    learningRate: opt.learningRate, weightDecay: opt.weightDecay,
    step: 0,
    scratch: { h: new Float32Array(width), probs: new Float32Array(classes) },
    dz: new Float32Array(classes), dh: new Float32Array(width),
    kept: { ids: new Int32Array(featurizer.maxFeatures), values: new Float32Array(featurizer.maxFeatures) },
    gB1, gW2, gB2, dense, gE, seen, touched, momentsE,
  };

  // Stochastic weight averaging: the mean of the last `averaged` epochs' weights (one epoch: nothing to average).
  const averaged = opt.averageLastEpochs > 1 ? Math.min(opt.averageLastEpochs, opt.epochs) : 0;
  let average: AveragedWeights | undefined;
  for (let epoch = 0; epoch < opt.epochs; epoch++) {
    shuffleInPlace(order, random);
    let lossSum = 0;
    for (let start = 0; start < order.length; start += opt.batchSize) lossSum += trainBatch(state, start, Math.min(start + opt.batchSize, order.length));
    finalLoss = lossSum / order.length;
    if (epoch >= opt.epochs - averaged) average = addToAverage(average, weights, epoch - (opt.epochs - averaged));
  }
  if (average) {
    // Context rows (state, previous intent) keep the last epoch's weights. They start at zero and only the ~4% of
    // examples that carry a context train them, so they are still growing when averaging starts and their mean lags:
    // averaged too, the tickets bot read "改到明天" in booking.confirm as change_ticket (0.44) instead of inform.
    average.embedding.set(weights.embedding.subarray(textBuckets * width), textBuckets * width);
    return { weights: { ...weights, ...average }, finalLoss };
  }
  return { weights, finalLoss };
}

/**
 * What one batch step reads and writes, built once per network (one object literal, so one shape for every member of
 * an ensemble). The step is a function of its own rather than the body of a loop in `trainNetwork`, which V8 had to
 * compile again, on the stack, in each member's call.
 */
interface BatchState {
  data: FeaturizedExamples;
  weights: IntentModelWeights;
  random: () => number;
  order: number[];
  classes: number;
  hidden: number;
  width: number;
  textBuckets: number;
  featureDropout: number;
  hiddenDropout: number;
  labelSmoothing: number;
  learningRate: number;
  weightDecay: number;
  /** Batches done so far (Adam's t). */
  step: number;
  scratch: { h: Float32Array; probs: Float32Array };
  dz: Float32Array;
  dh: Float32Array;
  kept: SparseFeatures;
  gB1: Float32Array;
  gW2: Float32Array;
  gB2: Float32Array;
  dense: { p: Float32Array; g: Float32Array; m: Float32Array; v: Float32Array }[];
  gE: Float32Array;
  seen: Int32Array;
  touched: Int32Array;
  momentsE: Float32Array;
}

/** One minibatch (examples order[start .. end)): forward, backward, one Adam step. Returns the batch's summed loss. */
function trainBatch(s: BatchState, start: number, end: number): number {
  const { data, weights, random, order, classes, hidden, width, textBuckets, dz, dh, gB1, gW2, gB2, dense, gE, seen, touched } = s;
  const E = weights.embedding;
  const W2 = weights.output;
  const h = s.scratch.h;
  const smooth = s.labelSmoothing;
  const step = s.step;
  let lossSum = 0;
  for (const d of dense) d.g.fill(0);
  let nTouched = 0;
  for (let b = start; b < end; b++) {
    const i = order[b] as number;
    const y = data.labels[i] as number;
    const from = data.offsets[i] as number;
    const to = data.offsets[i + 1] as number;
    const x = dropFeatures(data, from, to, s.featureDropout, textBuckets, random, s.kept);
    const probs = s.hiddenDropout > 0
      ? forwardWithHiddenDropout(weights, x, s.scratch, s.hiddenDropout, random)
      : forward(weights, x, s.scratch);
    lossSum -= Math.log(Math.max(probs[y] as number, 1e-12));
    const off = smooth / classes;
    for (let c = 0; c < classes; c++) dz[c] = (probs[c] as number) - off;
    dz[y] = (dz[y] as number) - (1 - smooth);
    if (hidden > 0) {
      for (let j = 0; j < hidden; j++) {
        const a = h[j] as number;
        if (a <= 0) {
          dh[j] = 0;
          continue;
        }
        const row = j * classes;
        let sum = 0;
        for (let c = 0; c < classes; c++) {
          const g = dz[c] as number;
          gW2[row + c] = (gW2[row + c] as number) + a * g;
          sum += (W2[row + c] as number) * g;
        }
        dh[j] = sum;
      }
      for (let c = 0; c < classes; c++) gB2[c] = (gB2[c] as number) + (dz[c] as number);
    } else {
      dh.set(dz);
    }
    for (let j = 0; j < width; j++) gB1[j] = (gB1[j] as number) + (dh[j] as number);
    const ids = x.ids;
    const values = x.values;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k] as number;
      const v = values[k] as number;
      if (seen[2 * id] !== step) {
        seen[2 * id] = step;
        seen[2 * id + 1] = nTouched;
        const row = nTouched * width;
        touched[nTouched++] = id;
        for (let j = 0; j < width; j++) gE[row + j] = v * (dh[j] as number);
      } else {
        const row = (seen[2 * id + 1] as number) * width;
        for (let j = 0; j < width; j++) gE[row + j] = (gE[row + j] as number) + v * (dh[j] as number);
      }
    }
  }
  s.step = step + 1;
  const scale = 1 / (end - start);
  const lr = s.learningRate;
  const c1 = 1 - BETA1 ** s.step;
  const c2 = 1 - BETA2 ** s.step;
  for (const d of dense) adamStep(d.p, 0, d.g, 0, d.m, 0, d.v, 0, d.p.length, scale, lr, c1, c2, 0);
  for (let t = 0; t < nTouched; t++) {
    const at = (touched[t] as number) * width;
    adamStep(E, at, gE, t * width, s.momentsE, at * 2, s.momentsE, at * 2 + width, width, scale, lr, c1, c2, s.weightDecay);
  }
  return lossSum;
}

type AveragedWeights = Pick<IntentModelWeights, 'embedding' | 'embeddingBias' | 'output' | 'outputBias'>;

/** Folds the current weights into the running mean of the `n` epochs averaged so far (a fresh copy when n = 0). */
function addToAverage(average: AveragedWeights | undefined, w: IntentModelWeights, n: number): AveragedWeights {
  if (!average || n === 0) {
    return { embedding: w.embedding.slice(), embeddingBias: w.embeddingBias.slice(), output: w.output.slice(), outputBias: w.outputBias.slice() };
  }
  for (const key of ['embedding', 'embeddingBias', 'output', 'outputBias'] as const) {
    const a = average[key];
    const p = w[key];
    for (let j = 0; j < p.length; j++) a[j] = ((a[j] as number) * n + (p[j] as number)) / (n + 1);
  }
  return average;
}

/**
 * Trains `options.members` single networks with consecutive seeds and lays their weights side by side (see
 * `IntentModelWeights`). Each member's embedding is copied into place as soon as it is trained and then dropped, so
 * at most one member's training state is alive at a time. With `initialWeights` (an ensemble of as many members),
 * member m continues from member m of it.
 */
function trainEnsemble(data: FeaturizedExamples, labels: string[], featurizer: FeaturizerConfig, options: TrainOptions): Omit<TrainResult, 'trainMs'> {
  const members = options.members ?? options.initialWeights?.members ?? 1;
  const initial = options.initialWeights;
  if (initial && memberCount(initial) !== members) {
    throw new Error(`warm start needs an ensemble of ${members} members, got ${memberCount(initial)}`);
  }
  const seed = options.seed ?? DEFAULT_TRAIN_OPTIONS.seed;
  let embedding: Float32Array | null = null;
  let stride = 0;
  let width = 0;
  const small: IntentModelWeights[] = [];
  let lossSum = 0;
  for (let m = 0; m < members; m++) {
    const part = trainNetwork(data, labels, featurizer, {
      ...options,
      members: 1,
      seed: seed + m,
      ...(initial ? { initialWeights: memberWeights(initial, m) } : {}),
    });
    const w = part.weights;
    if (!embedding) {
      width = layerWidth(w);
      stride = members * width;
      embedding = new Float32Array(w.featurizer.buckets * stride);
    }
    // A plain loop: a subarray per row (2^16 rows per member) cost 6% of SMP2017 `balanced`'s training.
    const from = w.embedding;
    for (let r = 0, src = 0, dst = m * width; r < w.featurizer.buckets; r++, dst += stride - width) {
      for (let j = 0; j < width; j++) embedding[dst++] = from[src++] as number;
    }
    small.push({ ...w, embedding: new Float32Array(0) });
    lossSum += part.finalLoss;
  }
  const concat = (pick: (w: IntentModelWeights) => Float32Array) => {
    const all = small.map(pick);
    const out = new Float32Array(all.reduce((n, a) => n + a.length, 0));
    let at = 0;
    for (const a of all) {
      out.set(a, at);
      at += a.length;
    }
    return out;
  };
  const weights: IntentModelWeights = {
    ...(small[0] as IntentModelWeights),
    members,
    embedding: embedding as Float32Array,
    embeddingBias: concat((w) => w.embeddingBias),
    output: concat((w) => w.output),
    outputBias: concat((w) => w.outputBias),
  };
  return { weights, finalLoss: lossSum / members };
}

/** Member m of an ensemble as a single network of its own (copies of its slices of the weights). */
export function memberWeights(w: IntentModelWeights, m: number): IntentModelWeights {
  const members = memberCount(w);
  if (members === 1) return w;
  const width = layerWidth(w);
  const stride = members * width;
  const classes = w.labels.length;
  const embedding = new Float32Array(w.featurizer.buckets * width);
  for (let r = 0; r < w.featurizer.buckets; r++) embedding.set(w.embedding.subarray(r * stride + m * width, r * stride + (m + 1) * width), r * width);
  const { members: _members, ...single } = w;
  return {
    ...single,
    embedding,
    embeddingBias: w.embeddingBias.slice(m * width, (m + 1) * width),
    output: w.hidden > 0 ? w.output.slice(m * w.hidden * classes, (m + 1) * w.hidden * classes) : new Float32Array(0),
    outputBias: w.hidden > 0 ? w.outputBias.slice(m * classes, (m + 1) * classes) : new Float32Array(0),
  };
}

/**
 * Training-time forward pass with inverted dropout on the hidden layer: dropped units are set to 0 in `scratch.h`
 * (so the backward pass skips them) and kept ones are scaled by 1/(1-p), so inference needs no rescaling.
 */
function forwardWithHiddenDropout(
  w: IntentModelWeights, x: SparseFeatures, scratch: { h: Float32Array; probs: Float32Array }, p: number, random: () => number,
): Float32Array {
  const { h, probs } = scratch;
  h.set(w.embeddingBias);
  const width = w.hidden;
  for (let k = 0; k < x.ids.length; k++) {
    const v = x.values[k] as number;
    const row = (x.ids[k] as number) * width;
    for (let j = 0; j < width; j++) h[j] = (h[j] as number) + v * (w.embedding[row + j] as number);
  }
  const keep = 1 / (1 - p);
  for (let j = 0; j < width; j++) h[j] = random() < p ? 0 : (h[j] as number) * keep;
  const classes = w.labels.length;
  probs.set(w.outputBias);
  for (let j = 0; j < width; j++) {
    const a = h[j] as number;
    if (a <= 0) continue;
    const row = j * classes;
    for (let c = 0; c < classes; c++) probs[c] = (probs[c] as number) + a * (w.output[row + c] as number);
  }
  softmaxInPlace(probs);
  return probs;
}

/**
 * Example [from, to) of `data` with text features dropped at random, copied into `into` (reused across calls); context
 * features are always kept. Without dropout (or for very short examples) it is a view of `data` itself.
 */
function dropFeatures(
  data: FeaturizedExamples, from: number, to: number, p: number, textBuckets: number, random: () => number, into: SparseFeatures,
): SparseFeatures {
  const all = { ids: data.ids.subarray(from, to), values: data.values.subarray(from, to) };
  if (p <= 0 || to - from <= 2) return all;
  let n = 0;
  for (let k = from; k < to; k++) {
    const id = data.ids[k] as number;
    if (id < textBuckets && random() < p) continue;
    into.ids[n] = id;
    into.values[n++] = data.values[k] as number;
  }
  return n === 0 ? all : { ids: into.ids.subarray(0, n), values: into.values.subarray(0, n) };
}

/**
 * One AdamW step for `length` parameters from p[pAt], with their gradients from g[gAt] and Adam's moments from m[mAt]
 * and v[vAt]. The dense layers pass one offset for all four; an embedding row passes its compact gradient and its
 * moments side by side in one array (see `trainNetwork`), and only rows the batch touched go through it (lazy,
 * "sparse" Adam), which keeps a step's cost independent of the bucket count. Bias corrections are folded into two
 * constants per call.
 */
function adamStep(
  p: Float32Array, pAt: number, g: Float32Array, gAt: number, m: Float32Array, mAt: number, v: Float32Array, vAt: number,
  length: number, scale: number, lr: number, c1: number, c2: number, decay: number,
): void {
  const stepSize = lr / c1;
  const invC2 = 1 / c2;
  const keep = 1 - lr * decay;
  for (let j = 0; j < length; j++) {
    const grad = (g[gAt + j] as number) * scale;
    const mi = BETA1 * (m[mAt + j] as number) + (1 - BETA1) * grad;
    const vi = BETA2 * (v[vAt + j] as number) + (1 - BETA2) * grad * grad;
    m[mAt + j] = mi;
    v[vAt + j] = vi;
    p[pAt + j] = (p[pAt + j] as number) * keep - (stepSize * mi) / (Math.sqrt(vi * invC2) + EPS);
  }
}

export function predict(weights: IntentModelWeights, text: string, context?: ClassifyContext): Float32Array {
  return forward(weights, featurize(text, weights.featurizer, context));
}

export { layerWidth };
