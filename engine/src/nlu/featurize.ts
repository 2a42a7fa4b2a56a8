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

const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units, salted by feature kind. */
function hash(kind: number, s: string): number {
  let h = (0x811c9dc5 ^ kind) >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const KIND_CHAR = 0x11;
const KIND_WORD = 0x22;
const KIND_STATE = 0x33;
const KIND_PREV = 0x44;

/**
 * Reusable per-call scratch. `featurize` is synchronous, so one set per thread serves every call; a bucket's slot is
 * valid only when its stamp equals the current call's generation, which spares clearing 32k entries per call.
 */
const scratch: {
  generation: number;
  stamp: Int32Array;
  slot: Int32Array;
  ids: Int32Array;
  counts: Int32Array;
  codePoints: Int32Array;
  tokenStart: Int32Array;
  tokenEnd: Int32Array;
  weights: Float64Array;
} = {
  generation: 0,
  stamp: new Int32Array(0),
  slot: new Int32Array(0),
  ids: new Int32Array(256),
  counts: new Int32Array(256),
  codePoints: new Int32Array(256),
  tokenStart: new Int32Array(64),
  tokenEnd: new Int32Array(64),
  weights: new Float64Array(256),
};

let nIds = 0;
let bucketsNow = 1;
/** Counts one hashed n-gram. Module-level rather than a closure: it runs ~150 times per utterance. */
function addFeature(h: number): void {
  const m = bucketsNow;
  // (h >>> 0) % m without leaving small integers: h >>> 0 can exceed 2^31, which V8 would divide as a double.
  // The sum is below 2m, so subtracting m when it is at least m finishes the reduction a second % would do; branch-free,
  // because whether it is holds at random (a branch here mispredicts half the time and costs more than the %).
  const sum = ((h >>> 1) % m) * 2 + (h & 1);
  const id = sum - (m & ((m - 1 - sum) >> 31));
  if (scratch.stamp[id] === scratch.generation) {
    const at = scratch.slot[id] as number;
    scratch.counts[at] = (scratch.counts[at] as number) + 1;
    return;
  }
  if (nIds === scratch.ids.length) {
    scratch.ids = grown(scratch.ids, nIds + 1);
    scratch.counts = grown(scratch.counts, nIds + 1);
  }
  scratch.stamp[id] = scratch.generation;
  scratch.slot[id] = nIds;
  scratch.ids[nIds] = id;
  scratch.counts[nIds++] = 1;
}

function prepareScratch(textBuckets: number): void {
  if (scratch.stamp.length < textBuckets) {
    scratch.stamp = new Int32Array(textBuckets);
    scratch.slot = new Int32Array(textBuckets);
    scratch.generation = 0;
  }
  if (++scratch.generation === 0x7fffffff) {
    scratch.stamp.fill(0);
    scratch.generation = 1;
  }
}

/** `a`, or a copy at least twice as long when it cannot hold `needed` entries. */
function grown<A extends Int32Array | Float64Array>(a: A, needed: number): A {
  if (needed <= a.length) return a;
  const b = new (a.constructor as new (length: number) => A)(Math.max(needed, a.length * 2));
  b.set(a);
  return b;
}

/** Word tokens are runs of [a-z0-9#'] and single CJK characters (or entity placeholders); everything else separates them. */
function isWordUnit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x23 || c === 0x27;
}
function isCjkUnit(c: number): boolean {
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xe001 && c <= 0xe003);
}

/** Whether the texts are written mostly in CJK characters rather than Latin letters (counted over all of them). */
export function mostlyCjk(texts: readonly string[]): boolean {
  let cjk = 0;
  let latin = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i) | 0x20; // ASCII letters folded to lower case
      if (c >= 0x61 && c <= 0x7a) latin++;
      else if (isCjkUnit(text.charCodeAt(i))) cjk++;
    }
  }
  return cjk > latin;
}

/**
 * Featurizes one utterance: hashed character n-grams and word n-grams with sublinear term frequency,
 * L2-normalised; then context features (weight 1) in their own reserved buckets so that they never
 * collide with text features.
 *
 * Each n-gram is hashed in place, code unit by code unit (FNV-1a is a left fold, so this equals hashing the n-gram's
 * string), with no substring built: this runs on every turn and every training example. `featurize.test.ts` pins it
 * to the plain string-building definition.
 */
