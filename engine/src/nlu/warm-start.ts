// The starting point of a fine-tune (see fine-tune.ts): the previous model's weights, mapped onto the new label set.
import type { FeaturizerConfig } from './featurize.ts';
import type { IntentModelWeights } from './model.ts';

/**
 * The starting weights for `labels`, copied from `previous` by label name: kept intents keep their output column,
 * new ones get a fresh column (the trainer's own initialisation, from `random`), removed ones are dropped. The
 * embedding is shared by every class, so it is copied whole.
 */
export function warmStartWeights(
  previous: IntentModelWeights, labels: string[], featurizer: FeaturizerConfig, hidden: number, random: () => number,
): IntentModelWeights {
  if (!sameFeaturizer(previous.featurizer, featurizer) || previous.hidden !== hidden) {
    throw new Error('warm start needs the same featurizer and hidden width as the model it starts from');
  }
  if (hidden === 0) {
    // A linear model's embedding has one column per intent: it carries over only when the intents are the same.
    if (labels.length !== previous.labels.length || labels.some((l, i) => previous.labels[i] !== l)) {
      throw new Error('warm start of a linear model needs the same intents: its embedding has one column per intent');
    }
    const { members: _single, ...rest } = previous;
    return { ...rest, embedding: previous.embedding.slice(), embeddingBias: previous.embeddingBias.slice() };
  }
  const classes = labels.length;
  const before = new Map(previous.labels.map((l, i) => [l, i]));
  const oldClasses = previous.labels.length;
  const output = new Float32Array(hidden * classes);
  const outputBias = new Float32Array(classes);
  const limit = Math.sqrt(6 / (hidden + classes));
  labels.forEach((label, c) => {
    const old = before.get(label);
    for (let j = 0; j < hidden; j++) {
      output[j * classes + c] = old === undefined ? (random() * 2 - 1) * limit : (previous.output[j * oldClasses + old] as number);
    }
    if (old !== undefined) outputBias[c] = previous.outputBias[old] as number;
  });
  return {
    labels,
    featurizer,
    hidden,
    embedding: previous.embedding.slice(),
    embeddingBias: previous.embeddingBias.slice(),
    output,
    outputBias,
  };
}

export function sameFeaturizer(a: FeaturizerConfig, b: FeaturizerConfig): boolean {
  return a.buckets === b.buckets && a.contextBuckets === b.contextBuckets && a.maxFeatures === b.maxFeatures &&
    a.charNgrams[0] === b.charNgrams[0] && a.charNgrams[1] === b.charNgrams[1] &&
    a.wordNgrams[0] === b.wordNgrams[0] && a.wordNgrams[1] === b.wordNgrams[1];
}
