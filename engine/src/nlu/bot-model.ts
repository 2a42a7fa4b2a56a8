// Trains a bot's intent model for one locale from the examples in its flow.
import type { BotDefinition } from '../flow/schema.ts';
import type { Locale } from '../locale.ts';
import { trainIntentModel, type TrainingExample, type TrainOptions, type TrainResult } from './train.ts';

/** A bot's training examples for one locale, context examples included. */
export function botTrainingExamples(def: BotDefinition, locale: Locale): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [intent, spec] of Object.entries(def.intents)) {
    for (const text of spec.examples[locale] ?? []) out.push({ text, intent });
    for (const c of spec.contextExamples ?? []) {
      if (c.locale === locale) out.push({ text: c.text, intent, context: { state: c.state ?? null, prevIntent: c.prevIntent ?? null } });
    }
  }
  return out;
}

/** Training options a bot asks for (its `nlu.model`), with explicit overrides on top. */
export function botTrainOptions(def: BotDefinition, overrides: TrainOptions = {}): TrainOptions {
  const m = def.nlu.model;
  return {
    ...(m.hidden !== undefined ? { hidden: m.hidden } : {}),
    ...(m.epochs !== undefined ? { epochs: m.epochs } : {}),
    ...(m.seed !== undefined ? { seed: m.seed } : {}),
    ...overrides,
    featurizer: { ...(m.buckets !== undefined ? { buckets: m.buckets } : {}), ...overrides.featurizer },
  };
}

export function trainBotModel(def: BotDefinition, locale: Locale, overrides: TrainOptions = {}): TrainResult {
  return trainIntentModel(botTrainingExamples(def, locale), botTrainOptions(def, overrides));
}
