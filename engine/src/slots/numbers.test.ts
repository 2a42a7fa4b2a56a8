import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, parseDigits, parseEnglishNumberWord } from './numbers.ts';

describe('parseChineseNumeral', () => {
  it.each([
    ['一', 1], ['两', 2], ['二', 2], ['九', 9], ['十', 10], ['十二', 12], ['二十', 20], ['二十五', 25], ['九十九', 99],
  ])('%s → %i', (text, value) => {
    expect(parseChineseNumeral(text)).toBe(value);
  });

  it.each(['一二', '十十', '二十两', '百', '', '零十'])('rejects %j', (text) => {
    expect(parseChineseNumeral(text)).toBeNull();
  });
});

describe('parseDigits', () => {
  it('reads ASCII and full-width digits', () => {
    expect(parseDigits('12')).toBe(12);
    expect(parseDigits('３')).toBe(3);
    expect(parseDigits('１２')).toBe(12);
  });
});

describe('parseEnglishNumberWord', () => {
  it.each([
    ['one', 1], ['Seven', 7], ['twelve', 12], ['nineteen', 19], ['twenty', 20], ['twenty-one', 21], ['ninety nine', 99],
  ])('%s → %i', (text, value) => {
    expect(parseEnglishNumberWord(text)).toBe(value);
  });

  it.each(['a', 'ten-one', 'twenty-twenty', 'hundred'])('rejects %j', (text) => {
    expect(parseEnglishNumberWord(text)).toBeNull();
  });
});
