// Loads bots from the flows directory: validate, compile, train each locale's model, open it in ONNX Runtime.
import { compileBot, exportIntentModelToOnnx, trainBotModel, type Classifier, type CompiledBot, type Locale } from '@statecraft/engine';
import { listBots, readBot } from '@statecraft/flows';
import { MicroBatchClassifier } from './micro-batch.ts';
import { openOnnxClassifier } from './onnx-node.ts';
import { trainModelsInWorker } from './worker-training.ts';

/** One loaded bot version: its compiled machine and one ONNX classifier per locale (micro-batched, see micro-batch.ts). */
export interface BotRuntime {
  bot: CompiledBot;
  classifiers: Partial<Record<Locale, Classifier>>;
}

/** Builds the runtime for one bot definition: compile (throws on an invalid flow), then train and load per locale. */
export async function loadBotRuntime(raw: unknown, options: { timeZone?: string } = {}): Promise<BotRuntime> {
  const bot = compileBot(withTimeZone(raw, options.timeZone) as never);
  const classifiers: Partial<Record<Locale, Classifier>> = {};
  for (const locale of bot.def.locales) {
    const trained = trainBotModel(bot.def, locale);
    const onnx = exportIntentModelToOnnx(trained.weights);
    classifiers[locale] = new MicroBatchClassifier(await openOnnxClassifier(onnx));
  }
  return { bot, classifiers };
}

function withTimeZone(raw: unknown, timeZone: string | undefined): unknown {
  return timeZone && typeof raw === 'object' && raw !== null ? { ...raw, timeZone } : raw;
}

/**
 * Same result as `loadBotRuntime`, but the training and ONNX export (the seconds-long part) run in a worker thread, so
 * the event loop keeps serving requests meanwhile. Compiling (milliseconds) and opening the models in ONNX Runtime
 * happen here, on the main thread, where the sessions will be used.
 */
export async function loadBotRuntimeInWorker(raw: unknown, options: { timeZone?: string } = {}): Promise<BotRuntime> {
  const bot = compileBot(withTimeZone(raw, options.timeZone) as never);
  const models = await trainModelsInWorker(bot.def);
  const classifiers: Partial<Record<Locale, Classifier>> = {};
  for (const locale of bot.def.locales) {
    const onnx = models[locale];
    if (!onnx) throw new Error(`training worker returned no model for ${locale}`);
    classifiers[locale] = new MicroBatchClassifier(await openOnnxClassifier(onnx));
  }
  return { bot, classifiers };
}

export class BotRegistry {
  private constructor(private readonly bots: Map<string, BotRuntime>) {}

  static async load(botsDir: string, options: { timeZone?: string } = {}): Promise<BotRegistry> {
    const names = await listBots(botsDir);
    if (names.length === 0) throw new Error(`no bots found in ${botsDir}`);
    const bots = new Map<string, BotRuntime>();
    for (const name of names) bots.set(name, await loadBotRuntime(await readBot(name, botsDir), options));
    return new BotRegistry(bots);
  }

  static of(runtimes: BotRuntime[]): BotRegistry {
    return new BotRegistry(new Map(runtimes.map((r) => [r.bot.def.id, r])));
  }

  /** A registry keyed by the given names (the bot repository's names, which the API keeps equal to the ids). */
  static fromEntries(entries: Iterable<[string, BotRuntime]>): BotRegistry {
    return new BotRegistry(new Map(entries));
  }

  get(name: string): BotRuntime | undefined {
    return this.bots.get(name);
  }

  names(): string[] {
    return [...this.bots.keys()];
  }

  /**
   * Puts a (new version of a) bot in service and returns the runtime it replaces. One synchronous Map write: a chat
   * request sees either the old runtime or the new one, never a mix, and a turn already running keeps the runtime it
   * started with.
   */
  set(name: string, runtime: BotRuntime): BotRuntime | undefined {
    const previous = this.bots.get(name);
    this.bots.set(name, runtime);
    return previous;
  }
}
