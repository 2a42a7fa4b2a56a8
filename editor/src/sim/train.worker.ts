// Web Worker: trains the bot's intent models off the main thread, so the editor stays responsive.
/// <reference lib="webworker" />
import type { TrainRequest, TrainResponse } from './protocol.ts';
import { trainLocales } from './train-core.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<TrainRequest>) => {
  const { id, def } = event.data;
  const started = performance.now();
  const post = (msg: TrainResponse, transfer: Transferable[] = []) => scope.postMessage(msg, transfer);
  try {
    for (const model of trainLocales(def)) post({ id, type: 'model', model }, [model.bytes.buffer]);
    post({ id, type: 'done', totalMs: performance.now() - started });
  } catch (error) {
    post({ id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
