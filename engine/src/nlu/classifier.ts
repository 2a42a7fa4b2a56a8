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

/** Ranks intents for utterances. Results are sorted by confidence, highest first, and cover every label. */
export interface Classifier {
  readonly labels: readonly string[];
  classify(text: string, context?: ClassifyContext): Promise<IntentScore[]>;
  classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]>;
}

export function rankProbabilities(labels: readonly string[], probs: ArrayLike<number>, offset = 0): IntentScore[] {
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
    return rankProbabilities(this.labels, forward(this.weights, featurize(text, this.weights.featurizer, context)));
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
  const k = Math.max(1, ...rows.map((r) => r.ids.length));
  const ids = new BigInt64Array(rows.length * k);
  const values = new Float32Array(rows.length * k);
  rows.forEach((r, i) => {
    for (let j = 0; j < r.ids.length; j++) {
      ids[i * k + j] = BigInt(r.ids[j] as number);
      values[i * k + j] = r.values[j] as number;
    }
  });
  return { ids, values, k };
}

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
    return (await this.classifyMany([{ text, context }]))[0] as IntentScore[];
  }

  async classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]> {
    if (requests.length === 0) return [];
    const rows = requests.map((r) => featurize(r.text, this.metadata.featurizer, r.context));
    const { ids, values, k } = packBatch(rows);
    const dims = [rows.length, k];
    const out = await this.session.run({
      [ONNX_IO.ids]: new this.ort.Tensor('int64', ids, dims),
      [ONNX_IO.values]: new this.ort.Tensor('float32', values, dims),
    });
    const probs = out[ONNX_IO.probabilities]?.data as Float32Array;
    const classes = this.labels.length;
    return requests.map((_, i) => rankProbabilities(this.labels, probs, i * classes));
  }

  async release(): Promise<void> {
    await this.session.release?.();
  }
}
