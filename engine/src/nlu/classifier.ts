// The Classifier contract and its two implementations: ONNX Runtime (production, node or web) and plain JS (training-time).
import { featurize, type ClassifyContext, type SparseFeatures } from './featurize.ts';
import { forward, type IntentModelWeights } from './model.ts';
import { ONNX_IO, readIntentModelMetadata, type IntentModelMetadata } from './onnx-export.ts';

export interface IntentScore {
  name: string;
  confidence: number;
}

export interface ClassifyRequest {
  text: string;
  context?: ClassifyContext;
}

/**
 * How many intents a ranking lists. The turn reads the top two (the pick, and a confusable runner-up within a margin);
 * the editor's simulator shows three alternatives. Listing all of a large bot's labels cost more than the ONNX run
 * itself (151 labels on CLINC150: about 13 µs to build and sort them against 1 µs to select five).
 */
export const RANKING_SIZE = 5;

/** Ranks intents for utterances: the `RANKING_SIZE` most likely (or every label, when fewer), highest first. */
export interface Classifier {
  readonly labels: readonly string[];
  classify(text: string, context?: ClassifyContext): Promise<IntentScore[]>;
  classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]>;
}

const rankBits = new Uint32Array(1);
const rankFloat = new Float32Array(rankBits.buffer);

/**
 * The `size` most probable labels (default every label) with their probabilities, highest first; equal probabilities
 * keep label order (a stable sort). Fewer than all: one pass that keeps the best `size` in order (see `selectTop`).
 *
 * It runs once per classified utterance, so float32 probabilities are ranked by one native numeric sort of
 * `bits(p) · 2^16 + (2^16 − 1 − label index)`: a non-negative float32's bit pattern orders like its value, and the
 * key fits a float64 exactly. That is several times faster than sorting objects with a comparator (151 labels on
 * CLINC150). Anything else (more labels, float64 input, a negative or NaN value) takes the plain comparator sort.
 */
export function rankProbabilities(labels: readonly string[], probs: ArrayLike<number>, offset = 0, size = labels.length): IntentScore[] {
  const n = labels.length;
  if (size < n) return selectTop(labels, probs, offset, Math.max(0, size));
  if (!(probs instanceof Float32Array) || n > 0xffff) return rankByComparator(labels, probs, offset);
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = probs[offset + i] as number;
    if (!(p >= 0)) return rankByComparator(labels, probs, offset);
    rankFloat[0] = p;
    keys[i] = (rankBits[0] as number) * 0x10000 + (0xffff - i);
  }
  keys.sort();
  const out = new Array<IntentScore>(n);
  for (let r = 0; r < n; r++) {
    const key = keys[n - 1 - r] as number;
    // key mod 2^16 without a floating-point remainder (slow): multiplying by 2^-16 and flooring is exact here.
    const i = 0xffff - (key - Math.floor(key * (1 / 0x10000)) * 0x10000);
    out[r] = { name: labels[i] as string, confidence: probs[offset + i] as number };
  }
  return out;
}

/**
 * The first `size` entries of the stable ranking without ranking the rest: labels are visited in order and one enters
 * the kept list only when strictly more probable than its last entry, so a tie stays behind the earlier label. Any
 * value that is not a non-negative number takes the full comparator sort, as `rankProbabilities` does.
 */
function selectTop(labels: readonly string[], probs: ArrayLike<number>, offset: number, size: number): IntentScore[] {
  const kept: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const p = probs[offset + i] as number;
    if (!(p >= 0)) return rankByComparator(labels, probs, offset).slice(0, size);
    if (kept.length === size && !(p > (probs[offset + (kept[size - 1] as number)] as number))) continue;
    let at = kept.length < size ? kept.length : size - 1;
    while (at > 0 && (probs[offset + (kept[at - 1] as number)] as number) < p) {
      kept[at] = kept[at - 1] as number;
      at--;
    }
    kept[at] = i;
  }
  return kept.map((i) => ({ name: labels[i] as string, confidence: probs[offset + i] as number }));
}

function rankByComparator(labels: readonly string[], probs: ArrayLike<number>, offset: number): IntentScore[] {
  return labels
    .map((name, i) => ({ name, confidence: probs[offset + i] as number }))
    .sort((a, b) => b.confidence - a.confidence);
}

