// The forgetting guard's core: which utterances a retrained model classifies differently from the previous one.
import type { ClassifyRequest, Classifier } from './classifier.ts';

export interface FlipProbe extends ClassifyRequest {
  /** The label the utterance is meant to have (training example or regression set), if known. */
  expected?: string;
  /** Where the probe comes from, for the report ("examples", "regression"). */
  source: string;
}

export interface Flip {
  text: string;
  source: string;
  expected: string | null;
  before: string;
  after: string;
}

/**
 * Runs both models over the probes and returns every probe whose top intent changed. A flip towards the expected label
 * is still reported: the point is that nothing changes behind the author's back.
 *
 * @example
 * const flips = await findFlips(previous, next, examples.map((e) => ({ text: e.text, expected: e.intent, source: 'examples' })));
 */
export async function findFlips(previous: Classifier, next: Classifier, probes: readonly FlipProbe[]): Promise<Flip[]> {
  const [before, after] = await Promise.all([previous.classifyMany(probes), next.classifyMany(probes)]);
  return probes.flatMap((probe, i) => {
    const was = before[i]?.[0]?.name ?? '';
    const now = after[i]?.[0]?.name ?? '';
    return was === now ? [] : [{ text: probe.text, source: probe.source, expected: probe.expected ?? null, before: was, after: now }];
  });
}
