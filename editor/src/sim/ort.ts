// ONNX Runtime Web, set up for the editor: the wasm build only, single-threaded, its .wasm served by Vite from
// node_modules/onnxruntime-web/dist (emitted as an asset under /editor/assets/ in the build).
import { OnnxClassifier, type OrtLike } from '@statecraft/engine';
import * as ort from 'onnxruntime-web/wasm';
import wasmUrl from 'onnxruntime-web/ort-wasm-simd-threaded.wasm?url';

ort.env.wasm.wasmPaths = { wasm: wasmUrl };
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;

export function createClassifier(bytes: Uint8Array): Promise<OnnxClassifier> {
  return OnnxClassifier.create(ort as unknown as OrtLike, bytes, { executionProviders: ['wasm'] });
}
