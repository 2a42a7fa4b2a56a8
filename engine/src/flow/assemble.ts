// Puts a bot together from its flow document and its per-locale training files (flows/<bot>/nlu/<locale>.json).
import * as z from 'zod';
import { LOCALES } from '../locale.ts';

const ContextExample = z.strictObject({ text: z.string(), state: z.string().optional(), prevIntent: z.string().optional() });

export const NluDocumentSchema = z.strictObject({
  locale: z.enum(LOCALES),
  intents: z.record(z.string(), z.array(z.string())),
  /** Examples that mean their intent only in a state ("改到明天" inside a booking edits the draft: `inform`). */
  contextExamples: z.record(z.string(), z.array(ContextExample)).optional(),
});
export type NluDocument = z.infer<typeof NluDocumentSchema>;

/**
 * Merges training examples into the flow's intents. An intent that appears in a training file but not in the flow
 * is added, so a new intent needs no edit to the flow document until a transition uses it.
 */
export function assembleBot(flow: unknown, nluDocuments: readonly unknown[]): unknown {
  if (typeof flow !== 'object' || flow === null) return flow; // let the schema report it
  const bot = structuredClone(flow) as {
    intents?: Record<string, { examples?: Record<string, string[]>; contextExamples?: (z.infer<typeof ContextExample> & { locale: string })[] }>;
  };
  bot.intents ??= {};
  for (const raw of nluDocuments) {
    const doc = NluDocumentSchema.parse(raw);
    for (const [intent, examples] of Object.entries(doc.intents)) {
      const entry = (bot.intents[intent] ??= {});
      entry.examples = { ...entry.examples, [doc.locale]: [...(entry.examples?.[doc.locale] ?? []), ...examples] };
    }
    for (const [intent, examples] of Object.entries(doc.contextExamples ?? {})) {
      const entry = (bot.intents[intent] ??= {});
      entry.contextExamples = [...(entry.contextExamples ?? []), ...examples.map((e) => ({ locale: doc.locale, ...e }))];
    }
  }
  return bot;
}
