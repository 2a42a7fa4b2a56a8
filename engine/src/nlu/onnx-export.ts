// Writes an intent model as an ONNX graph (IR 8, opset 13) that onnxruntime-node and onnxruntime-web both run.
import onnxProto from 'onnx-proto';
import type { FeaturizerConfig } from './featurize.ts';
import { toFloat16Array } from './float16.ts';
import { layerWidth, memberCount, type IntentModelWeights } from './model.ts';

const { onnx } = onnxProto;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;
const FLOAT16 = onnx.TensorProto.DataType.FLOAT16;

/** Names of the graph's inputs and output: the contract between the exporter and every runtime. */
export const ONNX_IO = { ids: 'ids', values: 'values', probabilities: 'probabilities' } as const;

/** Metadata written into the model so that a model file alone says how to featurize and what the classes are. */
export interface IntentModelMetadata {
  labels: string[];
  featurizer: FeaturizerConfig;
}

function floatTensor(name: string, dims: number[], data: Float32Array) {
  return onnx.TensorProto.create({
    name,
    dims,
    dataType: FLOAT,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  });
}

function float16Tensor(name: string, dims: number[], data: Float32Array) {
  const half = toFloat16Array(data);
  return onnx.TensorProto.create({ name, dims, dataType: FLOAT16, rawData: new Uint8Array(half.buffer) });
}

function int64Tensor(name: string, values: number[]) {
  const data = BigInt64Array.from(values.map(BigInt));
  return onnx.TensorProto.create({ name, dims: [values.length], dataType: INT64, rawData: new Uint8Array(data.buffer) });
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  });
}

const node = (opType: string, input: string[], output: string[], attribute: object[] = []) =>
  onnx.NodeProto.create({ opType, input, output, name: output[0], attribute });

/**
 * Exports the model. Inputs: `ids` int64 [batch, k] bucket ids and `values` float [batch, k] weights (pad with
 * id 0 / value 0). Output: `probabilities` float [batch, classes].
 *
 * The graph is an EmbeddingBag: Gather rows, then their values-weighted sum as one batched MatMul ([1, k] × [k, width]
 * per utterance) — so the model's cost depends on the features present, not on the size of the hashed space. (A Mul
 * then ReduceSum over k does the same in two more passes over the gathered rows: 15–20% slower per utterance.)
 *
 * The embedding, nearly all of the model's bytes, is stored in float16 and its gathered rows cast to float32: half
 * the file, the browser's download and the server's memory, for about 0.5 µs more per utterance (CLINC150 `balanced`:
 * 15.8 → 7.9 MB). Training rounds the embedding to float16 (`roundToFloat16`), so the stored values are exactly
 * the ones the TypeScript forward pass uses.
 */
