// Messages between the editor and its training worker.
import type { BotDefinition, Locale } from '@statecraft/engine';

export interface TrainRequest {
  id: number;
  def: BotDefinition;
}

export interface TrainedLocale {
  locale: Locale;
  /** The exported ONNX model. */
  bytes: Uint8Array;
  trainMs: number;
  exportMs: number;
  examples: number;
  finalLoss: number;
}

export type TrainResponse =
  | { id: number; type: 'model'; model: TrainedLocale }
  | { id: number; type: 'done'; totalMs: number }
  | { id: number; type: 'error'; message: string };
