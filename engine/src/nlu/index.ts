// Public surface of the intent classifier, also importable alone as `@statecraft/engine/nlu`: a process that only
// trains or classifies (the eval CLI, a serving process) then skips the dialogue engine (chrono-node, XState, zod:
// about 36 MiB of RSS when imported).
export { DEFAULT_FEATURIZER, featurize, normalizeText, type ClassifyContext, type FeaturizerConfig, type SparseFeatures } from './featurize.ts';
export { forward, type IntentModelWeights } from './model.ts';
export { DEFAULT_TRAIN_OPTIONS, predict, trainIntentModel, type TrainingExample, type TrainOptions, type TrainResult } from './train.ts';
export { exportIntentModelToOnnx, readIntentModelMetadata, ONNX_IO, type IntentModelMetadata } from './onnx-export.ts';
export {
  OnnxClassifier, RANKING_SIZE, WeightsClassifier, packBatch, rankProbabilities,
  type Classifier, type ClassifyRequest, type IntentScore, type OrtLike, type OrtSessionLike, type OrtTensorLike,
} from './classifier.ts';
export { seededRandom, shuffleInPlace } from './random.ts';
export { addedExamples, DEFAULT_FINE_TUNE, fineTuneExamples, fineTuneIntentModel, type FineTunePlan, type FineTuneResult } from './fine-tune.ts';
export { warmStartWeights } from './warm-start.ts';
export { isModelTier, MODEL_TIERS, tierOptions, type ModelTier } from './tiers.ts';
export { fastestPass, quantile, scoreIntents, TIMING_PASSES, thresholdForRejectRate, type IntentMetrics } from './metrics.ts';
export { findFlips, type Flip, type FlipProbe } from './flips.ts';
