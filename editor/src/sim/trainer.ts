// Retrains the simulator's models after an edit, in two steps (train-core.ts): `quick` answers at once from the
// long-lived quick worker (cached full models, fine-tunes), then `full` trains the exact models of the other locales
// in workers of their own, which `cancel()` terminates when a newer edit comes. Falls back to the main thread where
// workers are unavailable (unit tests).
import type { BotDefinition } from '@statecraft/engine';
import type { FullJob, FullRequest, FullResponse, LocaleUpdate, QuickRequest, QuickResponse, TrainedLocale } from './protocol.ts';
import { ModelMemory, trainFull } from './train-core.ts';

export interface QuickOutcome {
  locales: LocaleUpdate[];
  totalMs: number;
}

export interface FullOutcome {
  /** Full models of the locales the quick step could not take from the cache; empty when it took them all. */
  models: TrainedLocale[];
  totalMs: number;
}

export interface Retrain {
  quick: Promise<QuickOutcome>;
  /** Settles after `quick`. */
  full: Promise<FullOutcome>;
  cancel(): void;
}

const cancelled = () => new Error('cancelled');
export const isCancelled = (e: unknown) => e instanceof Error && e.message === 'cancelled';

let nextId = 1;
/** Quick updates run one at a time, so a queued one that was cancelled meanwhile is never sent. */
let queue: Promise<unknown> = Promise.resolve();
let quickWorker: { worker: Worker; waiting: Map<number, (msg: QuickResponse) => void> } | null = null;
let mainThreadMemory: ModelMemory | null = null;

function quickChannel() {
  if (quickWorker) return quickWorker;
  const worker = new Worker(new URL('./quick.worker.ts', import.meta.url), { type: 'module', name: 'statecraft-quick-trainer' });
  const waiting = new Map<number, (msg: QuickResponse) => void>();
  worker.onmessage = (event: MessageEvent<QuickResponse>) => {
    waiting.get(event.data.id)?.(event.data);
    waiting.delete(event.data.id);
  };
  worker.onerror = (e) => {
    for (const done of waiting.values()) done({ id: 0, type: 'error', message: e.message || 'worker failed' });
    waiting.clear();
    worker.terminate();
    quickWorker = null;
  };
  quickWorker = { worker, waiting };
  return quickWorker;
}

function askQuick(def: BotDefinition): Promise<QuickOutcome> {
  if (typeof Worker === 'undefined') {
    mainThreadMemory ??= new ModelMemory();
    const memory = mainThreadMemory;
    const started = performance.now();
    return memory.update(def).then((locales) => ({ locales, totalMs: performance.now() - started }));
  }
  const channel = quickChannel();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    channel.waiting.set(id, (msg) => (msg.type === 'update' ? resolve(msg) : reject(new Error(msg.message))));
    channel.worker.postMessage({ id, type: 'update', def } satisfies QuickRequest);
  });
}

/**
 * Trains the full models of `jobs`, one worker per locale (locales are independent, so in parallel they give the
 * same models sooner), handing each to the quick side's memory as it comes.
 */
function trainFullModels(jobs: FullJob[], isStale: () => boolean, onWorker: (w: Worker) => void): Promise<FullOutcome> {
  const started = performance.now();
  if (typeof Worker === 'undefined') {
    return (async () => {
      const models: TrainedLocale[] = [];
      for (const job of jobs) {
        await new Promise((r) => setTimeout(r, 0));
        if (isStale()) throw cancelled();
        const { full, model } = trainFull(job);
        mainThreadMemory?.remember(full);
        models.push(model);
      }
      return { models, totalMs: performance.now() - started };
    })();
  }
  const one = (job: FullJob) =>
    new Promise<TrainedLocale>((resolve, reject) => {
      const worker = new Worker(new URL('./train.worker.ts', import.meta.url), { type: 'module', name: `statecraft-trainer-${job.locale}` });
      onWorker(worker);
      worker.onmessage = (event: MessageEvent<FullResponse>) => {
        const msg = event.data;
        if (isStale()) return;
        if (msg.type === 'model') {
          quickChannel().worker.postMessage({ id: 0, type: 'remember', full: msg.full } satisfies QuickRequest);
          worker.terminate();
          resolve(msg.model);
        } else if (msg.type === 'error') {
          worker.terminate();
          reject(new Error(msg.message));
        }
      };
      worker.onerror = (e) => {
        worker.terminate();
        reject(new Error(e.message || 'worker failed'));
      };
      worker.postMessage({ jobs: [job] } satisfies FullRequest);
    });
  return Promise.all(jobs.map(one)).then((models) => ({ models, totalMs: performance.now() - started }));
}

/** Starts retraining `def`'s models; `cancel()` when a newer edit makes it stale. */
export function startRetrain(def: BotDefinition): Retrain {
  let stale = false;
  const fullWorkers: Worker[] = [];
  let rejectAll: (e: Error) => void = () => {};
  const gate = new Promise<never>((_, reject) => (rejectAll = reject));
  gate.catch(() => {});
  const guarded = <T>(p: Promise<T>) => Promise.race([p, gate]);

  const quick = guarded(
    (queue = queue.catch(() => {}).then(() => {
      if (stale) throw cancelled();
      return askQuick(def);
    })) as Promise<QuickOutcome>,
  );
  const full = quick.then((q) => {
    const jobs = q.locales.flatMap((l) => (l.kind === 'full' ? [] : [l.job]));
    if (!jobs.length) return { models: [], totalMs: 0 };
    return guarded(trainFullModels(jobs, () => stale, (w) => fullWorkers.push(w)));
  });
  quick.catch(() => {});
  full.catch(() => {});
  return {
    quick,
    full,
    cancel: () => {
      stale = true;
      for (const w of fullWorkers) w.terminate();
      rejectAll(cancelled());
    },
  };
}
