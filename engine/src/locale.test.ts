import { describe, expect, it } from 'vitest';
import { detectLocale, latinAlternative } from './locale.ts';

describe('detectLocale', () => {
  it.each([
    ['帮我订张票', 'zh-CN'],
    ['我想订一张去Boston的票', 'zh-CN'],
    ['去Tokyo', 'zh-CN'],
    ['帮我book一张ticket', 'zh-CN'],
    ['我要订一张去New York的票', 'zh-CN'],
    ['北京 to 上海', 'zh-CN'],
    ['book a ticket to Boston', 'en-US'],
    ['book a ticket to 北京', 'en-US'],
    ['I want to fly from 上海 to 北京 tomorrow', 'en-US'],
    ['can you change it to 广州?', 'en-US'],
  ] as const)('%s → %s', (text, locale) => {
    expect(detectLocale(text)).toBe(locale);
  });

  it('keeps the conversation locale for a short Latin reply, and takes Chinese at once', () => {
    expect(detectLocale('ok', 'zh-CN')).toBe('zh-CN');
    expect(detectLocale('yes please', 'zh-CN')).toBe('zh-CN');
    expect(detectLocale('yes please book it', 'zh-CN')).toBe('en-US');
    expect(detectLocale('好的', 'en-US')).toBe('zh-CN');
    expect(detectLocale('123')).toBe('zh-CN');
    expect(detectLocale('123', 'en-US')).toBe('en-US');
  });
});

describe('latinAlternative', () => {
  it('offers English for a short Latin reply in a Chinese conversation, and nothing when there is no doubt', () => {
    expect(latinAlternative('my orders', 'zh-CN')).toBe('en-US');
    expect(latinAlternative('ok', 'zh-CN')).toBe('en-US');
    expect(latinAlternative('show my orders', 'zh-CN')).toBeNull(); // three words: detectLocale already says English
    expect(latinAlternative('my orders', 'en-US')).toBeNull();
    expect(latinAlternative('my orders')).toBeNull();
    expect(latinAlternative('去Boston', 'zh-CN')).toBeNull();
    expect(latinAlternative('123', 'zh-CN')).toBeNull();
  });
});

