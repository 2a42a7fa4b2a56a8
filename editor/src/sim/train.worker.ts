// Web Worker that trains the exact full models of one edit, off the main thread. One per edit: a newer edit
// terminates it (training is synchronous, so that is the only way to stop it).
/// <reference lib="webworker" />
import type { FullRequest, FullResponse } from './protocol.ts';
import { trainFull } from './train-core.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<FullRequest>) => {
  const started = performance.now();
  const post = (msg: FullResponse) => scope.postMessage(msg);
  try {
    for (const job of event.data.jobs) post({ type: 'model', ...trainFull(job) });
    post({ type: 'done', totalMs: performance.now() - started });
  } catch (error) {
    post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
