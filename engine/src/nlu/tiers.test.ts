import { describe, expect, it } from 'vitest';
import { mostlyCjk } from './featurize.ts';
import { MODEL_TIERS, tierOptions } from './tiers.ts';

const chinese = ['帮我订一张明天去北京的票', '查一下周杰伦的歌', '打开 WiFi'];
const english = ['book a ticket to Boston', 'what is the weather in 北京', 'play some jazz'];

describe('mostlyCjk', () => {
  it('counts Chinese characters against Latin letters over all the texts', () => {
    expect(mostlyCjk(chinese)).toBe(true);
    expect(mostlyCjk(english)).toBe(false);
    expect(mostlyCjk(['订票 BOOK'])).toBe(false); // 2 characters, 4 letters
    expect(mostlyCjk(['订一张票 OK'])).toBe(true); // 4 characters, 2 letters
    expect(mostlyCjk([])).toBe(false);
  });
});

describe('tierOptions', () => {
  it('gives Chinese training data the larger hashed space of tiers that declare one, Latin data the default', () => {
    expect(tierOptions('balanced').featurizer?.buckets).toBe(1 << 15);
    expect(tierOptions('balanced', english).featurizer?.buckets).toBe(1 << 15);
    expect(tierOptions('balanced', chinese).featurizer?.buckets).toBe(1 << 16);
    expect(tierOptions('accurate', chinese).featurizer?.buckets).toBe(1 << 16);
    expect(tierOptions('fast', chinese).featurizer?.buckets).toBe(MODEL_TIERS.fast.featurizer.buckets);
    expect(tierOptions('balanced', chinese)).not.toHaveProperty('cjkBuckets');
  });

  it('returns a fresh object each time: changing it leaves the tier alone', () => {
    const options = tierOptions('balanced', chinese);
    options.featurizer?.charNgrams?.splice(0, 2, 9, 9);
    options.epochs = 99;
    expect(tierOptions('balanced')).toMatchObject({ epochs: 6, featurizer: { charNgrams: [1, 4], wordNgrams: [1, 2] } });
  });
});
