import { describe, expect, it } from 'vitest';
import { parseChineseNumeral, parseDigits, parseEnglishAmount, parseEnglishNumberWord, parseLargeChineseNumeral } from './numbers.ts';

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

describe('parseLargeChineseNumeral', () => {
  it.each([
    ['一百', 100], ['百', 100], ['两百', 200], ['一百零五', 105], ['一百二十', 120], ['一百五', 150], ['两千三', 2300],
    ['三千', 3000], ['一万', 10000], ['一万二', 12000], ['一万零一百', 10100],
  ])('%s → %i', (text, value) => {
    expect(parseLargeChineseNumeral(text)).toBe(value);
  });

  it.each(['二十', '一二百', '百千', '一百千', '千万别'])('rejects %j', (text) => {
    expect(parseLargeChineseNumeral(text)).toBeNull();
  });
});

describe('parseEnglishAmount', () => {
  it.each([
    ['a hundred', 100], ['one hundred', 100], ['Two  Hundred', 200], ['a hundred and fifty', 150], ['3 thousand', 3000],
    ['a couple of', 2], ['half a dozen', 6], ['twelve', 12],
  ])('%s → %i', (text, value) => {
    expect(parseEnglishAmount(text)).toBe(value);
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
