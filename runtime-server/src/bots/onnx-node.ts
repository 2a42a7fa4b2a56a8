// Opens an exported intent model in onnxruntime-node: the one place the server, eval and train choose session options.
import * as ort from 'onnxruntime-node';
import { OnnxClassifier, type OrtLike } from '@statecraft/engine';

// Tiny models: one thread per session avoids thread-pool hand-offs that cost more than the math.
const SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

export function openOnnxClassifier(model: Uint8Array): Promise<OnnxClassifier> {
  return OnnxClassifier.create(ort as unknown as OrtLike, model, SESSION_OPTIONS);
}
