// Runs training in a Web Worker (a new one per request, so a stale run can simply be terminated); falls back to the
// main thread where workers are unavailable (tests).
import type { BotDefinition } from '@statecraft/engine';
import type { TrainedLocale, TrainResponse } from './protocol.ts';

export interface TrainOutcome {
  models: TrainedLocale[];
  totalMs: number;
  inWorker: boolean;
}

export interface TrainJob {
  promise: Promise<TrainOutcome>;
  cancel(): void;
}

let nextId = 1;

export function startTraining(def: BotDefinition): TrainJob {
  const id = nextId++;
  if (typeof Worker === 'undefined') {
    let cancelled = false;
    const promise = (async () => {
      const { trainLocales } = await import('./train-core.ts');
      const started = performance.now();
      const models: TrainedLocale[] = [];
      for (const m of trainLocales(def)) {
        if (cancelled) throw new Error('cancelled');
        models.push(m);
        await new Promise((r) => setTimeout(r, 0));
      }
      return { models, totalMs: performance.now() - started, inWorker: false };
    })();
    return { promise, cancel: () => (cancelled = true) };
  }
  const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: 'statecraft-trainer' });
  let reject: (e: Error) => void = () => {};
  const promise = new Promise<TrainOutcome>((resolve, rej) => {
    reject = rej;
    const models: TrainedLocale[] = [];
    worker.onmessage = (event: MessageEvent<TrainResponse>) => {
      const msg = event.data;
      if (msg.id !== id) return;
      if (msg.type === 'model') models.push(msg.model);
      else if (msg.type === 'done') {
        worker.terminate();
        resolve({ models, totalMs: msg.totalMs, inWorker: true });
      } else {
        worker.terminate();
        rej(new Error(msg.message));
      }
    };
    worker.onerror = (e) => {
      worker.terminate();
      rej(new Error(e.message || 'worker failed'));
    };
  });
  worker.postMessage({ id, def });
  return {
    promise,
    cancel: () => {
      worker.terminate();
      reject(new Error('cancelled'));
    },
  };
}
