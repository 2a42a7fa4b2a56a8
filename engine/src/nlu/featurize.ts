// Text → sparse hashed feature vector. The one featurizer used in training, on the server and in the browser.

/** How an utterance becomes features. Saved with every model so inference featurizes exactly as training did. */
export interface FeaturizerConfig {
  /** Size of the hashed feature space (a power of two). The last `contextBuckets` of it hold context features. */
  buckets: number;
  /** Buckets reserved for context features (current state, previous intent). */
  contextBuckets: number;
  /** Inclusive range of character n-gram lengths. Character n-grams carry Chinese, which has no spaces. */
  charNgrams: [number, number];
  /** Inclusive range of word n-gram lengths over Latin/digit tokens; [0, 0] turns them off. */
  wordNgrams: [number, number];
  /** Upper bound on features per utterance, which bounds the ONNX input width. */
  maxFeatures: number;
}

export const DEFAULT_FEATURIZER: FeaturizerConfig = {
  buckets: 1 << 15,
  contextBuckets: 1 << 10,
  charNgrams: [1, 4],
  wordNgrams: [1, 2],
  maxFeatures: 512,
};

/** What the bot knows about the conversation that can change an utterance's meaning. */
export interface ClassifyContext {
  state?: string | null;
  prevIntent?: string | null;
}

/** Sparse vector: parallel arrays of bucket ids and weights, ids unique. */
export interface SparseFeatures {
  ids: Int32Array;
  values: Float32Array;
}

const DIGITS = /[0-9]+/g;
const SPACES = /\s+/g;
const TOKEN = /[a-z0-9#']+|[\u3400-\u9fff\uf900-\ufaff\ue001-\ue003]/g;
// Placeholders the caller may put in place of recognised slot values (see `maskEntities`). Kept as is.
const BEGIN = '\u0002';
const END = '\u0003';

/**
 * Canonical form of an utterance: NFKC (full-width → half-width, compatibility forms), lower case,
 * one space between words, and every digit run as `#` so "3张" and "12张" share features.
 */
export function normalizeText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(DIGITS, '#').replace(SPACES, ' ').trim();
}

/** FNV-1a over UTF-16 code units, salted by feature kind. */
function hash(kind: number, s: string): number {
  let h = (0x811c9dc5 ^ kind) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const KIND_CHAR = 0x11;
const KIND_WORD = 0x22;
const KIND_STATE = 0x33;
const KIND_PREV = 0x44;

/**
 * Featurizes one utterance: hashed character n-grams and word n-grams with sublinear term frequency,
 * L2-normalised; then context features (weight 1) in their own reserved buckets so that they never
 * collide with text features.
 */
export function featurize(text: string, config: FeaturizerConfig, context?: ClassifyContext): SparseFeatures {
  const textBuckets = config.buckets - config.contextBuckets;
  const counts = new Map<number, number>();
  const add = (kind: number, gram: string) => {
    const id = hash(kind, gram) % textBuckets;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  };

  const norm = normalizeText(text);
  const chars = Array.from(BEGIN + norm + END);
  const [cMin, cMax] = config.charNgrams;
  for (let n = cMin; n <= cMax; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      // Skip the lone boundary markers: they are in every utterance and say nothing.
      if (n === 1 && (i === 0 || i === chars.length - 1)) continue;
      add(KIND_CHAR, chars.slice(i, i + n).join(''));
    }
  }
  const [wMin, wMax] = config.wordNgrams;
  if (wMax > 0) {
    const tokens = norm.match(TOKEN) ?? [];
    for (let n = Math.max(1, wMin); n <= wMax; n++) {
      for (let i = 0; i + n <= tokens.length; i++) add(KIND_WORD, tokens.slice(i, i + n).join(' '));
    }
  }

  let entries = [...counts.entries()];
  const contextSlots = (context?.state ? 1 : 0) + (context?.prevIntent ? 1 : 0);
  const room = config.maxFeatures - contextSlots;
  if (entries.length > room) entries = entries.slice(0, room); // very long texts: keep the opening
  let sumSq = 0;
  for (const e of entries) {
    e[1] = 1 + Math.log(e[1]);
    sumSq += e[1] * e[1];
  }
  const norm2 = sumSq > 0 ? 1 / Math.sqrt(sumSq) : 0;

  const ids = new Int32Array(entries.length + contextSlots);
  const values = new Float32Array(entries.length + contextSlots);
  entries.forEach(([id, v], i) => {
    ids[i] = id;
    values[i] = v * norm2;
  });
  let k = entries.length;
  if (context?.state) {
    ids[k] = textBuckets + (hash(KIND_STATE, context.state) % config.contextBuckets);
    values[k++] = 1;
  }
  if (context?.prevIntent) {
    ids[k] = textBuckets + (hash(KIND_PREV, context.prevIntent) % config.contextBuckets);
    values[k++] = 1;
  }
  // Two context features could share a bucket; merge so ids stay unique.
  if (contextSlots === 2 && ids[k - 1] === ids[k - 2]) {
    values[k - 2] = (values[k - 2] ?? 0) + 1;
    return { ids: ids.subarray(0, k - 1), values: values.subarray(0, k - 1) };
  }
  return { ids, values };
}