export function featurize(text: string, config: FeaturizerConfig, context?: ClassifyContext): SparseFeatures {
  const textBuckets = config.buckets - config.contextBuckets;
  prepareScratch(textBuckets);
  nIds = 0;
  bucketsNow = textBuckets;


  const norm = normalizeText(text);
  // Code points of BEGIN + norm + END (as Array.from would split them).
  const cps = (scratch.codePoints = grown(scratch.codePoints, norm.length + 2));
  let len = 0;
  cps[len++] = BEGIN.charCodeAt(0);
  for (let i = 0; i < norm.length; ) {
    const cp = norm.codePointAt(i) as number;
    cps[len++] = cp;
    i += cp > 0xffff ? 2 : 1;
  }
  cps[len++] = END.charCodeAt(0);

  const [cMin, cMax] = config.charNgrams;
  for (let n = cMin; n <= cMax; n++) {
    for (let i = 0; i + n <= len; i++) {
      // Skip the lone boundary markers: they are in every utterance and say nothing.
      if (n === 1 && (i === 0 || i === len - 1)) continue;
      let h = (0x811c9dc5 ^ KIND_CHAR) >>> 0;
      for (let k = i; k < i + n; k++) {
        const cp = cps[k] as number;
        if (cp > 0xffff) {
          h = Math.imul(h ^ (((cp - 0x10000) >> 10) + 0xd800), FNV_PRIME);
          h = Math.imul(h ^ (((cp - 0x10000) & 0x3ff) + 0xdc00), FNV_PRIME);
        } else {
          h = Math.imul(h ^ cp, FNV_PRIME);
        }
      }
      addFeature(h);
    }
  }

  const [wMin, wMax] = config.wordNgrams;
  if (wMax > 0) {
    let nTokens = 0;
    for (let i = 0; i < norm.length; ) {
      const c = norm.charCodeAt(i);
      let end = i;
      if (isWordUnit(c)) {
        end = i + 1;
        while (end < norm.length && isWordUnit(norm.charCodeAt(end))) end++;
      } else if (isCjkUnit(c)) {
        end = i + 1;
      } else {
        i++;
        continue;
      }
      if (nTokens === scratch.tokenStart.length) {
        scratch.tokenStart = grown(scratch.tokenStart, nTokens + 1);
        scratch.tokenEnd = grown(scratch.tokenEnd, nTokens + 1);
      }
      scratch.tokenStart[nTokens] = i;
      scratch.tokenEnd[nTokens++] = end;
      i = end;
    }
    const { tokenStart, tokenEnd } = scratch;
    for (let n = Math.max(1, wMin); n <= wMax; n++) {
      for (let i = 0; i + n <= nTokens; i++) {
        let h = (0x811c9dc5 ^ KIND_WORD) >>> 0;
        for (let t = i; t < i + n; t++) {
          if (t > i) h = Math.imul(h ^ 0x20, FNV_PRIME); // the space joining the words
          for (let k = tokenStart[t] as number; k < (tokenEnd[t] as number); k++) h = Math.imul(h ^ norm.charCodeAt(k), FNV_PRIME);
        }
        addFeature(h);
      }
    }
  }

  const contextSlots = (context?.state ? 1 : 0) + (context?.prevIntent ? 1 : 0);
  const kept = Math.min(nIds, config.maxFeatures - contextSlots); // very long texts: keep the opening
  const ids = new Int32Array(kept + contextSlots);
  const values = new Float32Array(kept + contextSlots);
  const weight = (scratch.weights = grown(scratch.weights, kept));
  let sumSq = 0;
  for (let i = 0; i < kept; i++) {
    const count = scratch.counts[i] as number;
    const w = count === 1 ? 1 : 1 + Math.log(count); // most n-grams occur once: skip the log
    weight[i] = w;
    sumSq += w * w;
  }
  const norm2 = sumSq > 0 ? 1 / Math.sqrt(sumSq) : 0;
  for (let i = 0; i < kept; i++) {
    ids[i] = scratch.ids[i] as number;
    values[i] = (weight[i] as number) * norm2;
  }
  let k = kept;
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
