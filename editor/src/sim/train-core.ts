// Trains and exports one bot's intent models, one per locale (shared by the worker and the main-thread fallback).
import { botTrainingExamples, exportIntentModelToOnnx, trainBotModel, type BotDefinition } from '@statecraft/engine';
import type { TrainedLocale } from './protocol.ts';

export function* trainLocales(def: BotDefinition): Generator<TrainedLocale> {
  for (const locale of def.locales) {
    const examples = botTrainingExamples(def, locale).length;
    const { weights, trainMs, finalLoss } = trainBotModel(def, locale);
    const started = performance.now();
    const bytes = exportIntentModelToOnnx(weights);
    yield { locale, bytes, trainMs, exportMs: performance.now() - started, examples, finalLoss };
  }
}