/** Runs the weights directly. Used while training (held-out scores, forgetting checks) where no ONNX session exists. */
export class WeightsClassifier implements Classifier {
  readonly labels: readonly string[];
  constructor(private readonly weights: IntentModelWeights) {
    this.labels = weights.labels;
  }
  rankSync(text: string, context?: ClassifyContext): IntentScore[] {
    return rankProbabilities(this.labels, forward(this.weights, featurize(text, this.weights.featurizer, context)), 0, RANKING_SIZE);
  }
  async classify(text: string, context?: ClassifyContext): Promise<IntentScore[]> {
    return this.rankSync(text, context);
  }
  async classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]> {
    return requests.map((r) => this.rankSync(r.text, r.context));
  }
}

/**
 * The part of the ONNX Runtime JS API this project uses; `onnxruntime-node` and `onnxruntime-web` both match it,
 * so the engine runs one code path everywhere and never imports a runtime itself.
 */
export interface OrtTensorLike {
  readonly data: unknown;
  readonly dims: readonly number[];
}
export interface OrtSessionLike {
  run(feeds: Record<string, OrtTensorLike>): Promise<Record<string, OrtTensorLike>>;
  release?(): Promise<void>;
}
export interface OrtLike {
  Tensor: new (type: 'int64' | 'float32', data: BigInt64Array | Float32Array, dims: readonly number[]) => OrtTensorLike;
  InferenceSession: { create(model: Uint8Array, options?: Record<string, unknown>): Promise<OrtSessionLike> };
}

/** Batches rows of sparse features into the two padded [batch, k] inputs of the exported graph. */
export function packBatch(rows: readonly SparseFeatures[]): { ids: BigInt64Array; values: Float32Array; k: number } {
  let k = 1;
  for (const r of rows) if (r.ids.length > k) k = r.ids.length;
  const ids = new BigInt64Array(rows.length * k);
  // One row at its own length is already laid out as the input (the server classifies one utterance per call unless
  // turns arrive together): its values need no copy.
  const single = rows.length === 1 && rows[0]?.values.length === k;
  const values = single ? (rows[0] as SparseFeatures).values : new Float32Array(rows.length * k);
  // Ids are small non-negative integers, so each int64 is its low 32 bits and a zero high word: writing the words
  // through an Int32Array view (little-endian) avoids one BigInt per feature.
  if (LITTLE_ENDIAN) {
    const words = new Int32Array(ids.buffer);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as SparseFeatures;
      for (let j = 0, at = 2 * i * k; j < r.ids.length; j++, at += 2) words[at] = r.ids[j] as number;
      if (!single) values.set(r.values, i * k);
    }
  } else {
    rows.forEach((r, i) => {
      for (let j = 0; j < r.ids.length; j++) ids[i * k + j] = BigInt(r.ids[j] as number);
      if (!single) values.set(r.values, i * k);
    });
  }
  return { ids, values, k };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The production classifier: featurizes in JS, runs the exported graph in ONNX Runtime. */
export class OnnxClassifier implements Classifier {
  private constructor(
    private readonly ort: OrtLike,
    private readonly session: OrtSessionLike,
    readonly metadata: IntentModelMetadata,
  ) {}

  get labels(): readonly string[] {
    return this.metadata.labels;
  }

  static async create(ort: OrtLike, model: Uint8Array, sessionOptions?: Record<string, unknown>): Promise<OnnxClassifier> {
    const metadata = readIntentModelMetadata(model);
    const session = await ort.InferenceSession.create(model, sessionOptions);
    return new OnnxClassifier(ort, session, metadata);
  }

  async classify(text: string, context?: ClassifyContext): Promise<IntentScore[]> {
    // One utterance, the common call: no request array, and its feature values go to ONNX Runtime uncopied.
    const row = featurize(text, this.metadata.featurizer, context);
    const probs = await this.run(packBatch([row]), 1);
    return rankProbabilities(this.labels, probs, 0, RANKING_SIZE);
  }

  async classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]> {
    if (requests.length === 0) return [];
    const rows = requests.map((r) => featurize(r.text, this.metadata.featurizer, r.context));
    const probs = await this.run(packBatch(rows), rows.length);
    const classes = this.labels.length;
    return requests.map((_, i) => rankProbabilities(this.labels, probs, i * classes, RANKING_SIZE));
  }

  private async run({ ids, values, k }: ReturnType<typeof packBatch>, batch: number): Promise<Float32Array> {
    const dims = [batch, k];
    const out = await this.session.run({
      [ONNX_IO.ids]: new this.ort.Tensor('int64', ids, dims),
      [ONNX_IO.values]: new this.ort.Tensor('float32', values, dims),
    });
    return out[ONNX_IO.probabilities]?.data as Float32Array;
  }

  async release(): Promise<void> {
    await this.session.release?.();
  }
}
