// Trains a bot's intent model for one locale from the examples in its flow.
import type { BotDefinition } from '../flow/schema.ts';
import type { Locale } from '../locale.ts';
import { extractEntities } from '../slots/index.ts';
import { maskEntities } from './mask.ts';
import { trainIntentModel, type TrainingExample, type TrainOptions, type TrainResult } from './train.ts';

// Entities are found in examples the way they are found in live turns; the clock only moves dates, not what is one.
const REFERENCE_NOW = new Date('2026-01-01T00:00:00Z');

/** The text the classifier sees: slot values replaced by placeholders (see `maskEntities`). Same in training and turns. */
export function classifierText(def: BotDefinition, locale: Locale, text: string, entities = extractEntities(text, {
  locale, now: REFERENCE_NOW, timeZone: def.timeZone, expecting: null,
})): string {
  return maskEntities(text, entities);
}

/**
 * A bot's training examples for one locale, context examples included, as the classifier sees them (masked).
 * `mask` defaults to `classifierText`; the editor passes a memoised one, since finding entities is most of the cost.
 */
export function botTrainingExamples(
  def: BotDefinition, locale: Locale, mask: (text: string) => string = (text) => classifierText(def, locale, text),
): TrainingExample[] {
  const out: TrainingExample[] = [];
  for (const [intent, spec] of Object.entries(def.intents)) {
    for (const text of spec.examples[locale] ?? []) out.push({ text: mask(text), intent });
    for (const c of spec.contextExamples ?? []) {
      if (c.locale !== locale) continue;
      out.push({ text: mask(c.text), intent, context: { state: c.state ?? null, prevIntent: c.prevIntent ?? null } });
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
    ...(m.hiddenDropout !== undefined ? { hiddenDropout: m.hiddenDropout } : {}),
    ...(m.members !== undefined ? { members: m.members } : {}),
    ...(m.averageLastEpochs !== undefined ? { averageLastEpochs: m.averageLastEpochs } : {}),
    ...overrides,
    featurizer: {
      ...(m.buckets !== undefined ? { buckets: m.buckets } : {}),
      ...(m.charNgrams ? { charNgrams: m.charNgrams } : {}),
      ...(m.wordNgrams ? { wordNgrams: m.wordNgrams } : {}),
      ...overrides.featurizer,
    },
  };
}

export function trainBotModel(def: BotDefinition, locale: Locale, overrides: TrainOptions = {}): TrainResult {
  return trainIntentModel(botTrainingExamples(def, locale), botTrainOptions(def, overrides));
}
