// Loads bots from the flows directory: validate, compile, train each locale's model, open it in ONNX Runtime.
import {
  compileBot, exportIntentModelToOnnx, extractEntities, newSession, runTurn, trainBotModel, type Classifier, type CompiledBot, type Locale,
} from '@statecraft/engine';
import { listBots, readBot } from '@statecraft/flows';
import { MicroBatchClassifier } from './micro-batch.ts';
import { modelsThroughCache, type ModelCache } from './model-cache.ts';
import { openOnnxClassifier } from './onnx-node.ts';
import { trainModelsInWorker } from './worker-training.ts';

/** One loaded bot version: its compiled machine and one ONNX classifier per locale (micro-batched, see micro-batch.ts). */
export interface BotRuntime {
  bot: CompiledBot;
  classifiers: Partial<Record<Locale, Classifier>>;
}

export interface LoadOptions {
  /** Overrides the bot's time zone (the server's `TZ`). */
  timeZone?: string | undefined;
  /** Where trained models are kept between runs (`MODEL_CACHE_DIR`); without one every load trains. */
  modelCache?: ModelCache | undefined;
}

/** Builds the runtime for one bot definition: compile (throws on an invalid flow), then train and load per locale. */
export async function loadBotRuntime(raw: unknown, options: LoadOptions = {}): Promise<BotRuntime> {
  const bot = compileBot(withTimeZone(raw, options.timeZone) as never);
  return openRuntime(bot, options.modelCache, async (locales) =>
    Object.fromEntries(locales.map((locale) => [locale, exportIntentModelToOnnx(trainBotModel(bot.def, locale).weights)])),
  );
}

/**
 * Same result as `loadBotRuntime`, but the training and ONNX export (the seconds-long part) run in a worker thread, so
 * the event loop keeps serving requests meanwhile. Compiling (milliseconds) and opening the models in ONNX Runtime
 * happen here, on the main thread, where the sessions will be used.
 */
export async function loadBotRuntimeInWorker(raw: unknown, options: LoadOptions = {}): Promise<BotRuntime> {
  const bot = compileBot(withTimeZone(raw, options.timeZone) as never);
  return openRuntime(bot, options.modelCache, (locales) => trainModelsInWorker(bot.def, { locales }));
}

type Train = (locales: Locale[]) => Promise<Partial<Record<Locale, Uint8Array>>>;

/**
 * Opens each locale's model, cached or trained, then warms the runtime up. A cached model ONNX Runtime will not open
 * (a file damaged on disk) is trained again and replaces it.
 */
async function openRuntime(bot: CompiledBot, cache: ModelCache | undefined, train: Train): Promise<BotRuntime> {
  const open = async (models: Partial<Record<Locale, Uint8Array>>) => {
    const classifiers: Partial<Record<Locale, Classifier>> = {};
    for (const locale of bot.def.locales) {
      const onnx = models[locale];
      if (!onnx) throw new Error(`no model was trained for ${locale}`);
      classifiers[locale] = new MicroBatchClassifier(await openOnnxClassifier(onnx));
    }
    return classifiers;
  };
  const { models, trained } = await modelsThroughCache(bot.def, cache, train);
  let classifiers: Partial<Record<Locale, Classifier>>;
  try {
    classifiers = await open(models);
  } catch (error) {
    if (!cache || trained.length === bot.def.locales.length) throw error; // nothing came from the cache
    const writeOnly: ModelCache = { get: async () => null, put: (key, model) => cache.put(key, model) };
    classifiers = await open((await modelsThroughCache(bot.def, writeOnly, train)).models);
  }
  const runtime = { bot, classifiers };
  await warmUp(runtime);
  return runtime;
}

/** Turns per locale a freshly loaded runtime runs before it serves (see `warmUp`). */
export const WARM_UP_TURNS = 120;

/**
 * Runs the bot's own examples through whole turns (slots, classifier, machine, reply) in a throwaway session, so the
 * code on a turn's path is compiled and the ONNX sessions have run before the first user arrives. A server that trained
 * its models at start got this from training; one that opened them from the model cache answered its first second of
 * traffic several times slower (in the Redis-fault test, 15-21 requests of an open-loop probe piled up instead of 5-7).
 * Nothing leaves the session: its effects are never carried out and it is never stored.
 */
async function warmUp(runtime: BotRuntime, turns = WARM_UP_TURNS): Promise<void> {
  const deps = { classifiers: runtime.classifiers, extractEntities };
  const now = new Date();
  for (const locale of runtime.bot.def.locales) {
    // Round-robin over the intents, so the conversation moves through the flow's states instead of repeating one event.
    const lists = Object.values(runtime.bot.def.intents).map((i) => i.examples[locale] ?? []);
    const texts: string[] = [];
    for (let i = 0; texts.length < turns && lists.some((l) => i < l.length); i++)
      for (const list of lists) if (i < list.length && texts.length < turns) texts.push(list[i] as string);
    let session = newSession();
    for (const [n, text] of texts.entries())
      session = (await runTurn(runtime.bot, session, { text, locale, now, newOrderId: `warm-up-${n}` }, deps)).session;
  }
}

function withTimeZone(raw: unknown, timeZone: string | undefined): unknown {
  return timeZone && typeof raw === 'object' && raw !== null ? { ...raw, timeZone } : raw;
}

export class BotRegistry {
  private constructor(private readonly bots: Map<string, BotRuntime>) {}

  static async load(botsDir: string, options: LoadOptions = {}): Promise<BotRegistry> {
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
