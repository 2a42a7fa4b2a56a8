// Loads bots from the flows directory: validate, compile, train each locale's model, open it in ONNX Runtime.
import { compileBot, exportIntentModelToOnnx, trainBotModel, type Classifier, type CompiledBot, type Locale } from '@statecraft/engine';
import { listBots, readBot } from '@statecraft/flows';
import { openOnnxClassifier } from './onnx-node.ts';

/** One loaded bot version: its compiled machine and one ONNX classifier per locale. */
export interface BotRuntime {
  bot: CompiledBot;
  classifiers: Partial<Record<Locale, Classifier>>;
}

/** Builds the runtime for one bot definition: compile (throws on an invalid flow), then train and load per locale. */
export async function loadBotRuntime(raw: unknown, options: { timeZone?: string } = {}): Promise<BotRuntime> {
  const withZone = options.timeZone && typeof raw === 'object' && raw !== null ? { ...raw, timeZone: options.timeZone } : raw;
  const bot = compileBot(withZone as never);
  const classifiers: Partial<Record<Locale, Classifier>> = {};
  for (const locale of bot.def.locales) {
    const trained = trainBotModel(bot.def, locale);
    const onnx = exportIntentModelToOnnx(trained.weights);
    classifiers[locale] = await openOnnxClassifier(onnx);
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

  get(name: string): BotRuntime | undefined {
    return this.bots.get(name);
  }

  names(): string[] {
    return [...this.bots.keys()];
  }
}
