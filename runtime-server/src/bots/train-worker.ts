// Worker thread entry: trains a bot's intent model for each locale and exports it to ONNX, off the main thread, so
// the server keeps answering chat requests while a published flow is being built. Bundled as dist/train-worker.js.
import { parentPort, workerData } from 'node:worker_threads';
import { exportIntentModelToOnnx, trainBotModel, type BotDefinition, type Locale } from '@statecraft/engine';

export interface TrainRequest {
  /** A definition that already passed `compileBot` on the main thread (parsed, defaults filled in). */
  def: BotDefinition;
  /** The locales to train (default: all of the bot's); the others' models came from the model cache. */
  locales?: Locale[];
}

export type TrainReply =
  | { ok: true; models: { locale: Locale; onnx: Uint8Array }[]; trainMs: number }
  | { ok: false; message: string };

function run(request: TrainRequest): { reply: TrainReply; transfer: ArrayBuffer[] } {
  const started = performance.now();
  const models: { locale: Locale; onnx: Uint8Array }[] = [];
  for (const locale of request.locales ?? request.def.locales) {
    const trained = trainBotModel(request.def, locale);
    models.push({ locale, onnx: exportIntentModelToOnnx(trained.weights) });
  }
  // Hand the bytes over instead of copying them, when each array owns its whole buffer.
  const transfer = models
    .map((m) => m.onnx)
    .filter((b) => b.byteOffset === 0 && b.byteLength === b.buffer.byteLength && b.buffer instanceof ArrayBuffer)
    .map((b) => b.buffer as ArrayBuffer);
  return { reply: { ok: true, models, trainMs: Math.round(performance.now() - started) }, transfer: [...new Set(transfer)] };
}

if (parentPort) {
  try {
    const { reply, transfer } = run(workerData as TrainRequest);
    parentPort.postMessage(reply, transfer);
  } catch (error) {
    parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) } satisfies TrainReply);
  }
}
