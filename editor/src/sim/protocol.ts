// Messages between the editor and its training workers: a long-lived one that answers an edit at once (cached or
// fine-tuned models, see train-core.ts) and a disposable one per edit that trains the exact full models.
import type { BotDefinition, IntentModelWeights, Locale, TrainingExample, TrainOptions } from '@statecraft/engine';

export interface TrainedLocale {
  locale: Locale;
  /** The exported ONNX model. */
  bytes: Uint8Array;
  trainMs: number;
  exportMs: number;
  examples: number;
  finalLoss: number;
}

/** What the full trainer needs for one locale: the masked examples and the options (what `trainBotModel` uses). */
export interface FullJob {
  key: string;
  bot: string;
  locale: Locale;
  examples: TrainingExample[];
  options: TrainOptions;
}

/** One locale's answer to an edit. */
export type LocaleUpdate =
  | { locale: Locale; key: string; kind: 'full'; model: TrainedLocale; cached: true; lookupMs: number }
  | { locale: Locale; key: string; kind: 'quick'; model: TrainedLocale; added: number; job: FullJob }
  | { locale: Locale; key: string; kind: 'none'; job: FullJob };

/** A full model as kept between edits: its weights (the base of the next fine-tune), ONNX bytes and examples. */
export interface FullModel {
  key: string;
  /** The bot's id: a fine-tune after a reload starts from this bot's last model, not another's. */
  bot: string;
  locale: Locale;
  weights: IntentModelWeights;
  bytes: Uint8Array;
  examples: TrainingExample[];
  trainMs: number;
}

export type QuickRequest =
  | { id: number; type: 'update'; def: BotDefinition }
  | { id: number; type: 'remember'; full: FullModel };

export type QuickResponse =
  | { id: number; type: 'update'; locales: LocaleUpdate[]; totalMs: number }
  | { id: number; type: 'error'; message: string };

export interface FullRequest {
  jobs: FullJob[];
}

export type FullResponse =
  | { type: 'model'; full: FullModel; model: TrainedLocale }
  | { type: 'done'; totalMs: number }
  | { type: 'error'; message: string };
