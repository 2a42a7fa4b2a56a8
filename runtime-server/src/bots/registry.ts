// Loads bots from the flows directory: validate, compile, train each locale's model, open it in ONNX Runtime.
import * as ort from 'onnxruntime-node';
import {
  compileBot, exportIntentModelToOnnx, OnnxClassifier, trainBotModel,
  type Classifier, type CompiledBot, type Locale, type OrtLike,
} from '@statecraft/engine';
import { listBots, readBot } from '@statecraft/flows';

export interface LocaleModel {
  classifier: Classifier;
  onnx: Uint8Array;
  trainMs: number;
}

/** One loaded bot version: its compiled machine and one ONNX classifier per locale. */
export interface BotRuntime {
  bot: CompiledBot;
  models: Partial<Record<Locale, LocaleModel>>;
  classifiers: Partial<Record<Locale, Classifier>>;
}

// Tiny models: one thread per session avoids thread-pool hand-offs that cost more than the math.
const SESSION_OPTIONS = { intraOpNumThreads: 1, interOpNumThreads: 1, graphOptimizationLevel: 'all' };

/** Builds the runtime for one bot definition: compile (throws on an invalid flow), then train and load per locale. */
export async function loadBotRuntime(raw: unknown, options: { timeZone?: string } = {}): Promise<BotRuntime> {
  const withZone = options.timeZone && typeof raw === 'object' && raw !== null ? { ...raw, timeZone: options.timeZone } : raw;
  const bot = compileBot(withZone as never);
  const models: Partial<Record<Locale, LocaleModel>> = {};
  const classifiers: Partial<Record<Locale, Classifier>> = {};
  for (const locale of bot.def.locales) {
    const trained = trainBotModel(bot.def, locale);
    const onnx = exportIntentModelToOnnx(trained.weights);
    const classifier = await OnnxClassifier.create(ort as unknown as OrtLike, onnx, SESSION_OPTIONS);
    models[locale] = { classifier, onnx, trainMs: trained.trainMs };
    classifiers[locale] = classifier;
  }
  return { bot, models, classifiers };
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

  get(name: string): BotRuntime | undefined {
    return this.bots.get(name);
  }

  names(): string[] {
    return [...this.bots.keys()];
  }
}
