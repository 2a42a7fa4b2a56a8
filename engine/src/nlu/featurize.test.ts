import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURIZER, featurize, normalizeText, type ClassifyContext, type FeaturizerConfig, type SparseFeatures } from './featurize.ts';
import { seededRandom } from './random.ts';

/**
 * The featurizer's definition, written the plain way (build each n-gram's string, hash it, count in a Map). The real
 * `featurize` hashes in place for speed; models trained before that change, and the browser/server parity, depend on
 * the two giving exactly the same ids and values.
 */
function referenceFeaturize(text: string, config: FeaturizerConfig, context?: ClassifyContext): SparseFeatures {
  const hash = (kind: number, s: string) => {
    let h = (0x811c9dc5 ^ kind) >>> 0;
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const textBuckets = config.buckets - config.contextBuckets;
  const counts = new Map<number, number>();
  const add = (kind: number, gram: string) => {
    const id = hash(kind, gram) % textBuckets;
    counts.set(id, (counts.get(id) ?? 0) + 1);
  };
  const norm = normalizeText(text);
  const chars = Array.from('\u0002' + norm + '\u0003');
  for (let n = config.charNgrams[0]; n <= config.charNgrams[1]; n++) {
    for (let i = 0; i + n <= chars.length; i++) {
      if (n === 1 && (i === 0 || i === chars.length - 1)) continue;
      add(0x11, chars.slice(i, i + n).join(''));
    }
  }
  if (config.wordNgrams[1] > 0) {
    const tokens = norm.match(/[a-z0-9#']+|[\u3400-\u9fff\uf900-\ufaff\ue001-\ue003]/g) ?? [];
    for (let n = Math.max(1, config.wordNgrams[0]); n <= config.wordNgrams[1]; n++) {
      for (let i = 0; i + n <= tokens.length; i++) add(0x22, tokens.slice(i, i + n).join(' '));
    }
  }
  let entries = [...counts.entries()];
  const contextSlots = (context?.state ? 1 : 0) + (context?.prevIntent ? 1 : 0);
  entries = entries.slice(0, config.maxFeatures - contextSlots);
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
    ids[k] = textBuckets + (hash(0x33, context.state) % config.contextBuckets);
    values[k++] = 1;
  }
  if (context?.prevIntent) {
    ids[k] = textBuckets + (hash(0x44, context.prevIntent) % config.contextBuckets);
    values[k++] = 1;
  }
  if (contextSlots === 2 && ids[k - 1] === ids[k - 2]) {
    values[k - 2] = (values[k - 2] ?? 0) + 1;
    return { ids: ids.subarray(0, k - 1), values: values.subarray(0, k - 1) };
  }
  return { ids, values };
}

// Pieces that exercise every branch: Latin words and apostrophes, digits, CJK (and its compatibility block), full-width
// forms that NFKC folds, entity placeholders, emoji (surrogate pairs), lone surrogates, the boundary markers themselves.
const PIECES = [
  'book', ' a ', 'TICKET', "don't", ' ', '  ', '3', '12', '#', '订', '票', '去北京', '明天', '退订', '豈', 'ＡＢＣ', '３张',
  '\ue001', '\ue002', '\ue003', '😀', '👍🏽', '\ud800', '\udc00x', '\u0002', '\u0003', 'é', 'ß', '!', '?', '，', '。', '-', '\t',
];

function randomText(random: () => number): string {
  const n = 1 + Math.floor(random() * 12);
  let s = '';
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)];
  return s;
}

const CONFIGS: FeaturizerConfig[] = [
  DEFAULT_FEATURIZER,
  { buckets: 1 << 14, contextBuckets: 1 << 10, charNgrams: [1, 3], wordNgrams: [1, 2], maxFeatures: 512 },
  { buckets: 1 << 12, contextBuckets: 1 << 6, charNgrams: [2, 5], wordNgrams: [0, 0], maxFeatures: 40 },
  { buckets: 1 << 16, contextBuckets: 1 << 8, charNgrams: [1, 1], wordNgrams: [2, 3], maxFeatures: 16 },
];

const CONTEXTS: (ClassifyContext | undefined)[] = [undefined, { state: 'booking.confirm' }, { state: 'idle', prevIntent: 'book' }, { prevIntent: 'x' }];

describe('featurize', () => {
  it('gives exactly the ids and values of the string-building definition, on 8,000 random texts and four configurations', () => {
    const random = seededRandom(20261206);
    let compared = 0;
    for (let i = 0; i < 2000; i++) {
      const text = randomText(random);
      for (const config of CONFIGS) {
        const context = CONTEXTS[i % CONTEXTS.length];
        const fast = featurize(text, config, context);
        const reference = referenceFeaturize(text, config, context);
        expect([...fast.ids], text).toEqual([...reference.ids]);
        expect([...fast.values], text).toEqual([...reference.values]);
        compared++;
      }
    }
    expect(compared).toBe(8000);
  });

  it('agrees on a very long text, where the feature cap keeps the opening', () => {
    const random = seededRandom(7);
    const text = Array.from({ length: 400 }, () => randomText(random)).join(' ');
    const fast = featurize(text, DEFAULT_FEATURIZER);
    expect(fast.ids.length).toBe(DEFAULT_FEATURIZER.maxFeatures);
    expect([...fast.ids]).toEqual([...referenceFeaturize(text, DEFAULT_FEATURIZER).ids]);
    expect([...fast.values]).toEqual([...referenceFeaturize(text, DEFAULT_FEATURIZER).values]);
  });

  it('returns fresh arrays: a later call does not change an earlier result', () => {
    const first = featurize('我要退票', DEFAULT_FEATURIZER);
    const copy = [...first.ids];
    featurize('book a ticket to Boston tomorrow', DEFAULT_FEATURIZER);
    expect([...first.ids]).toEqual(copy);
  });
});
