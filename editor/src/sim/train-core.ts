// Training the bot's intent models for the simulator, one per locale, in two speeds:
//   quick  fine-tune the last model of that locale with the edit (a couple of epochs, engine/src/nlu/fine-tune.ts);
//   full   the exact model the server trains (same examples, same options, same seed), which replaces the quick one.
// A `ModelMemory` keeps what makes the quick path quick: masked example texts (finding entities is slow), the last
// model per locale as the base of the next fine-tune, and full models by training key, so undoing an edit (or
// reloading the page, see model-store.ts) brings back the exact model without training.
import {
  botTrainingExamples, botTrainOptions, classifierText, contentHash, exportIntentModelToOnnx, fineTuneIntentModel, trainIntentModel,
  type BotDefinition, type IntentModelWeights, type Locale, type TrainingExample, type TrainOptions,
} from '@statecraft/engine';
import type { FullJob, FullModel, LocaleUpdate, TrainedLocale } from './protocol.ts';

/** Where full models outlive the worker (IndexedDB in the browser); optional. */
export interface FullModelStore {
  get(key: string): Promise<FullModel | undefined>;
  /** The most recently stored full model of a bot's locale, for a fine-tune base after a reload. */
  latest(bot: string, locale: Locale): Promise<FullModel | undefined>;
  put(model: FullModel): Promise<void>;
}

const KEEP_FULL = 8;

/** Identifies a full model: the examples as the classifier sees them and the training options. */
export function localeTrainingKey(locale: Locale, examples: readonly TrainingExample[], options: TrainOptions): string {
  return `${locale}:${contentHash(JSON.stringify([examples, options]))}`;
}

export class ModelMemory {
  private readonly masked = new Map<string, string>();
  private readonly full = new Map<string, FullModel>();
  /** The model each locale's next fine-tune starts from: a full model, or the quick model of the previous edit. */
  private readonly base = new Map<string, { weights: IntentModelWeights; examples: TrainingExample[] }>();

  constructor(private readonly store?: FullModelStore) {}

  /** The locale's examples as `botTrainingExamples` gives them, with each text masked once per session. */
  examples(def: BotDefinition, locale: Locale): TrainingExample[] {
    return botTrainingExamples(def, locale, (text) => {
      const key = `${def.timeZone}\u0000${locale}\u0000${text}`;
      let out = this.masked.get(key);
      if (out === undefined) {
        out = classifierText(def, locale, text);
        this.masked.set(key, out);
      }
      return out;
    });
  }

  /**
   * For every locale: the exact full model when one is known for its key (no training), else a fine-tune of the
   * locale's last model (`quick`), else nothing yet (`none`: the first training of a locale). Locales that are not
   * `full` come with the job the full trainer needs.
   */
  async update(def: BotDefinition): Promise<LocaleUpdate[]> {
    const options = botTrainOptions(def);
    const out: LocaleUpdate[] = [];
    for (const locale of def.locales) {
      const started = performance.now();
      const examples = this.examples(def, locale);
      const key = localeTrainingKey(locale, examples, options);
      const known = this.full.get(key) ?? (await this.store?.get(key).catch(() => undefined));
      if (known) {
        this.remember(known, false);
        const model: TrainedLocale = { locale, bytes: known.bytes.slice(), trainMs: known.trainMs, exportMs: 0, examples: examples.length, finalLoss: NaN };
        out.push({ locale, key, kind: 'full', model, cached: true, lookupMs: performance.now() - started });
        continue;
      }
      const job: FullJob = { key, bot: def.id, locale, examples, options };
      const base = this.base.get(`${def.id}:${locale}`) ?? (await this.store?.latest(def.id, locale).catch(() => undefined));
      const tuned = base ? fineTune(base, examples, options) : null;
      if (!tuned) {
        out.push({ locale, key, kind: 'none', job });
        continue;
      }
      const exported = performance.now();
      const bytes = exportIntentModelToOnnx(tuned.weights);
      this.base.set(`${def.id}:${locale}`, { weights: tuned.weights, examples });
      const model: TrainedLocale = {
        locale, bytes, trainMs: tuned.trainMs, exportMs: performance.now() - exported, examples: examples.length, finalLoss: tuned.finalLoss,
      };
      out.push({ locale, key, kind: 'quick', model, added: tuned.added, job });
    }
    return out;
  }

  /** Keeps a full model (from the full trainer, or found again) as its locale's base and under its key. */
  remember(model: FullModel, persist = true): void {
    this.base.set(`${model.bot}:${model.locale}`, { weights: model.weights, examples: model.examples });
    this.full.delete(model.key);
    this.full.set(model.key, model);
    while (this.full.size > KEEP_FULL) this.full.delete(this.full.keys().next().value as string);
    if (persist) void this.store?.put(model).catch(() => undefined);
  }
}

/** Null when the base cannot be fine-tuned into the new model (another featurizer or width, a linear model). */
function fineTune(base: { weights: IntentModelWeights; examples: TrainingExample[] }, examples: TrainingExample[], options: TrainOptions) {
  try {
    return fineTuneIntentModel(base.weights, base.examples, examples, options);
  } catch {
    return null;
  }
}

/** The exact model of one locale, as the server trains it (`trainBotModel`), from the already masked examples. */
export function trainFull(job: FullJob): { full: FullModel; model: TrainedLocale } {
  const { weights, trainMs, finalLoss } = trainIntentModel(job.examples, job.options);
  const started = performance.now();
  const bytes = exportIntentModelToOnnx(weights);
  const exportMs = performance.now() - started;
  return {
    full: { key: job.key, bot: job.bot, locale: job.locale, weights, bytes, examples: job.examples, trainMs },
    model: { locale: job.locale, bytes, trainMs, exportMs, examples: job.examples.length, finalLoss },
  };
}