export function exportIntentModelToOnnx(w: IntentModelWeights): Uint8Array {
  const members = memberCount(w);
  const width = layerWidth(w) * members;
  const classes = w.labels.length;
  const initializer = [
    float16Tensor('embedding', [w.featurizer.buckets, width], w.embedding),
    floatTensor('embedding_bias', [width], w.embeddingBias),
    int64Tensor('axis_1', [1]),
  ];
  const nodes = [
    node('Gather', ['embedding', ONNX_IO.ids], ['gathered_half'], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }]),
    node('Cast', ['gathered_half'], ['gathered'], [{ name: 'to', type: onnx.AttributeProto.AttributeType.INT, i: FLOAT }]),
    // [batch, 1, k] × [batch, k, width] → [batch, 1, width]: the weighted sum in one pass over the gathered rows.
    node('Unsqueeze', [ONNX_IO.values, 'axis_1'], ['values_row']),
    node('MatMul', ['values_row', 'gathered'], ['bag_3d']),
    node('Squeeze', ['bag_3d', 'axis_1'], ['bag']),
    node('Add', ['bag', 'embedding_bias'], ['hidden_pre']),
  ];
  const softmax = (input: string) =>
    node('Softmax', [input], [ONNX_IO.probabilities], [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: -1 }]);
  if (w.hidden > 0) {
    // An ensemble averages its members' logits, so its members' output layers stack into one [members·hidden, classes]
    // matrix scaled by 1/members (and their biases average): the graph of a single network as wide as all of them.
    // Against regrouping by member, one batched MatMul, a softmax per member and a mean over members (probability
    // averaging, before 2026-12-06): 23 → 18 µs per utterance on CLINC150 `balanced`, 5 nodes fewer.
    const { output, outputBias } = stackedOutputLayer(w, members);
    initializer.push(floatTensor('output', [members * w.hidden, classes], output), floatTensor('output_bias', [classes], outputBias));
    nodes.push(
      node('Relu', ['hidden_pre'], ['hidden']),
      node('MatMul', ['hidden', 'output'], ['logits_pre']),
      node('Add', ['logits_pre', 'output_bias'], ['logits']),
      softmax('logits'),
    );
  } else if (members > 1) {
    // Linear members: their logits are `hidden_pre`'s slices; their mean is a ReduceMean over [batch, members, classes].
    initializer.push(int64Tensor('member_shape', [0, members, classes]));
    nodes.push(
      node('Reshape', ['hidden_pre', 'member_shape'], ['by_member']),
      node('ReduceMean', ['by_member'], ['logits'], [
        { name: 'axes', type: onnx.AttributeProto.AttributeType.INTS, ints: [1] },
        { name: 'keepdims', type: onnx.AttributeProto.AttributeType.INT, i: 0 },
      ]),
      softmax('logits'),
    );
  } else {
    nodes.push(softmax('hidden_pre'));
  }
  const metadata: IntentModelMetadata = { labels: w.labels, featurizer: w.featurizer };
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: '', version: 13 }],
    producerName: 'statecraft',
    producerVersion: '1',
    metadataProps: [{ key: 'statecraft.intent_model', value: JSON.stringify(metadata) }],
    graph: {
      name: 'intent_classifier',
      node: nodes,
      initializer,
      input: [valueInfo(ONNX_IO.ids, INT64, ['batch', 'k']), valueInfo(ONNX_IO.values, FLOAT, ['batch', 'k'])],
      output: [valueInfo(ONNX_IO.probabilities, FLOAT, ['batch', classes])],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

/** The members' output layers as one: [members·hidden, classes] (already contiguous in that order) over members, mean bias. */
function stackedOutputLayer(w: IntentModelWeights, members: number): { output: Float32Array; outputBias: Float32Array } {
  if (members === 1) return { output: w.output, outputBias: w.outputBias };
  const classes = w.labels.length;
  const output = w.output.map((v) => v / members);
  const outputBias = new Float32Array(classes);
  for (let m = 0; m < members; m++) for (let c = 0; c < classes; c++) outputBias[c] = (outputBias[c] as number) + (w.outputBias[m * classes + c] as number) / members;
  return { output, outputBias };
}

/** Reads the labels and featurizer settings back out of an exported model. */
export function readIntentModelMetadata(bytes: Uint8Array): IntentModelMetadata {
  const value = readMetadataProp(bytes, 'statecraft.intent_model');
  if (!value) throw new Error('not a Statecraft intent model: metadata "statecraft.intent_model" is missing');
  return JSON.parse(value) as IntentModelMetadata;
}

/**
 * One `metadata_props` entry (ModelProto field 14: StringStringEntryProto, key = 1, value = 2) of a serialized model,
 * found by walking the top-level fields and skipping the rest. Decoding the whole ModelProto instead would copy the
 * multi-megabyte graph only to read a few hundred bytes of JSON, on every model load in the server and the browser.
 */
function readMetadataProp(bytes: Uint8Array, key: string): string | null {
  let at = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (at >= bytes.length) throw new Error('not an ONNX model: truncated');
      const b = bytes[at++] as number;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
      if (shift > 63) throw new Error('not an ONNX model: bad varint');
    }
  };
  const fields = (end: number, onString: (field: number, from: number, to: number) => void) => {
    while (at < end) {
      const tag = varint();
      const field = Math.floor(tag / 8);
      switch (tag & 7) {
        case 0: varint(); break;
        case 1: at += 8; break;
        case 5: at += 4; break;
        case 2: {
          const length = varint();
          const from = at;
          at += length;
          if (at > end) throw new Error('not an ONNX model: field past the end');
          onString(field, from, at);
          break;
        }
        default: throw new Error(`not an ONNX model: wire type ${tag & 7}`);
      }
    }
  };
  const utf8 = new TextDecoder();
  let found: string | null = null;
  fields(bytes.length, (field, from, to) => {
    if (field !== 14 || found !== null) return;
    const resume = at;
    at = from;
    let k: string | null = null;
    let v: string | null = null;
    fields(to, (f, a, b) => {
      if (f === 1) k = utf8.decode(bytes.subarray(a, b));
      else if (f === 2) v = utf8.decode(bytes.subarray(a, b));
    });
    at = resume;
    if (k === key) found = v ?? '';
  });
  return found;
}
