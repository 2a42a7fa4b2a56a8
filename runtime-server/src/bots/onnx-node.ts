// Opens an exported intent model in onnxruntime-node: the one place the server, eval and train choose session options.
import * as ort from 'onnxruntime-node';
import { binding, initOrt } from 'onnxruntime-node/dist/binding.js';
import { OnnxClassifier, type OrtLike, type OrtSessionLike, type OrtTensorLike } from '@statecraft/engine/nlu';

// Tiny models: one thread per session avoids thread-pool hand-offs that cost more than the math.
export const SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

/**
 * onnxruntime-node's `InferenceSession` wraps a native session that runs synchronously on the calling thread
 * (`dist/binding`: "a simple synchronized inference session object wrap"). Its public `run()` checks and re-wraps
 * feeds and results in JS and then defers the native run to `setImmediate`, which buys no concurrency (the run still
 * blocks this thread) and, measured here on a SMP2017 model, takes one run from 13 µs to 28 µs. The server's
 * micro-batcher already waits for the event loop's I/O before it runs a batch, so this opens the native session
 * directly: the same ONNX Runtime, the same session options and kernels, the same Tensor class for inputs and results.
 * `onnx-node.test.ts` pins it to the public API's output, bit for bit, so a version that changes the binding fails there.
 */
const directOrt: OrtLike = {
  Tensor: ort.Tensor as unknown as OrtLike['Tensor'],
  InferenceSession: {
    async create(model: Uint8Array, options: Record<string, unknown> = {}): Promise<OrtSessionLike> {
      initOrt(); // once per process; the public API calls it the same way
      const session = new binding.InferenceSession();
      session.loadModel(model.buffer as ArrayBuffer, model.byteOffset, model.byteLength, options);
      // Every output, allocated by ONNX Runtime (null), as the public API asks for them when no fetches are given.
      const fetches = Object.fromEntries(session.outputMetadata.map((m) => [m.name, null]));
      return {
        run(feeds) {
          try {
            return Promise.resolve(session.run(feeds as never, fetches, {}) as Record<string, OrtTensorLike>);
          } catch (error) {
            return Promise.reject(error);
          }
        },
        async release() {
          session.dispose();
        },
      };
    },
  },
};

export function openOnnxClassifier(model: Uint8Array): Promise<OnnxClassifier> {
  return OnnxClassifier.create(directOrt, model, SESSION_OPTIONS);
}
