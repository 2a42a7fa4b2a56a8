// Micro-batching: concurrent turns' classifications go to ONNX Runtime as one batch. A run has a fixed cost (N-API,
// a dozen kernel dispatches) that dwarfs a row of this model: measured with bench/onnx-run.ts on the tickets models,
// one utterance alone costs ~19 µs, each of 16 in one call ~8 µs (featurizing and ranking included).
import type { Classifier, ClassifyContext, ClassifyRequest, IntentScore } from '@statecraft/engine';

interface Pending {
  request: ClassifyRequest;
  resolve: (ranking: IntentScore[]) => void;
  reject: (error: unknown) => void;
}

/** Schedules a flush after the requests already read from sockets have been handled (Node: `setImmediate`). */
export type FlushScheduler = (flush: () => void) => void;

/**
 * Wraps a classifier so that `classify` calls made in the same turn of the event loop are answered by one
 * `classifyMany`. Under light load a call waits only for the current I/O callbacks to finish; under heavy load the
 * batch fills up to `maxBatch` and is sent at once.
 */
export class MicroBatchClassifier<C extends Classifier = Classifier> implements Classifier {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(
    /** The classifier that runs the batches (kept public for in-process measurements of one run). */
    readonly inner: C,
    private readonly maxBatch = 32,
    private readonly schedule: FlushScheduler = (flush) => setImmediate(flush),
  ) {}

  get labels(): readonly string[] {
    return this.inner.labels;
  }

  classify(text: string, context?: ClassifyContext): Promise<IntentScore[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ request: context ? { text, context } : { text }, resolve, reject });
      if (this.queue.length >= this.maxBatch) this.flush();
      else if (!this.scheduled) {
        this.scheduled = true;
        this.schedule(() => this.flush());
      }
    });
  }

  classifyMany(requests: readonly ClassifyRequest[]): Promise<IntentScore[][]> {
    return this.inner.classifyMany(requests);
  }

  /** Releases the wrapped classifier's ONNX session, when it has one. */
  async release(): Promise<void> {
    await (this.inner as { release?: () => Promise<void> }).release?.();
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.inner.classifyMany(batch.map((p) => p.request)).then(
      (rankings) => batch.forEach((p, i) => p.resolve(rankings[i] as IntentScore[])),
      (error: unknown) => batch.forEach((p) => p.reject(error)),
    );
  }
}
